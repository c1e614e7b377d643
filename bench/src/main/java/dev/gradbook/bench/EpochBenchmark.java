package dev.gradbook.bench;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.data.Mnist;
import dev.gradbook.layers.data.MnistData;
import dev.gradbook.layers.examples.SeedLesson;
import dev.gradbook.layers.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Times whole training epochs of the seed MLP in gradbook and in PyTorch, one after the other in
 * the same run: {@code ./gradbook bench-epoch}.
 *
 * <pre>
 * ./gradbook bench-epoch [--data DIR] [--epochs N] [--backend NAME] [--dtype f32|f64]
 *                        [--torch-threads 1,2] [--rounds N] [--no-torch] [--out DIR]
 * </pre>
 * (the {@code gradbook-cli} module reads those options into {@link Options} and calls {@link #run}).
 *
 * <h2>What is measured</h2>
 * Both sides train the seed lesson's model ({@link SeedLesson#seedModel(long)}: Dense 512 relu,
 * Dropout 0.2, Dense 512 relu, Dropout 0.2, Dense 10 softmax; RMSprop; categorical
 * cross-entropy) in batches of 128 on the training split of an MNIST-layout folder —
 * by default the 60,000 Fashion-MNIST images of Debian's {@code dataset-fashion-mnist}. An epoch's
 * time runs from the start of the epoch to its end and covers shuffling, slicing the batches,
 * forward, backward and the optimizer step; there is no validation pass inside the epoch on either
 * side. gradbook's times come from a {@link Callback} that reads {@link System#nanoTime()} in
 * {@code onEpochBegin} and {@code onEpochEnd}; PyTorch's from {@code time.perf_counter()} around
 * the same loop in {@code bench/pytorch/seed_mlp.py}. Afterwards each side evaluates the trained
 * model on the test split, so the runs can be checked to have learned the same thing.
 *
 * <h2>How to read it</h2>
 * Epoch 1 includes warm-up (the JVM compiles the hot loops while it runs), so each run is summed
 * up by the median of epochs 2..N ({@link EpochRun#steadyMedian(List)}). The ratio column divides
 * each run's median by gradbook's: above 1 means slower than gradbook. The runs go one after the
 * other, never at the same time (they would fight for the same cores), and on a shared machine
 * their absolute times drift, so compare figures from the same run.
 */
public final class EpochBenchmark {
    /** Debian's {@code dataset-fashion-mnist} installs the four IDX files here. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /** The bundled digits as plain files in a source checkout: a small data set for a quick try. */
    public static final String BUNDLED_DIGITS = "layers/src/main/resources/dev/gradbook/layers/data/mnist";

    private static final int BATCH_SIZE = 128;
    private static final long SEED = 42;

    private EpochBenchmark() {
    }

    /**
     * What to run ({@code ./gradbook bench-epoch --help} describes each option).
     *
     * @param data         the folder of the four MNIST-layout IDX files
     * @param dataGiven    whether the user chose {@code data} (only changes the advice when it is missing)
     * @param epochs       epochs per run, at least 1
     * @param backend      the gradbook backend, or null for the default (the fastest available)
     * @param dtype        F32 or F64, on both sides
     * @param torchThreads one PyTorch run per entry, in this order
     * @param torchBlasThreads OpenBLAS's threads in every PyTorch run, or 0 for as many as that
     *                     run's PyTorch threads (equal cores)
     * @param torch        false to leave PyTorch out
     * @param out          the folder for {@code epoch.csv}
     * @param rounds       how many times to repeat the whole comparison, alternating the runners
     */
    public record Options(Path data, boolean dataGiven, int epochs, String backend, DType dtype,
                          List<Integer> torchThreads, int torchBlasThreads, boolean torch, Path out, int rounds) {

        /**
         * Checks the references; the numbers are checked where they are used.
         *
         * @throws NullPointerException if {@code data}, {@code dtype}, {@code torchThreads} (or one of
         *                              its elements) or {@code out} is null; {@code backend} may be
         *                              null, for the default backend
         */
        public Options {
            Objects.requireNonNull(data, "EpochBenchmark.Options: data is null");
            Objects.requireNonNull(dtype, "EpochBenchmark.Options: dtype is null");
            NullChecks.requireNoNullElements(torchThreads, "EpochBenchmark.Options", "torchThreads");
            Objects.requireNonNull(out, "EpochBenchmark.Options: out is null");
        }

        /**
         * The defaults: Fashion-MNIST from Debian's package, 3 epochs, the default backend, F32,
         * PyTorch with 1 and then 2 threads (OpenBLAS with as many), one round, {@code epoch.csv}
         * in {@code bench-results}.
         */
        public static Options defaults() {
            return new Options(FASHION_MNIST, false, 3, null, DType.F32, List.of(1, 2), 0, true,
                    Path.of("bench-results"), 1);
        }
    }

    /**
     * Trains in gradbook, then in PyTorch once per thread count, then prints the table and writes
     * {@code epoch.csv}.
     *
     * @return gradbook's run first, then the PyTorch runs that succeeded
     */
    public static List<EpochRun> run(Options options, PrintStream out) throws IOException, InterruptedException {
        Objects.requireNonNull(options, "EpochBenchmark.run: options is null");
        Objects.requireNonNull(out, "EpochBenchmark.run: out is null");
        checkData(options);
        String backendName;
        try {
            backendName = options.backend() != null ? Backends.get(options.backend()).name()
                    : Backends.current().name();
        } catch (IllegalArgumentException e) { // an unknown name: the message lists the available ones
            throw new IllegalArgumentException("--backend: " + e.getMessage(), e);
        }
        String dtype = options.dtype().name();
        String dtypeFlag = dtype.toLowerCase(Locale.ROOT);
        out.printf(Locale.ROOT, "gradbook bench-epoch — %s; %d cores, Java %s, %s%n",
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now().withNano(0)),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.arch"));
        out.printf(Locale.ROOT, "Seed MLP, batch %d, RMSprop, %s, %d epoch%s per run, data %s%n", BATCH_SIZE, dtype,
                options.epochs(), options.epochs() == 1 ? "" : "s", options.data());

        Optional<TorchSeedMlp> torch = Optional.empty();
        if (options.torch()) {
            StringBuilder whyNot = new StringBuilder();
            torch = TorchSeedMlp.find(BenchMain.projectRoot(), whyNot);
            if (torch.isEmpty()) {
                out.println("PyTorch skipped: " + whyNot + ". Carrying on with gradbook alone.");
            }
        }
        List<List<EpochRun>> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            if (options.rounds() > 1) {
                out.printf(Locale.ROOT, "Round %d of %d%n", round, options.rounds());
            }
            List<EpochRun> runs = new ArrayList<>();
            runs.add(trainGradbook(options, backendName, out));
            if (torch.isPresent()) {
                for (int threads : options.torchThreads()) {
                    int blas = options.torchBlasThreads() == 0 ? threads : options.torchBlasThreads();
                    out.printf(Locale.ROOT, "PyTorch, %d thread%s, OpenBLAS %d: training ...%n", threads,
                            threads == 1 ? "" : "s", blas);
                    try {
                        runs.add(torch.get().run(options.data(), options.epochs(), threads, blas, dtypeFlag,
                                line -> out.println("  " + line)));
                    } catch (IOException | IllegalArgumentException e) {
                        out.println("PyTorch with " + threads + " threads failed, left out of the table: "
                                + e.getMessage());
                    }
                }
            }
            rounds.add(runs);
        }

        for (int round = 0; round < rounds.size(); round++) {
            if (rounds.size() > 1) {
                out.printf(Locale.ROOT, "%nRound %d%n", round + 1);
            }
            printTable(rounds.get(round), out);
        }
        if (rounds.size() > 1) {
            printSummary(rounds, out);
        }
        List<EpochRun> runs = rounds.stream().flatMap(List::stream).toList();
        Files.createDirectories(options.out());
        Path csv = options.out().resolve("epoch.csv");
        AtomicFiles.write(csv, csv(rounds).getBytes(StandardCharsets.UTF_8));
        out.println();
        out.println("Wrote " + csv);
        return runs;
    }

    /** Fails early, saying how to get the data, if the data folder does not exist. */
    private static void checkData(Options options) {
        if (Files.isDirectory(options.data())) {
            return;
        }
        if (!options.dataGiven()) {
            throw new IllegalArgumentException("Fashion-MNIST is not installed: " + options.data()
                    + " does not exist. Install it with 'apt-get install dataset-fashion-mnist' (Debian), or pass"
                    + " --data DIR with any folder of the four MNIST-layout IDX files, e.g. the bundled digits:"
                    + " --data " + BUNDLED_DIGITS);
        }
        throw new IllegalArgumentException("--data " + options.data() + ": "
                + (Files.exists(options.data()) ? "is a file, not a folder" : "no such folder")
                + ". Pass a folder holding the four MNIST-layout IDX files (train-images-idx3-ubyte[.gz],"
                + " train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]),"
                + " e.g. " + FASHION_MNIST + " or " + BUNDLED_DIGITS);
    }

    /** The gradbook side: load the data, train the seed model with an epoch timer, evaluate. */
    private static EpochRun trainGradbook(Options options, String backendName, PrintStream out) {
        DType previous = Tensor.defaultDType();
        Tensor.setDefaultDType(options.dtype()); // tensors made from here on are F32 (or F64)
        try (Scope backend = Backends.use(backendName)) {
            MnistData mnist;
            try {
                mnist = Mnist.load(options.data());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot load the data from " + options.data() + ": "
                        + e.getMessage(), e);
            }
            Tensor xTrain = mnist.train().imageTensor();
            Tensor yTrain = mnist.train().labelTensor();
            Tensor xTest = mnist.test().imageTensor();
            Tensor yTest = mnist.test().labelTensor();
            int threads = gradbookThreads(backendName);
            out.printf(Locale.ROOT, "gradbook (%s backend, %d thread%s): %d train, %d test samples; training ...%n",
                    backendName, threads, threads == 1 ? "" : "s", xTrain.size(0), xTest.size(0));

            Sequential model = SeedLesson.seedModel(SEED);
            EpochTimer timer = new EpochTimer(options.epochs(), out);
            model.fit(xTrain, yTrain, new FitOptions()
                    .batchSize(BATCH_SIZE)
                    .epochs(options.epochs())
                    .verbose(0)
                    .callbacks(timer));
            double[] score = model.evaluate(xTest, yTest);
            out.printf(Locale.ROOT, "  test loss %.4f  test accuracy %.4f%n", score[0], score[1]);
            return new EpochRun("gradbook", backendName, threads, options.dtype().name(), timer.seconds(), score[1]);
        } finally {
            Tensor.setDefaultDType(previous);
        }
    }

    /**
     * How many threads a bundled gradbook backend computes on: {@code naive} runs on the calling
     * thread; {@code simd}'s worker pool and {@code ejml}'s large products use every core the JVM
     * sees, and so, we assume, does any other backend.
     */
    static int gradbookThreads(String backend) {
        return backend.equals("naive") ? 1 : Runtime.getRuntime().availableProcessors();
    }



    /**
     * Records the wall-clock time of every epoch of a {@code fit}. {@code fit} calls
     * {@code onEpochBegin} just before the first batch of an epoch and {@code onEpochEnd} just after
     * the last (no validation data is given, so nothing else happens in between); the time between
     * the two calls is the epoch. Progress is printed after the clock has stopped, so printing is
     * never timed.
     */
    static final class EpochTimer implements Callback {
        private final int epochs;
        private final PrintStream out;
        private final List<Double> seconds = new ArrayList<>();
        private long start;

        EpochTimer(int epochs, PrintStream out) {
            this.epochs = epochs;
            this.out = out;
        }

        @Override
        public void onEpochBegin(int epoch, Map<String, Double> logs) {
            start = System.nanoTime();
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            seconds.add(elapsed);
            out.printf(Locale.ROOT, "  epoch %d/%d  %.2fs  loss %.4f%n", epoch + 1, epochs, elapsed,
                    logs.getOrDefault("loss", Double.NaN));
        }

        /** Seconds of each finished epoch, epoch 1 first. */
        List<Double> seconds() {
            return List.copyOf(seconds);
        }
    }

    /** Each run's median epoch time divided by gradbook's (the first run's): above 1 is slower. */
    static double ratio(EpochRun run, EpochRun gradbook) {
        return run.medianSeconds() / gradbook.medianSeconds();
    }

    /** The result table: a row per run, gradbook first. */
    static void printTable(List<EpochRun> runs, PrintStream out) {
        EpochRun gradbook = runs.get(0);
        int epochs = gradbook.epochSeconds().size();
        List<String> perEpoch = runs.stream().map(r -> r.epochSeconds().stream()
                .map(s -> String.format(Locale.ROOT, "%.2f", s)).collect(Collectors.joining(" "))).toList();
        int epochWidth = Math.max("seconds per epoch".length(), perEpoch.stream().mapToInt(String::length).max()
                .orElse(0));
        String medianLabel = epochs <= 2 ? "epoch " + epochs : "median 2.." + epochs;
        String format = "%-16s %-8s %7s  %-" + epochWidth + "s  %12s  %11s  %9s%n";
        out.println();
        out.printf(Locale.ROOT, format, "runner", "engine", "threads", "seconds per epoch", medianLabel, "÷ gradbook",
                "test acc");
        for (int i = 0; i < runs.size(); i++) {
            EpochRun r = runs.get(i);
            out.printf(Locale.ROOT, format, r.runner(), r.engine().replace("torch ", ""), r.threads(),
                    perEpoch.get(i), String.format(Locale.ROOT, "%.2f s", r.medianSeconds()),
                    String.format(Locale.ROOT, "%.2f", ratio(r, gradbook)),
                    String.format(Locale.ROOT, "%.4f", r.testAccuracy()));
        }
        out.println();
        if (epochs == 1) {
            out.println("Only one epoch per run: its time includes warm-up (the JVM compiles the hot loops during"
                    + " it), so it overstates a steady epoch; use --epochs 3 or more.");
        } else {
            out.println("Epoch 1 includes warm-up (the JVM compiles the hot loops during it), so each run is summed up"
                    + (epochs == 2 ? " by epoch 2." : " by the median of epochs 2.." + epochs + "."));
        }
        out.println("÷ gradbook = a run's median epoch time divided by gradbook's: above 1 is slower than gradbook."
                + " The engine of a PyTorch run is its version.");
    }

    /**
     * With several rounds: per runner and thread count, the median over rounds of each run's median
     * epoch, and its ratio to gradbook's. Alternating the runners and taking medians is what makes
     * the comparison hold up on a machine whose speed drifts while it runs.
     */
    static void printSummary(List<List<EpochRun>> rounds, PrintStream out) {
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        for (List<EpochRun> runs : rounds) {
            for (EpochRun r : runs) {
                medians.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r.medianSeconds());
            }
        }
        double gradbook = medianOf(medians.get(key(rounds.get(0).get(0))));
        out.println();
        out.printf(Locale.ROOT, "Over %d rounds (median of the runs' medians):%n", rounds.size());
        for (Map.Entry<String, List<Double>> e : medians.entrySet()) {
            double median = medianOf(e.getValue());
            out.printf(Locale.ROOT, "  %-24s %6.2f s   ÷ gradbook %5.2f   (runs: %s)%n", e.getKey(), median,
                    median / gradbook, e.getValue().stream().map(v -> String.format(Locale.ROOT, "%.2f", v))
                            .collect(Collectors.joining(" ")));
        }
    }

    private static String key(EpochRun r) {
        return r.runner() + " " + r.engine().replace("torch ", "") + " " + r.threads() + "t";
    }

    /** The median of some numbers (the mean of the middle two for an even count). */
    static double medianOf(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * One CSV line per run, with its round; the epoch times are separated by semicolons in one
     * column, and the ratio is to gradbook's run of the same round.
     */
    static String csv(List<List<EpochRun>> rounds) {
        StringBuilder csv = new StringBuilder("round,runner,engine,threads,dtype,epochs,epoch_seconds,median_seconds,"
                + "ratio_to_gradbook,test_accuracy\n");
        for (int round = 0; round < rounds.size(); round++) {
            EpochRun gradbook = rounds.get(round).get(0);
            for (EpochRun r : rounds.get(round)) {
                csv.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%s,%d,%s,%.4f,%.4f,%.4f%n", round + 1, r.runner(),
                        r.engine(), r.threads(), r.dtype(), r.epochSeconds().size(),
                        r.epochSeconds().stream().map(v -> String.format(Locale.ROOT, "%.4f", v))
                                .collect(Collectors.joining(";")),
                        r.medianSeconds(), ratio(r, gradbook), r.testAccuracy()));
            }
        }
        return csv.toString();
    }
}
