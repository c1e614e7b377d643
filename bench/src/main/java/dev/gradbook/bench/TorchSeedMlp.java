package dev.gradbook.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch side of the epoch benchmark: trains the same seed MLP with
 * {@code bench/pytorch/seed_mlp.py} in a child process and reads the timings it reports.
 *
 * <p>The script prints a line per epoch (passed on to the caller as progress) and, last, one line
 * of JSON such as
 * <pre>
 * {"torch": "1.13.1", "threads": 2, "dtype": "f32", "epoch_seconds": [6.1, 5.2, 5.3],
 *  "test_loss": 0.41, "test_accuracy": 0.8511}
 * </pre>
 * from which {@link #parseResult(String)} takes the epoch times and the test accuracy.
 *
 * <p>PyTorch is optional: {@link #find} looks for it the same way {@link TorchReference} does
 * (Debian's {@code /usr/bin/python3}, then the PATH's {@code python3}) and otherwise says how to
 * install it.
 */
final class TorchSeedMlp {
    /** Where the script lives, relative to the project root. */
    static final String SCRIPT = "bench/pytorch/seed_mlp.py";

    private static final Pattern EPOCH_SECONDS = Pattern.compile("\"epoch_seconds\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Pattern TEST_ACCURACY = Pattern.compile("\"test_accuracy\"\\s*:\\s*([-+0-9.eE]+|NaN)");
    private static final Pattern THREADS = Pattern.compile("\"threads\"\\s*:\\s*(\\d+)");
    private static final Pattern VERSION = Pattern.compile("\"torch\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern DTYPE = Pattern.compile("\"dtype\"\\s*:\\s*\"([^\"]*)\"");

    /** How many lines of the script's other output to keep for an error message. */
    private static final int KEPT_LINES = 30;

    private final Path python;
    private final Path script;

    private TorchSeedMlp(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /**
     * The PyTorch side, or empty with the reason in {@code whyNot}.
     *
     * @param projectRoot the folder holding {@code bench/pytorch/seed_mlp.py}
     */
    static Optional<TorchSeedMlp> find(Path projectRoot, StringBuilder whyNot) {
        Path script = projectRoot.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            whyNot.append("the PyTorch script ").append(script).append(" is missing (run ./gradbook from the"
                    + " project folder, or set -Dgradbook.home to it)");
            return Optional.empty();
        }
        return TorchReference.findPython(whyNot).map(python -> new TorchSeedMlp(python, script));
    }

    /**
     * Trains the seed MLP in PyTorch and waits for it.
     *
     * @param data     folder of the four MNIST-layout IDX files
     * @param epochs   how many epochs
     * @param threads  PyTorch's intra-op threads ({@code torch.set_num_threads})
     * @param blasThreads OpenBLAS's threads for the matrix products ({@code OPENBLAS_NUM_THREADS})
     * @param dtype    {@code f32} or {@code f64}
     * @param progress receives every line the script prints except the final JSON line
     * @return the run, as the script reported it
     * @throws IOException if the script cannot start, fails, or prints no result line
     */
    EpochRun run(Path data, int epochs, int threads, int blasThreads, String dtype, Consumer<String> progress)
            throws IOException, InterruptedException {
        List<String> command = List.of(python.toString(), script.toString(), data.toString(),
                "--epochs", Integer.toString(epochs), "--threads", Integer.toString(threads), "--dtype", dtype);
        Process process = TorchReference.limitThreads(new ProcessBuilder(command).redirectErrorStream(true), threads,
                blasThreads).start();
        String result = null;
        Deque<String> recent = new ArrayDeque<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    result = line;
                } else {
                    progress.accept(line);
                    recent.addLast(line);
                    if (recent.size() > KEPT_LINES) {
                        recent.removeFirst();
                    }
                }
            }
        }
        int status = process.waitFor();
        if (status != 0) {
            throw new IOException(SCRIPT + " exited with status " + status + "; the end of its output:\n"
                    + String.join("\n", recent));
        }
        if (result == null) {
            throw new IOException(SCRIPT + " finished but printed no JSON result line; the end of its output:\n"
                    + String.join("\n", recent));
        }
        EpochRun run = parseResult(result);
        return blasThreads == threads ? run : new EpochRun(run.runner(), run.engine() + " BLAS " + blasThreads,
                run.threads(), run.dtype(), run.epochSeconds(), run.testAccuracy());
    }

    /**
     * Reads the JSON line {@code seed_mlp.py} prints last. This is not a general JSON parser: it
     * picks out the few fields the benchmark needs from the flat object the script writes, which
     * keeps the bench module free of a JSON library.
     *
     * @param line the script's last line
     * @return the run: engine {@code torch <version>}, the reported threads, dtype, epoch times and
     *         test accuracy
     * @throws IllegalArgumentException naming the missing or malformed field and showing the line
     */
    static EpochRun parseResult(String line) {
        Matcher seconds = EPOCH_SECONDS.matcher(line);
        if (!seconds.find()) {
            throw badLine("no \"epoch_seconds\": [...] list", line);
        }
        List<Double> epochSeconds = new ArrayList<>();
        for (String number : seconds.group(1).split(",")) {
            if (number.isBlank()) {
                continue;
            }
            try {
                epochSeconds.add(Double.parseDouble(number.trim()));
            } catch (NumberFormatException e) {
                throw badLine("\"epoch_seconds\" holds '" + number.trim() + "', which is not a number", line);
            }
        }
        if (epochSeconds.isEmpty()) {
            throw badLine("\"epoch_seconds\" is empty (did the script train for zero epochs?)", line);
        }
        Matcher accuracy = TEST_ACCURACY.matcher(line);
        if (!accuracy.find()) {
            throw badLine("no numeric \"test_accuracy\"", line);
        }
        double testAccuracy;
        try {
            testAccuracy = Double.parseDouble(accuracy.group(1));
        } catch (NumberFormatException e) {
            throw badLine("\"test_accuracy\" is '" + accuracy.group(1) + "', which is not a number", line);
        }
        Matcher threads = THREADS.matcher(line);
        Matcher version = VERSION.matcher(line);
        Matcher dtype = DTYPE.matcher(line);
        return new EpochRun("pytorch", "torch " + (version.find() ? version.group(1) : "?"),
                threads.find() ? Integer.parseInt(threads.group(1)) : 0,
                dtype.find() ? dtype.group(1).toUpperCase(Locale.ROOT) : "?", epochSeconds, testAccuracy);
    }

    private static IllegalArgumentException badLine(String problem, String line) {
        String shown = line.length() > 300 ? line.substring(0, 300) + " ..." : line;
        return new IllegalArgumentException("bench-epoch: cannot read the result line of " + SCRIPT + ": " + problem
                + " — is the script from another version of gradbook? The line was: " + shown);
    }
}
