package dev.gradbook.layers.examples;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Activation;
import dev.gradbook.layers.Dense;
import dev.gradbook.layers.Dropout;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.History;
import dev.gradbook.layers.Layer;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.plot.ModelDiagram;
import dev.gradbook.layers.plot.TrainingCurves;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The seed lesson: Keras' MNIST multilayer perceptron, line for line. Build the model, print its
 * summary, train it with the seed recipe (RMSprop, categorical cross-entropy, batches of 128, 20
 * epochs), evaluate it on the test digits.
 *
 * <p>{@code ./gradbook mnist} runs it ({@code ./gradbook mnist --help} lists the options, which are
 * the fields of {@link Options}); from Java or JShell, {@code SeedLesson.run(Options.recipe(), System.out)}.
 * The data comes from {@link LessonData}: the 8,000/2,000 real digits bundled with gradbook, a
 * folder of MNIST-layout IDX files, or generated samples for a quick check.
 */
public final class SeedLesson {
    private SeedLesson() {
    }

    /**
     * What to run.
     *
     * @param epochs      passes over the training data
     * @param batchSize   samples per gradient step
     * @param seed        seeds the initial weights, the dropout masks and the shuffling
     * @param backend     the backend to compute on, or null for the default (the fastest available)
     * @param data        a folder of the four MNIST-layout IDX files, or null for the bundled digits
     * @param synthetic   if above 0, train on that many generated samples instead of {@code data}
     * @param verbose     0 silent, 1 a progress bar, 2 one line per epoch (as in Keras)
     * @param dtype       the precision of the tensors: F32 as Keras trains, F64 to compare
     * @param plot        where to draw the training curves (PNG), or null
     * @param saveWeights where to save the trained weights (safetensors), or null
     * @param diagram     where to draw the model (SVG), or null
     */
    public record Options(int epochs, int batchSize, long seed, String backend, Path data, int synthetic,
                          int verbose, DType dtype, Path plot, Path saveWeights, Path diagram) {

        /** Checks that no component is null (the null policy of {@code dev.gradbook.autograd}). */
        public Options {
            Objects.requireNonNull(dtype, "SeedLesson.Options: dtype is null");
        }

        /** The seed recipe: 20 epochs of batches of 128, seed 42, the bundled digits, F32, a progress bar. */
        public static Options recipe() {
            return new Options(20, 128, 42, null, null, 0, 1, DType.F32, null, null, null);
        }
    }

    /** Builds, trains and evaluates the seed model; returns the test {@code [loss, accuracy]}. */
    public static double[] run(Options options, PrintStream out) {
        Objects.requireNonNull(options, "SeedLesson.run: options is null");
        Objects.requireNonNull(out, "SeedLesson.run: out is null");
        // Before a minute of training, not after it: every output must have a folder to go to.
        requireWritable("--save-weights", options.saveWeights());
        requireWritable("--plot", options.plot());
        requireWritable("--diagram", options.diagram());
        DType previous = Tensor.defaultDType();
        Tensor.setDefaultDType(options.dtype()); // every tensor made from here on has this dtype
        try (Scope backend = options.backend() == null ? () -> { } : Backends.use(options.backend())) {
            return train(options, out);
        } finally {
            Tensor.setDefaultDType(previous);
        }
    }

    private static double[] train(Options options, PrintStream out) {
        // Pick the backend before loading: one that prepares itself in the background (simd
        // compiles its kernels) then does so while the data is being read.
        Backends.current();
        LessonData data = options.synthetic() > 0 ? LessonData.synthetic(options.synthetic(), options.seed())
                : LessonData.load(options.data());
        out.println("Backend: " + Backends.current().name() + " | dtype: " + options.dtype() + " | data: "
                + data.source() + " | " + data.xTrain().size(0) + " train, " + data.xTest().size(0) + " test samples");

        Sequential model = seedModel(options.seed());
        model.setOutput(out, out == System.out && System.console() != null);
        model.summary();
        long start = System.nanoTime();
        History history = model.fit(data.xTrain(), data.yTrain(), new FitOptions()
                .batchSize(options.batchSize())
                .epochs(options.epochs())
                .verbose(options.verbose())
                .validationData(data.xTest(), data.yTest()));
        double seconds = (System.nanoTime() - start) / 1e9;

        double[] score = model.evaluate(data.xTest(), data.yTest());
        out.printf(Locale.ROOT, "Test loss: %.4f%n", score[0]);
        out.printf(Locale.ROOT, "Test accuracy: %.4f%n", score[1]);
        out.printf(Locale.ROOT, "Trained %d epochs in %.1f s (%.2f s/epoch)%n", history.epochs().size(), seconds,
                seconds / history.epochs().size());
        saveOutputs(options, model, history, out);
        return score;
    }

    /**
     * The seed lesson's model, line for line as in the Keras tutorial, compiled with its recipe:
     * RMSprop, categorical cross-entropy, accuracy. The benchmarks train exactly this model.
     */
    public static Sequential seedModel(long seed) {
        Sequential model = new Sequential(seed);
        model.add(Dense.units(512).inputDim(784)); // Keras: Dense(512, input_shape=(784,))
        model.add(new Activation("relu"));
        model.add(new Dropout(0.2));
        model.add(Dense.units(512));
        model.add(new Activation("relu"));
        model.add(new Dropout(0.2));
        model.add(Dense.units(10));
        model.add(new Activation("softmax"));
        model.compile("rmsprop", "categorical_crossentropy", "accuracy");
        return model;
    }

    /** Fails, naming the option and the path, if {@code file} could not be written once training is done. */
    static void requireWritable(String option, Path file) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        String problem = Files.isDirectory(file) ? "is a folder; give a file name inside it"
                : folder == null || !Files.isDirectory(folder) ? "cannot be written: the folder " + folder
                        + " does not exist (create it first)"
                : !Files.isWritable(folder) ? "cannot be written: no permission to write into " + folder
                : null;
        if (problem != null) {
            throw new IllegalArgumentException(option + " " + file + " " + problem + "; nothing was trained yet");
        }
    }

    /** Writes what the options ask for: the weights, the training curves, the model diagram. */
    private static void saveOutputs(Options options, Sequential model, History history, PrintStream out) {
        Path file = null; // the one being written, for the message if it fails
        try {
            if (options.saveWeights() != null) {
                file = options.saveWeights();
                model.saveWeights(file);
                out.println("Saved weights to " + file);
            }
            if (options.plot() != null) {
                file = options.plot();
                TrainingCurves.writePng(file, history.history());
                out.println("Saved training curves to " + file);
            }
            if (options.diagram() != null) {
                file = options.diagram();
                ModelDiagram.write(file, diagramOf(model));
                out.println("Saved model diagram to " + file);
            }
        } catch (IOException e) {
            // NoSuchFileException's message is just a path: its class name says what went wrong
            throw new IllegalStateException("could not write " + file + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The model's Dense layers as diagram columns, each captioned with the activation after it. */
    static List<ModelDiagram.Layer> diagramOf(Sequential model) {
        List<ModelDiagram.Layer> columns = new ArrayList<>();
        columns.add(ModelDiagram.Layer.input(model.inputShape()[model.inputShape().length - 1]));
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dense dense) {
                String activation = dense.activation().kerasName();
                if (i + 1 < layers.size() && layers.get(i + 1) instanceof Activation a) {
                    activation = a.function().kerasName();
                }
                columns.add(new ModelDiagram.Layer(model.layerName(dense), dense.units(), activation));
            }
        }
        return columns;
    }
}
