package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Datasets.XY;
import dev.gradbook.layers.callbacks.TerminateOnNaN;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Bad input: every mistake gets a message that names it and the fix")
class BadInputTest {

    private static Sequential mlp() {
        Sequential model = new Sequential(1);
        model.add(new Dense(4, 3));
        model.add(new Activation("relu"));
        model.add(new Dense(2, "softmax"));
        return model;
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("fit before compile")
    void fitBeforeCompile() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> mlp().fit(Tensor.zeros(4, 3), Tensor.zeros(4, 2)));
        assertContainsAll(e.getMessage(), "fit:", "compiled first", "model.compile(\"rmsprop\"");
        assertThrows(IllegalStateException.class, () -> mlp().evaluate(Tensor.zeros(4, 3), Tensor.zeros(4, 2)));
    }

    @Test
    @DisplayName("x and y of different lengths")
    void lengthMismatch() {
        Sequential model = mlp();
        model.compile("sgd", "categorical_crossentropy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Tensor.zeros(5, 3), Tensor.zeros(4, 2)));
        assertContainsAll(e.getMessage(), "x has 5 samples", "[5, 3]", "y has 4", "[4, 2]");
    }

    @Test
    @DisplayName("wrong feature count names the first layer and both shapes")
    void wrongFeatureCount() {
        Sequential model = mlp();
        model.compile("sgd", "categorical_crossentropy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Tensor.zeros(4, 5), Tensor.zeros(4, 2)));
        assertContainsAll(e.getMessage(), "[4, 5]", "Dense 'dense'", "(None, 3)", "feature count");
        assertThrows(IllegalArgumentException.class, () -> model.predict(Tensor.zeros(1, 784)));
    }

    @Test
    @DisplayName("a later layer declaring an input shape that does not fit")
    void inconsistentDeclaredShape() {
        Sequential model = mlp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.add(new Dense(3, 7)));
        assertContainsAll(e.getMessage(), "declares input shape (None, 7)", "previous layer outputs (None, 2)");
    }

    @Test
    @DisplayName("sparse labels out of range")
    void sparseLabelsOutOfRange() {
        Sequential model = mlp();
        model.compile("sgd", "sparse_categorical_crossentropy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Tensor.zeros(3, 3), Tensor.of(new double[] {0, 1, 2}),
                        new FitOptions().verbose(0).shuffle(false)));
        assertContainsAll(e.getMessage(), "sparse_categorical_crossentropy", "label 2 at row 2", "[0, 2)");
    }

    @Nested
    @DisplayName("unknown names list the valid ones")
    class UnknownNames {

        @Test
        @DisplayName("optimizer")
        void optimizer() {
            assertContainsAll(assertThrows(IllegalArgumentException.class,
                    () -> mlp().compile("adagrad", "categorical_crossentropy")).getMessage(),
                    "unknown optimizer 'adagrad'", "sgd, rmsprop, adam");
        }

        @Test
        @DisplayName("loss")
        void loss() {
            assertContainsAll(assertThrows(IllegalArgumentException.class,
                    () -> mlp().compile("rmsprop", "categorical_cross_entropy")).getMessage(),
                    "unknown loss 'categorical_cross_entropy'", "categorical_crossentropy, sparse_categorical_crossentropy");
        }

        @Test
        @DisplayName("metric")
        void metric() {
            assertContainsAll(assertThrows(IllegalArgumentException.class,
                    () -> mlp().compile("rmsprop", "categorical_crossentropy", "precision")).getMessage(),
                    "unknown metric 'precision'", "accuracy");
        }

        @Test
        @DisplayName("activation")
        void activation() {
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> new Activation("leaky_relu"))
                    .getMessage(), "unknown activation 'leaky_relu'", "relu, softmax, sigmoid, tanh, linear");
        }
    }

    @Test
    @DisplayName("Dropout(1.0)")
    void dropoutOne() {
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0)).getMessage(),
                "Dropout: rate 1.0 is outside [0, 1)");
    }

    @Test
    @DisplayName("a validation split that leaves no sample on one side")
    void validationSplitTooLarge() {
        Sequential model = mlp();
        model.compile("sgd", "categorical_crossentropy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(Tensor.zeros(1, 3), Tensor.zeros(1, 2), new FitOptions().validationSplit(0.5)));
        assertContainsAll(e.getMessage(), "validationSplit 0.5 of 1 samples leaves 0 for training", "both need at least one");
    }

    @Test
    @DisplayName("setWeights with the wrong number of tensors or a wrong shape")
    void setWeights() {
        Sequential model = mlp();
        List<Tensor> weights = model.getWeights();
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> model.setWeights(weights.subList(0, 3)))
                .getMessage(), "has 4 weight tensors", "dense/kernel, dense/bias, dense_1/kernel, dense_1/bias", "3 were given");
        List<Tensor> swapped = List.of(weights.get(0), weights.get(1), Tensor.zeros(2, 4), weights.get(3));
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> model.setWeights(swapped)).getMessage(),
                "weight 2 (dense_1/kernel) has shape [4, 2]", "given tensor has shape [2, 4]");
    }

    @Test
    @DisplayName("a layer already built for another input size is refused and not added")
    void unbuildableLayer() {
        Sequential model = new Sequential(1);
        model.add(new Dense(4, 3));
        Dense builtForFive = new Dense(2);
        builtForFive.build(new int[] {5}, new java.util.SplittableRandom(1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.add(builtForFive));

        assertContainsAll(e.getMessage(), "already built for inputs with 5 features", "(None, 4)");
        assertEquals(1, model.layers().size());
    }

    @Nested
    @DisplayName("sizes past int")
    class Sizes {
        @Test
        @DisplayName("Dense(46341, 46341) and Flatten of 65536×65536 name the layer or op and the shape")
        void layers() {
            Sequential model = new Sequential(1);
            IllegalArgumentException dense = assertThrows(IllegalArgumentException.class,
                    () -> model.add(new Dense(46341, 46341)));
            assertContainsAll(dense.getMessage(), "[46341, 46341]", "more than 2147483647");
            assertTrue(model.layers().isEmpty(), "the layer that could not be built was not added");

            Sequential flat = new Sequential(1);
            flat.add(new Flatten());
            IllegalArgumentException flatten = assertThrows(IllegalArgumentException.class, () -> flat.build(65536, 65536));
            assertContainsAll(flatten.getMessage(), "Flatten", "[65536, 65536]");
            flat.build(28, 28); // the failed build left nothing behind
            assertArrayEquals(new int[] {784}, flat.outputShape());
        }

        @Test
        @DisplayName("--synthetic 3000000 (3e6 × 784 pixels) is refused before anything is allocated")
        void synthetic() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> dev.gradbook.layers.examples.LessonData.synthetic(3_000_000, 1));
            assertContainsAll(e.getMessage(), "[3000000, 784]");
        }
    }

    @Nested
    @DisplayName("a NaN loss")
    class NaNLoss {

        private XY poisoned() {
            XY data = Datasets.xor(16, 1, false);
            double[] x = data.x().toDoubleArray();
            x[0] = Double.NaN; // one bad pixel poisons the batch that holds it
            return new XY(Tensor.of(x, 16, 2), data.y());
        }

        @Test
        @DisplayName("fails with the usual causes and a pointer to TerminateOnNaN; the weights stay finite")
        void failsClearly() {
            XY data = poisoned();
            Sequential model = new Sequential(1);
            model.add(new Dense(4, 2));
            model.add(new Dense(1, "sigmoid"));
            model.compile("sgd", "binary_crossentropy");
            List<Tensor> before = model.getWeights();

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> model.fit(data.x(), data.y(), new FitOptions().batchSize(16).verbose(0)));

            assertContainsAll(e.getMessage(), "loss became NaN", "epoch 1/1, batch 1/1", "learning rate",
                    "NaN or infinite values", "TerminateOnNaN");
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i).toDoubleArray(), model.getWeights().get(i).toDoubleArray(),
                        "the bad batch's update was not applied");
            }
        }

        @Test
        @DisplayName("a NaN input passes through relu (it is not zeroed), so fit stops before any update")
        void throughRelu() {
            XY data = poisoned();
            Sequential model = new Sequential(1);
            model.add(new Dense(4, 2));
            model.add(new Activation("relu")); // relu(NaN) used to be 0: the loss stayed finite, the weights went NaN
            model.add(new Dense(1, "sigmoid"));
            model.compile("sgd", "binary_crossentropy");
            List<Tensor> before = model.getWeights();

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> model.fit(data.x(), data.y(), new FitOptions().batchSize(16).verbose(0)));

            assertContainsAll(e.getMessage(), "loss became NaN", "epoch 1/1, batch 1/1");
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i).toDoubleArray(), model.getWeights().get(i).toDoubleArray(),
                        "no weight took the poisoned update");
            }
        }

        @Test
        @DisplayName("with TerminateOnNaN, training stops after that batch and fit returns the history")
        void terminateOnNaN() {
            XY data = poisoned();
            Sequential model = new Sequential(1);
            model.add(new Dense(4, 2));
            model.add(new Dense(1, "sigmoid"));
            model.compile("sgd", "binary_crossentropy");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            model.setOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
            TerminateOnNaN terminate = new TerminateOnNaN();

            History h = model.fit(data.x(), data.y(),
                    new FitOptions().epochs(5).batchSize(4).shuffle(false).verbose(0).callbacks(terminate));

            assertTrue(terminate.terminated());
            assertEquals(List.of(0), h.epochs(), "stopped in the first epoch");
            assertTrue(Double.isNaN(h.last("loss")));
            assertContainsAll(printed.toString(StandardCharsets.UTF_8), "Batch 0: invalid loss NaN, terminating training");
            for (Tensor w : model.getWeights()) {
                for (double v : w.toDoubleArray()) {
                    assertTrue(Double.isFinite(v));
                }
            }
        }
    }
}
