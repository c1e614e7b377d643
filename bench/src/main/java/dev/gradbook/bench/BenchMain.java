package dev.gradbook.bench;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The benchmark students run: {@code ./gradbook bench}. Times the standard workloads
 * ({@link Workloads}) on every available backend in F32 and F64 — and in PyTorch when it is
 * installed — then prints a table, and writes {@code bench.csv} and a {@code bench.png} chart.
 *
 * <pre>
 * ./gradbook bench [--quick] [--backends naive,ejml,simd] [--dtypes f32,f64] [--out DIR]
 *                  [--min-seconds 0.3] [--torch-threads N] [--no-torch] [--filter TEXT]
 * </pre>
 * (the {@code gradbook-cli} module reads those options into {@link Options} and calls {@link #run}).
 *
 * Figures from one run are comparable with each other; absolute times drift between runs on a
 * shared machine, so compare ratios.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /**
     * Options of one benchmark run ({@code ./gradbook bench --help} describes each).
     *
     * @param quick        fewer, smaller workloads, and at most 0.1 s of timing per measurement
     * @param backends     the backends to time, or null for every available one (naive first)
     * @param dtypes       the dtypes to time each workload in
     * @param out          the folder for {@code bench.csv} and {@code bench.png}
     * @param minSeconds   how long to keep timing each measurement (its median is reported)
     * @param torchThreads the threads PyTorch may use
     * @param torch        false to leave PyTorch out even when it is installed
     * @param filter       keeps the workloads whose name contains it or whose group it is ("" keeps all)
     */
    public record Options(boolean quick, List<String> backends, List<DType> dtypes, Path out, double minSeconds,
                          int torchThreads, boolean torch, String filter) {

        /**
         * A quick run caps {@code minSeconds} at 0.1 s.
         *
         * @throws NullPointerException if {@code dtypes}, {@code out} or {@code filter} is null, or
         *                              an element of {@code backends} or {@code dtypes} is
         */
        public Options {
            if (backends != null) {
                NullChecks.requireNoNullElements(backends, "BenchMain.Options", "backends");
            }
            NullChecks.requireNoNullElements(dtypes, "BenchMain.Options", "dtypes");
            Objects.requireNonNull(out, "BenchMain.Options: out is null");
            Objects.requireNonNull(filter, "BenchMain.Options: filter is null; \"\" keeps every workload");
            if (quick) {
                minSeconds = Math.min(minSeconds, 0.1); // a quick run is a quick look: never linger
            }
        }

        /**
         * The full benchmark: every available backend, F32 and F64, at least 0.3 s per measurement,
         * PyTorch (when installed) on every core, results in {@code bench-results}.
         */
        public static Options defaults() {
            return new Options(false, null, List.of(DType.F32, DType.F64), Path.of("bench-results"), 0.3,
                    Runtime.getRuntime().availableProcessors(), true, "");
        }
    }

    /**
     * Times the workloads that {@code options} select on each backend and dtype (and in PyTorch),
     * prints the table and writes {@code bench.csv} and {@code bench.png}.
     *
     * @return every measurement, in the order taken
     */
    public static List<Result> run(Options options, PrintStream out) throws IOException, InterruptedException {
        Objects.requireNonNull(options, "BenchMain.run: options is null");
        Objects.requireNonNull(out, "BenchMain.run: out is null");
        List<String> backends = options.backends() != null ? options.backends() : naiveFirst(Backends.available());
        backends.forEach(Backends::get); // an unknown name fails now, listing the available ones
        List<Workload> workloads = Workloads.standard(options.quick()).stream()
                .filter(w -> w.name().contains(options.filter()) || w.group().equals(options.filter())).toList();
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("no workload matches --filter '" + options.filter()
                    + "'; give part of a workload name (e.g. 128x784x512) or a group: matmul, seed-matmul,"
                    + " elementwise, softmax, training");
        }
        out.printf(Locale.ROOT, "gradbook bench — %d cores, Java %s, %s; backends %s; dtypes %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.arch"), backends, options.dtypes());

        List<Result> results = new ArrayList<>();
        DType previous = Tensor.defaultDType();
        try {
            for (DType dtype : options.dtypes()) {
                for (String backend : backends) {
                    Tensor.setDefaultDType(dtype);
                    try (Scope scope = Backends.use(backend)) {
                        for (Workload w : workloads) {
                            Runnable work = w.setup().get();
                            double seconds = Stopwatch.median(work, options.minSeconds());
                            Result r = new Result(w, backend, dtype.name(), seconds);
                            results.add(r);
                            out.printf(Locale.ROOT, "  %-5s %-4s %-34s %10.3f ms%n", backend, dtype, w.name(),
                                    seconds * 1e3);
                        }
                    }
                }
            }
        } finally {
            Tensor.setDefaultDType(previous);
        }

        if (options.torch()) {
            StringBuilder whyNot = new StringBuilder();
            Optional<TorchReference> torch = TorchReference.find(projectRoot(), whyNot);
            if (torch.isEmpty()) {
                out.println("PyTorch reference skipped: " + whyNot);
            } else {
                for (DType dtype : options.dtypes()) {
                    out.printf(Locale.ROOT, "  torch %s (%d threads) ...%n", dtype, options.torchThreads());
                    Map<String, Double> seconds = torch.get().time(workloads, dtype.name().toLowerCase(Locale.ROOT),
                            options.minSeconds(), options.torchThreads());
                    torch.get().lastBlasCore().ifPresent(core -> out.printf(Locale.ROOT, "    (OpenBLAS chose its %s"
                            + " kernels%s)%n", core, System.getenv("OPENBLAS_CORETYPE") == null
                            ? "; if they are not your CPU's, set OPENBLAS_CORETYPE, e.g. SkylakeX or Haswell" : ""));
                    for (Workload w : workloads) {
                        Double s = seconds.get(w.spec());
                        if (s != null) {
                            results.add(new Result(w, "torch", dtype.name(), s));
                        }
                    }
                }
            }
        }

        Report report = new Report(results);
        report.printTable(out);
        Files.createDirectories(options.out());
        Path csv = options.out().resolve("bench.csv");
        Path png = options.out().resolve("bench.png");
        report.writeCsv(csv);
        report.writePng(png);
        out.println();
        out.println("Wrote " + csv + " and " + png);
        return results;
    }

    private static List<String> naiveFirst(List<String> available) {
        List<String> ordered = new ArrayList<>(available);
        if (ordered.remove("naive")) {
            ordered.add(0, "naive");
        }
        return ordered;
    }

    /** Where bench/pytorch lives: the launcher passes {@code -Dgradbook.home}; else the working dir. */
    static Path projectRoot() {
        String home = System.getProperty("gradbook.home");
        return home != null ? Path.of(home) : Path.of("").toAbsolutePath();
    }
}
