package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Datasets.XY;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.callbacks.TrainingParams;
import dev.gradbook.layers.losses.BinaryCrossentropy;
import dev.gradbook.layers.metrics.Accuracy;
import dev.gradbook.layers.optimizers.Adam;
import dev.gradbook.layers.optimizers.RMSprop;
import dev.gradbook.layers.optimizers.SGD;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Training: compile, fit, evaluate, predict")
class TrainingTest {

    /** 2 → 16 tanh → 16 tanh → 1 sigmoid: enough for XOR. */
    private static Sequential xorModel(long seed) {
        Sequential model = new Sequential(seed);
        model.add(Dense.builder(16).activation("tanh").inputShape(2).build());
        model.add(new Dense(16, "tanh"));
        model.add(new Dense(1, "sigmoid"));
        return model;
    }

    @Nested
    @DisplayName("a model learns")
    class Learns {

        @Test
        @DisplayName("XOR to at least 95% accuracy on unseen points (sigmoid + binary cross-entropy, Adam)")
        void xorBinary() {
            XY train = Datasets.xor(400, 1, false);
            XY test = Datasets.xor(400, 2, false);
            Sequential model = xorModel(42);
            model.compile(new Adam(0.02), "binary_crossentropy", "accuracy");

            History history = model.fit(train.x(), train.y(), new FitOptions().epochs(20).batchSize(32).verbose(0));
            double[] score = model.evaluate(test.x(), test.y());

            assertTrue(score[1] >= 0.95, "test accuracy " + score[1]);
            assertTrue(history.get("loss").get(19) < history.get("loss").get(0) / 5, "loss fell: " + history.get("loss"));
        }

        @Test
        @DisplayName("XOR with two softmax outputs, integer labels and RMSprop, from Keras names")
        void xorSoftmaxSparse() {
            XY train = Datasets.xor(400, 3, true);
            XY test = Datasets.xor(400, 4, true);
            Sequential model = new Sequential(7);
            model.add(Dense.builder(16).activation("tanh").inputShape(2).build());
            model.add(new Dense(16));
            model.add(new Activation("relu"));
            model.add(new Dropout(0.1));
            model.add(new Dense(2));
            model.add(new Activation("softmax"));
            model.compile(new RMSprop(0.01), "sparse_categorical_crossentropy", "accuracy");

            model.fit(train.x(), train.y(), new FitOptions().epochs(20).batchSize(32).verbose(0));

            double accuracy = model.evaluate(test.x(), test.y())[1];
            assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
        }
    }

    @Nested
    @DisplayName("fit()")
    class Fit {

        @Test
        @DisplayName("returns a History with loss, accuracy, val_loss and val_accuracy per epoch")
        void history() {
            XY train = Datasets.xor(64, 1, false);
            XY val = Datasets.xor(32, 2, false);
            Sequential model = xorModel(1);
            model.compile(new Adam(), new BinaryCrossentropy(), new Accuracy());

            History h = model.fit(train.x(), train.y(),
                    new FitOptions().epochs(3).batchSize(16).verbose(0).validationData(val.x(), val.y()));

            assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(h.history().keySet()));
            assertEquals(List.of(0, 1, 2), h.epochs());
            assertEquals(3, h.get("val_accuracy").size());
            double[] evaluated = model.evaluate(val.x(), val.y());
            assertEquals(evaluated[0], h.last("val_loss"), 1e-12, "validation runs with the final weights of the epoch");
            assertEquals(evaluated[1], h.last("val_accuracy"), 1e-12);
        }

        @Test
        @DisplayName("validationSplit holds out the LAST fraction of the samples, before shuffling")
        void validationSplitTakesTheEnd() {
            XY data = Datasets.xor(50, 5, false);
            Sequential model = xorModel(2);
            model.compile("sgd", "binary_crossentropy", "accuracy");
            int[] trainingSamples = new int[1];
            Callback spy = new Callback() {
                @Override
                public void setParams(TrainingParams params) {
                    trainingSamples[0] = params.samples();
                }
            };

            History h = model.fit(data.x(), data.y(),
                    new FitOptions().epochs(1).batchSize(8).verbose(0).validationSplit(0.2).callbacks(spy));

            assertEquals(40, trainingSamples[0], "floor(50 · 0.8) samples train");
            double[] lastTen = model.evaluate(data.x().narrow(0, 40, 10), data.y().narrow(0, 40, 10));
            assertEquals(lastTen[0], h.last("val_loss"), 1e-12);
        }

        @Test
        @DisplayName("the same seed reproduces the run exactly: weights, dropout masks and shuffling")
        void reproducible() {
            XY data = Datasets.xor(64, 1, true);
            double[][] losses = new double[2][];
            for (int run = 0; run < 2; run++) {
                Sequential model = new Sequential(11);
                model.add(new Dense(8, 2));
                model.add(new Activation("relu"));
                model.add(new Dropout(0.3));
                model.add(new Dense(2, "softmax"));
                model.compile("rmsprop", "sparse_categorical_crossentropy", "accuracy");
                History h = model.fit(data.x(), data.y(), new FitOptions().epochs(3).batchSize(16).verbose(0));
                losses[run] = h.get("loss").stream().mapToDouble(Double::doubleValue).toArray();
            }
            assertArrayEquals(losses[0], losses[1]);
        }

