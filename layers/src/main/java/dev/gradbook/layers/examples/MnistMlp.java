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
import dev.gradbook.layers.data.Mnist;
import dev.gradbook.layers.data.MnistData;
import dev.gradbook.layers.plot.ModelDiagram;
import dev.gradbook.layers.plot.TrainingCurves;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The seed lesson: Keras' MNIST multilayer perceptron, line for line.
 *
 * <pre>
 * java ... dev.gradbook.layers.examples.MnistMlp [--epochs 20] [--batch-size 128] [--seed 42]
 *          [--backend naive] [--data DIR | --synthetic N] [--verbose 1]
 * </pre>
 *
 * Without {@code --data} it trains on the 8,000/2,000 digits bundled with gradbook; with
 * {@code --data DIR}, on the IDX files in {@code DIR}; with {@code --synthetic N}, on {@code N}
 * generated samples (a quick check that everything runs).
 */
public final class MnistMlp {
    private static final int PIXELS = 784;
    private static final int CLASSES = 10;

    private MnistMlp() {
    }

    /** Train and test data as tensors: images {@code [n, 784]} in [0, 1], one-hot labels {@code [n, 10]}. */
    record Data(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, String source) {
    }

    /** The command-line options, with the seed recipe's values as defaults. */
    record Options(int epochs, int batchSize, long seed, String backend, String dataDir, int synthetic, int verbose,
                   DType dtype, Path plot, Path saveWeights, Path diagram) {

        static Options parse(String... args) {
            int epochs = 20;
            int batchSize = 128;
            long seed = 42;
            String backend = null;
            String dataDir = null;
            int synthetic = 0;
            int verbose = 1;
            DType dtype = DType.F32;
            Path plot = null;
            Path saveWeights = null;
            Path diagram = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    throw new IllegalArgumentException(usage());
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("MnistMlp: " + flag + " needs a value\n" + usage());
                }
                String value = args[++i];
                switch (flag) {
                    case "--epochs" -> epochs = positiveInt(flag, value);
                    case "--batch-size" -> batchSize = positiveInt(flag, value);
                    case "--seed" -> seed = parseLong(flag, value);
                    case "--backend" -> backend = value;
                    case "--data" -> dataDir = value;
                    case "--synthetic" -> synthetic = positiveInt(flag, value);
                    case "--verbose" -> verbose = verbosity(value);
                    case "--dtype" -> dtype = parseDType(value);
                    case "--plot" -> plot = Path.of(value);
                    case "--save-weights" -> saveWeights = Path.of(value);
                    case "--diagram" -> diagram = Path.of(value);
                    default -> throw new IllegalArgumentException("MnistMlp: unknown option " + flag + "\n" + usage());
                }
            }
            return new Options(epochs, batchSize, seed, backend, dataDir, synthetic, verbose, dtype, plot, saveWeights,
                    diagram);
        }

        static String usage() {
            return "usage: MnistMlp [--epochs N] [--batch-size N] [--seed N] [--backend NAME]"
                    + " [--data DIR | --synthetic N] [--verbose 0|1|2] [--dtype f32|f64] [--plot FILE.png]"
                    + " [--save-weights FILE.safetensors] [--diagram FILE.svg]";
        }

        private static int positiveInt(String flag, String value) {
            long n = parseLong(flag, value);
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("MnistMlp: " + flag + " must be a positive whole number, got " + value);
            }
            return (int) n;
        }

        private static DType parseDType(String value) {
            try {
                return DType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MnistMlp: --dtype: " + e.getMessage());
            }
        }

        private static int verbosity(String value) {
            return switch (value.trim()) {
                case "0", "1", "2" -> Integer.parseInt(value.trim());
                default -> throw new IllegalArgumentException("MnistMlp: --verbose must be 0 (silent), 1 (progress bar)"
                        + " or 2 (one line per epoch), got '" + value + "'");
            };
        }

        private static long parseLong(String flag, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MnistMlp: " + flag + " expects a whole number, got '" + value + "'");
            }
        }
    }

    /** Runs the lesson; prints usage and exits with status 2 on bad options. */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(Options.usage());
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(options, System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("MnistMlp: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Builds, trains and evaluates the seed model; returns the test {@code [loss, accuracy]}. */
    static double[] run(Options options, PrintStream out) {
        DType previous = Tensor.defaultDType();
        // Training in single precision, as Keras does by default; F64 is there for comparison.
        Tensor.setDefaultDType(options.dtype());
        try (Scope backend = options.backend() == null ? () -> { } : Backends.use(options.backend())) {
            return train(options, out);
        } finally {
            Tensor.setDefaultDType(previous);
        }
    }

    private static double[] train(Options options, PrintStream out) {
        // Pick the backend before loading: a backend that prepares itself in the background (simd
        // compiles its kernels) then does so while the data is being read.
        Backends.current();
        Data data = options.synthetic() > 0 ? synthetic(options.synthetic(), options.seed()) : load(options.dataDir());
        out.println("Backend: " + Backends.current().name() + " | dtype: " + options.dtype() + " | data: " + data.source() + " | "
                + data.xTrain().size(0) + " train, " + data.xTest().size(0) + " test samples");

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
        save(options, model, history, out);
        return score;
    }

    /**
     * The seed lesson's model, line for line as in the Keras tutorial, compiled with its recipe:
     * RMSprop, categorical cross-entropy, accuracy. The benchmarks train exactly this model.
     */
    public static Sequential seedModel(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(512, PIXELS));
        model.add(new Activation("relu"));
        model.add(new Dropout(0.2));
        model.add(new Dense(512));
        model.add(new Activation("relu"));
        model.add(new Dropout(0.2));
        model.add(new Dense(CLASSES));
        model.add(new Activation("softmax"));
        model.compile("rmsprop", "categorical_crossentropy", "accuracy");
        return model;
    }

    /** Writes what the options ask for: weights, training curves, the model diagram. */
    private static void save(Options options, Sequential model, History history, PrintStream out) {
        try {
            if (options.saveWeights() != null) {
                model.saveWeights(options.saveWeights());
                out.println("Saved weights to " + options.saveWeights());
            }
            if (options.plot() != null) {
                TrainingCurves.writePng(options.plot(), history.history());
                out.println("Saved training curves to " + options.plot());
            }
            if (options.diagram() != null) {
                ModelDiagram.write(options.diagram(), diagramOf(model));
                out.println("Saved model diagram to " + options.diagram());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not write output: " + e.getMessage(), e);
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

    /** The real digits: the bundled 8,000/2,000 split, or the four IDX files in {@code dataDir}. */
    static Data load(String dataDir) {
        MnistData mnist;
        try {
            mnist = dataDir == null ? Mnist.bundled() : Mnist.load(Path.of(dataDir));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot load MNIST from " + dataDir + ": " + e.getMessage(), e);
        }
        return new Data(mnist.train().imageTensor(), mnist.train().labelTensor(),
                mnist.test().imageTensor(), mnist.test().labelTensor(), mnist.source());
    }

    /**
     * {@code n} generated "images" in 10 classes, split 80/20: each class is a random prototype
     * of 784 pixels in [0, 1], and each sample is its class's prototype with noise, clipped to
     * [0, 1]. Easy to learn, so a short run shows the loss falling and the accuracy rising.
     */
    static Data synthetic(int n, long seed) {
        if (n < 10) {
            throw new IllegalArgumentException("MnistMlp: --synthetic needs at least 10 samples, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] prototypes = new double[CLASSES][PIXELS];
        for (double[] prototype : prototypes) {
            for (int p = 0; p < PIXELS; p++) {
                prototype[p] = random.nextDouble() < 0.2 ? random.nextDouble() : 0; // sparse strokes, like digits
            }
        }
        double[] x = new double[n * PIXELS];
        double[] y = new double[n * CLASSES];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(CLASSES);
            y[i * CLASSES + label] = 1;
            for (int p = 0; p < PIXELS; p++) {
                double v = prototypes[label][p] + 0.3 * random.nextGaussian();
                x[i * PIXELS + p] = Math.min(1, Math.max(0, v));
            }
        }
        int train = Math.max(1, (int) (n * 0.8));
        Tensor xs = Tensor.of(x, n, PIXELS);
        Tensor ys = Tensor.of(y, n, CLASSES);
        return new Data(xs.narrow(0, 0, train), ys.narrow(0, 0, train),
                xs.narrow(0, train, n - train), ys.narrow(0, train, n - train), "synthetic (" + n + " samples)");
    }
}
