package dev.gradbook.cli;

import dev.gradbook.autograd.DType;
import dev.gradbook.cli.Converters.BackendName;
import dev.gradbook.cli.Converters.DTypeName;
import dev.gradbook.cli.Converters.PositiveInt;
import dev.gradbook.layers.examples.SeedLesson;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gradbook mnist}: the seed lesson ({@link SeedLesson}). Each option is a field of
 * {@link SeedLesson.Options}, with the recipe's value as its default.
 */
@Command(name = "mnist",
        header = "The seed lesson: Keras' MNIST MLP on the bundled real digits.",
        description = {
            "Builds Keras' MNIST multilayer perceptron line for line, prints its summary, trains it with the"
                + " seed recipe (RMSprop, batches of 128, 20 epochs, F32) with a progress bar, and prints the test"
                + " loss and accuracy.",
            "Trains on the 8,000/2,000 real digits bundled with gradbook unless --data or --synthetic says"
                + " otherwise."})
final class MnistCommand implements Callable<Integer> {
    private static final SeedLesson.Options RECIPE = SeedLesson.Options.recipe();

    @ParentCommand
    private Gradbook gradbook;

    @Spec
    private CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", converter = PositiveInt.class,
            description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs = RECIPE.epochs();

    @Option(names = "--batch-size", paramLabel = "N", converter = PositiveInt.class,
            description = "Samples per gradient step (default: ${DEFAULT-VALUE}).")
    int batchSize = RECIPE.batchSize();

    @Option(names = "--seed", paramLabel = "N",
            description = "Seeds the initial weights, the dropout masks and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed = RECIPE.seed();

    @Option(names = "--backend", paramLabel = "NAME", converter = BackendName.class,
            description = "Compute on this backend: naive, ejml, simd, ... (default: the fastest available).")
    String backend = RECIPE.backend();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Train on the four MNIST-layout IDX files in DIR, for example Fashion-MNIST from"
                    + " Debian's dataset-fashion-mnist in /usr/share/datasets/fashion-mnist (default: the bundled"
                    + " digits).")
    Path data = RECIPE.data();

    @Option(names = "--synthetic", paramLabel = "N", converter = PositiveInt.class,
            description = "Train on N generated samples instead (at least 10): a quick check that everything runs.")
    int synthetic = RECIPE.synthetic();

    @Option(names = "--verbose", paramLabel = "0|1|2", converter = Verbosity.class,
            description = "0 silent, 1 a progress bar, 2 one line per epoch (default: ${DEFAULT-VALUE}).")
    int verbose = RECIPE.verbose();

    @Option(names = "--dtype", paramLabel = "f32|f64", converter = DTypeName.class,
            description = "Precision of every tensor: f32 as Keras trains, f64 to compare (default: ${DEFAULT-VALUE}).")
    DType dtype = RECIPE.dtype();

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the loss and accuracy curves to FILE.png.")
    Path plot = RECIPE.plot();

    @Option(names = "--save-weights", paramLabel = "FILE.safetensors",
            description = "Save the trained weights to FILE.safetensors.")
    Path saveWeights = RECIPE.saveWeights();

    @Option(names = "--diagram", paramLabel = "FILE.svg", description = "Draw the model's layers to FILE.svg.")
    Path diagram = RECIPE.diagram();

    /** The lesson's options as the command line gives them. */
    SeedLesson.Options options() {
        if (data != null && synthetic > 0) {
            throw new ParameterException(spec.commandLine(), "--data and --synthetic exclude each other: train on"
                    + " the files in a folder or on generated samples");
        }
        if (synthetic > 0 && synthetic < 10) {
            throw new ParameterException(spec.commandLine(), "--synthetic needs at least 10 samples (8 to train,"
                    + " 2 to test), got " + synthetic);
        }
        return new SeedLesson.Options(epochs, batchSize, seed, backend, data, synthetic, verbose, dtype, plot,
                saveWeights, diagram);
    }

    @Override
    public Integer call() {
        SeedLesson.run(options(), gradbook.out());
        return 0;
    }

    /** Keras' verbosity levels. */
    static final class Verbosity implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return switch (text.trim()) {
                case "0", "1", "2" -> Integer.parseInt(text.trim());
                default -> throw new TypeConversionException("must be 0 (silent), 1 (progress bar) or 2 (one line"
                        + " per epoch), got '" + text + "'");
            };
        }
    }
}
