package dev.gradbook.cli;

import dev.gradbook.autograd.DType;
import dev.gradbook.bench.BenchMain;
import dev.gradbook.cli.Converters.BackendName;
import dev.gradbook.cli.Converters.DTypeName;
import dev.gradbook.cli.Converters.PositiveInt;
import dev.gradbook.cli.Converters.PositiveNumber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gradbook bench}: the benchmark students run ({@link BenchMain}). Each option is a field
 * of {@link BenchMain.Options}, with its default.
 */
@Command(name = "bench",
        header = "Every backend (and PyTorch) on the same work: table, CSV, PNG chart.",
        description = {
            "Times the same work on every backend, and in PyTorch when it is installed: matrix products, the"
                + " seed MLP's products, element-wise ops, softmax and a training step, in F32 and F64. Prints a"
                + " table and writes bench.csv and a bench.png chart.",
            "Figures from one run compare with each other; on a shared machine absolute times drift"
                + " between runs, so compare ratios."})
final class BenchCommand implements Callable<Integer> {
    private static final BenchMain.Options DEFAULTS = BenchMain.Options.defaults();

    @ParentCommand
    private Gradbook gradbook;

    @Option(names = "--quick", description = "Fewer, smaller workloads and at most 0.1 s per measurement: a first look.")
    boolean quick = DEFAULTS.quick();

    @Option(names = "--backends", paramLabel = "NAME", split = ",", converter = BackendName.class,
            description = "The backends to time, e.g. naive,simd (default: every available one, naive first).")
    List<String> backends = DEFAULTS.backends();

    @Option(names = "--dtypes", paramLabel = "f32|f64", split = ",", converter = DTypeName.class,
            description = "The dtypes to time each workload in (default: f32,f64).")
    List<DType> dtypes = DEFAULTS.dtypes();

    @Option(names = "--out", paramLabel = "DIR",
            description = "The folder for bench.csv and bench.png (default: ${DEFAULT-VALUE}).")
    Path out = DEFAULTS.out();

    @Option(names = "--min-seconds", paramLabel = "S", converter = PositiveNumber.class,
            description = "Keep timing each measurement this long and report the median (default: ${DEFAULT-VALUE}).")
    double minSeconds = DEFAULTS.minSeconds();

    @Option(names = "--torch-threads", paramLabel = "N", converter = PositiveInt.class,
            description = "Threads PyTorch may use (default: ${DEFAULT-VALUE}, the cores of this machine).")
    int torchThreads = DEFAULTS.torchThreads();

    @Option(names = "--no-torch", description = "Leave PyTorch out, even when it is installed.")
    boolean noTorch = !DEFAULTS.torch();

    @Option(names = "--filter", paramLabel = "TEXT",
            description = "Only the workloads whose name contains TEXT (e.g. 128x784x512), or a group: matmul,"
                    + " seed-matmul, elementwise, softmax, training.")
    String filter = DEFAULTS.filter();

    /** The benchmark's options as the command line gives them. */
    BenchMain.Options options() {
        return new BenchMain.Options(quick, backends, dtypes, out, minSeconds, torchThreads, !noTorch, filter);
    }

    /**
     * The simd backend's background warm-up, which a training program wants (it compiles the
     * kernels while data loads), only competes with the bench: the bench warms up each measurement
     * itself, and the warm-up thread, busy for about a second of one core, made the first
     * workload of a run look up to twice as slow in some runs (seed forward product, F32, five
     * runs each: 0.48-1.08 ms with it, 0.49-0.53 ms without). So the bench turns it off, unless
     * {@code JAVA_OPTS} says otherwise.
     */
    static final String SIMD_WARMUP_PROPERTY = "gradbook.simd.warmup";

    /**
     * Turns the warm-up off for this JVM unless it was set already. {@link Gradbook#execute} calls
     * it before parsing a {@code bench} command line, because parsing {@code --backends} already
     * creates the backends (and so would start the warm-up).
     */
    static void turnOffBackgroundWarmup() {
        if (System.getProperty(SIMD_WARMUP_PROPERTY) == null) {
            System.setProperty(SIMD_WARMUP_PROPERTY, "false");
        }
    }

    @Override
    public Integer call() throws Exception {
        BenchMain.run(options(), gradbook.out());
        return 0;
    }
}
