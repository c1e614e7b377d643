package dev.gradbook.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same workloads in PyTorch, in the same benchmark run, so the comparison is side by side
 * rather than against a number measured some other day. PyTorch is optional: Debian's
 * {@code python3-torch} (with {@code libopenblas0-pthread} for a fast BLAS) provides it; without
 * it the benchmark says how to install it and carries on.
 */
final class TorchReference {
    private final Path python;
    private Optional<String> lastBlasCore = Optional.empty();
    private final Path script;

    private TorchReference(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** The reference, or a reason why it is not available. */
    static Optional<TorchReference> find(Path projectRoot, StringBuilder whyNot) {
        Path script = projectRoot.resolve("bench/pytorch/ops_bench.py");
        if (!Files.isRegularFile(script)) {
            whyNot.append("the PyTorch script ").append(script).append(" is missing");
            return Optional.empty();
        }
        return findPython(whyNot).map(python -> new TorchReference(python, script));
    }

    /**
     * A Python that can {@code import torch}: Debian's {@code /usr/bin/python3} first (where
     * {@code python3-torch} installs it, even when a virtual environment's {@code python3} comes
     * first on the PATH), then whatever {@code python3} the PATH finds. Shared by every benchmark
     * that runs a PyTorch script, so they all run the same interpreter.
     *
     * @param whyNot receives how to install PyTorch when no candidate has it
     * @return the interpreter, or empty (and a reason in {@code whyNot})
     */
    static Optional<Path> findPython(StringBuilder whyNot) {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(Path.of(candidate));
                }
            } catch (IOException e) {
                // try the next candidate
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        whyNot.append("PyTorch is not installed; to compare against it, install Debian's python3-torch and"
                + " libopenblas0-pthread (apt-get install python3-torch libopenblas0-pthread)");
        return Optional.empty();
    }

    /**
     * Limits a PyTorch process to {@code torchThreads} threads of its own and {@code blasThreads}
     * for its matrix products. The script's {@code --threads} ({@code torch.set_num_threads}) sets
     * only PyTorch's own OpenMP threads; Debian's pthread OpenBLAS, which does the matmuls, starts
     * as many threads as {@code OPENBLAS_NUM_THREADS} says, and one per core when it says nothing.
     * Without this, "PyTorch on 1 thread" would still multiply on every core.
     *
     * @param process      the process to start, changed in place
     * @param torchThreads PyTorch's OpenMP threads
     * @param blasThreads  OpenBLAS's threads; equal to {@code torchThreads} for a comparison at
     *                     equal cores
     * @return {@code process}
     */
    static ProcessBuilder limitThreads(ProcessBuilder process, int torchThreads, int blasThreads) {
        process.environment().put("OMP_NUM_THREADS", Integer.toString(torchThreads));
        process.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(blasThreads));
        // makes OpenBLAS print which kernels it chose ("Core: Haswell") as it loads; see blasCore
        process.environment().put("OPENBLAS_VERBOSE", "2");
        return process;
    }

    /**
     * The kernels OpenBLAS chose, from the {@code Core: NAME} line it prints when
     * {@code OPENBLAS_VERBOSE=2}. This matters for a fair comparison: OpenBLAS picks its kernels
     * from the CPU's model number, and a version older than the CPU does not know it. Debian 12's
     * OpenBLAS 0.3.21 on an Intel Xeon of model 207 (a 2026 development VM) falls back to
     * {@code Prescott}, SSE3 kernels without AVX, and multiplies at a third of its speed;
     * {@code OPENBLAS_CORETYPE=SkylakeX} (AVX-512) or {@code Haswell} (AVX2) chooses for it.
     *
     * @param output the lines a PyTorch process printed
     * @return the kernel name, or empty when OpenBLAS said nothing (another BLAS, say)
     */
    static Optional<String> blasCore(List<String> output) {
        return output.stream().map(String::strip).filter(line -> line.startsWith("Core: "))
                .map(line -> line.substring("Core: ".length()).strip()).findFirst();
    }

    /** What {@link #blasCore} found in the last {@link #time} run's output, if anything. */
    Optional<String> lastBlasCore() {
        return lastBlasCore;
    }

    /**
     * Median seconds per workload spec, for one dtype ("f32" or "f64"), with PyTorch and its BLAS
     * both limited to {@code threads} threads, so that it is compared at equal cores.
     */
    Map<String, Double> time(List<Workload> workloads, String dtype, double minSeconds, int threads)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), "--dtype", dtype,
                "--min-seconds", Double.toString(minSeconds), "--threads", Integer.toString(threads)));
        workloads.forEach(w -> command.add(w.spec()));
        Process process = limitThreads(new ProcessBuilder(command).redirectErrorStream(true), threads, threads)
                .start();
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.split("\t");
                if (parts.length == 2) {
                    seconds.put(parts[0], Double.parseDouble(parts[1]));
                } else {
                    other.add(line);
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IOException("the PyTorch reference failed:\n" + String.join("\n", other));
        }
        lastBlasCore = blasCore(other);
        return seconds;
    }
}
