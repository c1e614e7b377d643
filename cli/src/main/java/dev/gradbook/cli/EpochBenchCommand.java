package dev.gradbook.cli;

import dev.gradbook.autograd.DType;
import dev.gradbook.bench.EpochBenchmark;
import dev.gradbook.cli.Converters.BackendName;
import dev.gradbook.cli.Converters.DTypeName;
import dev.gradbook.cli.Converters.PositiveInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gradbook bench-epoch}: whole training epochs of the seed MLP in gradbook and in PyTorch
 * ({@link EpochBenchmark}). Each option is a field of {@link EpochBenchmark.Options}, with its
 * default.
 */
@Command(name = "bench-epoch",
        header = "Seed-MLP training epochs, gradbook and PyTorch in one run.",
        description = {
            "Times training epochs of the seed MLP (batch 128, RMSprop) in gradbook, then in PyTorch with each"
                + " thread count, one after the other in one run; prints a table and writes DIR/epoch.csv.",
            "Epoch 1 includes warm-up (the JVM compiles the hot loops during it), so each run is summed up by"
                + " the median of epochs 2..N.",
            "Without Fashion-MNIST, try it on the digits bundled in a source checkout:",
            "  ./gradbook bench-epoch --data " + EpochBenchmark.BUNDLED_DIGITS})
final class EpochBenchCommand implements Callable<Integer> {
    private static final EpochBenchmark.Options DEFAULTS = EpochBenchmark.Options.defaults();

    @ParentCommand
    private Gradbook gradbook;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The four MNIST-layout IDX files (default: ${DEFAULT-VALUE}, from Debian's"
                    + " dataset-fashion-mnist).")
    Path data = DEFAULTS.data();

    @Option(names = "--epochs", paramLabel = "N", converter = PositiveInt.class,
            description = "Epochs per run (default: ${DEFAULT-VALUE}); the median is over epochs 2..N.")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--backend", paramLabel = "NAME", converter = BackendName.class,
            description = "The gradbook backend (default: the fastest available).")
    String backend = DEFAULTS.backend();

    @Option(names = "--dtype", paramLabel = "f32|f64", converter = DTypeName.class,
            description = "Precision on both sides (default: ${DEFAULT-VALUE}).")
    DType dtype = DEFAULTS.dtype();

    @Option(names = "--torch-threads", paramLabel = "N", split = ",", converter = ThreadCount.class,
            description = "PyTorch thread counts, comma-separated, one run each (default: 1,2).")
    List<Integer> torchThreads = DEFAULTS.torchThreads();

    @Option(names = "--torch-blas-threads", paramLabel = "N", converter = PositiveInt.class,
            description = "OpenBLAS threads in every PyTorch run (OPENBLAS_NUM_THREADS; default: as many as the"
                    + " run's PyTorch threads, equal cores). On Debian's pthread OpenBLAS, 1 PyTorch thread with"
                    + " 2 BLAS threads can be PyTorch's fastest setting: --torch-threads 1 --torch-blas-threads 2.")
    Integer torchBlasThreads;

    @Option(names = "--rounds", paramLabel = "N", converter = PositiveInt.class,
            description = "Repeat the whole comparison N times, alternating the runners, and sum up by the median"
                    + " over rounds (default: ${DEFAULT-VALUE}; on a shared machine, 3 or more). Rounds after the"
                    + " first train in an already warm JVM.")
    int rounds = DEFAULTS.rounds();

    @Option(names = "--no-torch", description = "gradbook only.")
    boolean noTorch = !DEFAULTS.torch();

    @Option(names = "--out", paramLabel = "DIR", description = "The folder for epoch.csv (default: ${DEFAULT-VALUE}).")
    Path out = DEFAULTS.out();

    /** The benchmark's options as the command line gives them. */
    EpochBenchmark.Options options() {
        boolean dataGiven = spec.commandLine().getParseResult().hasMatchedOption("--data");
        return new EpochBenchmark.Options(data, dataGiven, epochs, backend, dtype, torchThreads,
                torchBlasThreads == null ? 0 : torchBlasThreads, !noTorch, out, rounds);
    }

    @Override
    public Integer call() throws Exception {
        EpochBenchmark.run(options(), gradbook.out());
        return 0;
    }

    /** One entry of the comma-separated {@code --torch-threads} list; its message shows the list's form. */
    static final class ThreadCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                return new PositiveInt().convert(text);
            } catch (TypeConversionException e) {
                throw new TypeConversionException("expects thread counts of at least 1 separated by commas, e.g. 1,2;"
                        + " got '" + text + "'");
            }
        }
    }
}