        @Test
        @DisplayName("a frozen layer keeps its weights while the others train")
        void frozenLayerUnchanged() {
            XY data = Datasets.xor(32, 1, false);
            Sequential model = xorModel(3);
            Dense first = (Dense) model.layers().get(0);
            first.setTrainable(false);
            double[] before = first.kernel().toDoubleArray();
            double[] lastBefore = ((Dense) model.layers().get(2)).kernel().toDoubleArray();
            model.compile("adam", "binary_crossentropy");

            model.fit(data.x(), data.y(), new FitOptions().epochs(2).verbose(0));

            assertArrayEquals(before, first.kernel().toDoubleArray());
            assertTrue(!java.util.Arrays.equals(lastBefore, ((Dense) model.layers().get(2)).kernel().toDoubleArray()));
        }
    }

    @Nested
    @DisplayName("one step at a time")
    class Steps {

        @Test
        @DisplayName("trainOnBatch reports the loss before its update, and repeated steps lower it")
        void trainOnBatch() {
            XY data = Datasets.xor(32, 1, false);
            Sequential model = xorModel(4);
            model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");

            double before = model.evaluate(data.x(), data.y(), 32)[0];
            double[] first = model.trainOnBatch(data.x(), data.y());
            assertEquals(before, first[0], 1e-12);
            double last = first[0];
            for (int i = 0; i < 20; i++) {
                last = model.trainOnBatch(data.x(), data.y())[0];
            }
            assertTrue(last < first[0], "loss went from " + first[0] + " to " + last);
            assertEquals(List.of("loss", "accuracy"), model.metricsNames());
        }

        @Test
        @DisplayName("the fused softmax loss equals cross-entropy computed from predict()'s probabilities")
        void fusedLossIsExact() {
            XY data = Datasets.xor(20, 6, true);
            Sequential model = new Sequential(5);
            model.add(new Dense(4, 2));
            model.add(new Dense(2));
            model.add(new Activation("softmax"));
            model.compile("sgd", "sparse_categorical_crossentropy");

            double[] p = model.predict(data.x()).toDoubleArray();
            double[] labels = data.y().toDoubleArray();
            double expected = 0;
            for (int i = 0; i < labels.length; i++) {
                expected -= Math.log(p[2 * i + (int) labels[i]]);
            }
            expected /= labels.length;
            assertEquals(expected, model.evaluate(data.x(), data.y())[0], 1e-12);
        }

        @Test
        @DisplayName("predict gives probabilities and no dropout: two calls agree")
        void predict() {
            Sequential model = SeedModelSmall.build();
            Tensor x = Datasets.xor(70, 1, false).x();
            Tensor p1 = model.predict(x, 32);
            Tensor p2 = model.predict(x, 64);
            assertArrayEquals(new int[] {70, 3}, p1.shape());
            assertArrayEquals(p1.toDoubleArray(), p2.toDoubleArray(), 1e-12);
            double[] rowSums = p1.sum(1).toDoubleArray();
            for (double s : rowSums) {
                assertEquals(1, s, 1e-12);
            }
        }
    }

    /** A small model with dropout: 2 → 8 relu → dropout 0.5 → 3 softmax. */
    static final class SeedModelSmall {
        static Sequential build() {
            Sequential model = new Sequential(8);
            model.add(new Dense(8, 2));
            model.add(new Activation("relu"));
            model.add(new Dropout(0.5));
            model.add(new Dense(3, "softmax"));
            return model;
        }
    }

    @Nested
    @DisplayName("weights")
    class Weights {

        @Test
        @DisplayName("getWeights/setWeights round trip: another model gives identical predictions")
        void roundTrip() {
            XY data = Datasets.xor(40, 1, false);
            Sequential trained = xorModel(1);
            trained.compile("adam", "binary_crossentropy");
            trained.fit(data.x(), data.y(), new FitOptions().epochs(2).verbose(0));
            Sequential copy = xorModel(999);

            copy.setWeights(trained.getWeights());

            assertArrayEquals(trained.predict(data.x()).toDoubleArray(), copy.predict(data.x()).toDoubleArray());
            assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "dense_2/kernel",
                    "dense_2/bias"), trained.weightNames());
        }

        @Test
        @DisplayName("getWeights returns copies: changing the model later does not change them")
        void copies() {
            Sequential model = xorModel(1);
            List<Tensor> saved = model.getWeights();
            double[] kernel = saved.get(0).toDoubleArray();
            model.compile("sgd", "binary_crossentropy");
            XY data = Datasets.xor(16, 1, false);
            model.trainOnBatch(data.x(), data.y());
            assertArrayEquals(kernel, saved.get(0).toDoubleArray());
        }
    }
}
