package dev.gradbook.bench;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *
 * Figures from one run are comparable with each other; absolute times drift between runs on a
 * shared machine, so compare ratios.
 */
public final class BenchMain {
    private BenchMain() {
    }

    /**
     * Options of one benchmark run; {@code help} means {@code --help} or {@code -h} was given, and
     * the other fields then hold their defaults.
     */
    record Options(boolean quick, List<String> backends, List<DType> dtypes, Path out, double minSeconds,
                   int torchThreads, boolean torch, String filter, boolean help) {

        static Options parse(String... args) {
            boolean quick = false;
            List<String> backends = null;
            List<DType> dtypes = List.of(DType.F32, DType.F64);
            Path out = Path.of("bench-results");
            double minSeconds = 0.3;
            int torchThreads = Runtime.getRuntime().availableProcessors();
            boolean torch = true;
            String filter = "";
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    return new Options(false, null, dtypes, out, minSeconds, torchThreads, torch, filter, true);
                }
                switch (flag) {
                    case "--quick" -> quick = true;
                    case "--no-torch" -> torch = false;
                    case "--backends" -> backends = List.of(value(args, ++i, flag).split(","));
                    case "--dtypes" -> dtypes = Arrays.stream(value(args, ++i, flag).split(","))
                            .map(d -> {
                                try {
                                    return DType.parse(d);
                                } catch (IllegalArgumentException e) {
                                    throw new IllegalArgumentException("bench: --dtypes: " + e.getMessage());
                                }
                            }).toList();
                    case "--out" -> out = Path.of(value(args, ++i, flag));
                    case "--min-seconds" -> minSeconds = number(flag, value(args, ++i, flag));
                    case "--filter" -> filter = value(args, ++i, flag);
                    case "--torch-threads" -> torchThreads = (int) wholeNumber(flag, value(args, ++i, flag));
                    default -> throw new IllegalArgumentException("bench: unknown option " + flag + "\n" + usage());
                }
            }
            if (quick) {
                minSeconds = Math.min(minSeconds, 0.1);
            }
            return new Options(quick, backends, dtypes, out, minSeconds, torchThreads, torch, filter, false);
        }

        /** A positive number for {@code flag}, or a message naming the flag and what it got. */
        private static double number(String flag, String text) {
            try {
                double value = Double.parseDouble(text);
                if (value > 0 && Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("bench: " + flag + " needs a positive number, got '" + text + "'");
        }

        /** A positive whole number for {@code flag}, or a message naming the flag and what it got. */
        private static long wholeNumber(String flag, String text) {
            double value = number(flag, text);
            if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bench: " + flag + " needs a positive whole number, got '" + text + "'");
            }
            return (long) value;
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException("bench: " + flag + " needs a value\n" + usage());
            }
            return args[i];
        }

        static String usage() {
            return "usage: ./gradbook bench [--quick] [--backends naive,ejml,simd] [--dtypes f32,f64] [--out DIR]"
                    + " [--min-seconds S] [--torch-threads N] [--no-torch] [--filter TEXT] [--help]";
        }
    }

    /** Runs the benchmark; prints the usage for {@code --help}; exits with status 2 on bad options. */
    public static void main(String[] args) throws Exception {
        Cli.main(args, Options::parse, Options::help, Options.usage(), options -> run(options, System.out));
    }

    static List<Result> run(Options options, PrintStream out) throws IOException, InterruptedException {
        List<String> backends = options.backends() != null ? options.backends() : naiveFirst(Backends.available());
        backends.forEach(Backends::get); // an unknown name fails now, listing the available ones
        List<Workload> workloads = Workloads.standard(options.quick()).stream()
                .filter(w -> w.name().contains(options.filter()) || w.group().equals(options.filter())).toList();
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("bench: no workload matches --filter '" + options.filter()
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
