package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Datasets.XY;
import dev.gradbook.layers.losses.CategoricalCrossentropy;
import dev.gradbook.layers.losses.Loss;
import dev.gradbook.layers.metrics.Accuracy;
import dev.gradbook.layers.optimizers.SGD;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Trainer: one training step, and the softmax fused with its loss")
class TrainerTest {

    private static double[][] weightsOf(Sequential model) {
        return model.getWeights().stream().map(Tensor::toDoubleArray).toArray(double[][]::new);
    }

    private static void assertSameWeights(double[][] expected, double[][] actual, String message) {
        assertEquals(expected.length, actual.length, message);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 1e-12, message + " (weight " + i + ")");
        }
    }

    @Nested
    @DisplayName("trainStep and testStep")
    class Steps {

        private Sequential xorModel() {
            Sequential model = new Sequential(3);
            model.add(Dense.units(8).inputDim(2));
            model.add(new Activation("tanh"));
            model.add(new Dense(1, "sigmoid"));
            return model;
        }

        @Test
        @DisplayName("testStep measures without changing a weight; trainStep reports the same loss, then steps")
        void testStepMeasuresTrainStepLearns() {
            XY data = Datasets.xor(32, 1, false);
            Sequential model = xorModel();
            Trainer trainer = new Trainer(model);
            trainer.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
            double[][] before = weightsOf(model);

            double[] measured = trainer.testStep(data.x(), data.y());
            assertSameWeights(before, weightsOf(model), "testStep leaves the weights alone");

            double[] trained = trainer.trainStep(data.x(), data.y());
            assertArrayEquals(measured, trained, 1e-12, "trainStep reports the batch as it was before its update");
            assertFalse(java.util.Arrays.equals(before[0], weightsOf(model)[0]), "trainStep moved the weights");
            assertTrue(trainer.testStep(data.x(), data.y())[0] < measured[0], "and the loss on this batch fell");
            for (Tensor p : model.parameters()) {
                assertNull(p.grad(), "spent gradients are cleared after the step");
            }
        }

        @Test
        @DisplayName("a NaN loss is reported and not stepped on")
        void nanLossIsNotApplied() {
            Sequential model = xorModel();
            Trainer trainer = new Trainer(model);
            trainer.compile(new SGD(0.5), "binary_crossentropy");
            double[][] before = weightsOf(model);
            Tensor x = Tensor.of(new double[] {Double.NaN, 0}, 1, 2);

            double[] values = trainer.trainStep(x, Tensor.of(new double[] {1}, 1, 1));

            assertTrue(Double.isNaN(values[0]));
            assertSameWeights(before, weightsOf(model), "the weights stay finite");
        }
    }

    @Nested
    @DisplayName("softmax and cross-entropy are fused")
    class Fusion {

        /** Two samples, [1, 0] and [0, 1], with one-hot targets: class 1 and class 0. */
        private final Tensor x = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2);
        private final Tensor y = Tensor.of(new double[] {0, 1, 0, 1, 0, 0}, 2, 3);

        /**
         * Dense(2) → Dense(3) → softmax, with weights that give sample 0 the logits
         * {@code [1000, -1000, 0]}: its target class gets the probability e^-2000, which is 0 in
         * double precision. Sample 1 gets logits {@code [0, 0, 0]}.
         */
        private List<Tensor> extremeWeights() {
            return List.of(Tensor.of(new double[] {1, 0, 0, 1}, 2, 2), Tensor.zeros(2),
                    Tensor.of(new double[] {1000, -1000, 0, 0, 0, 0}, 2, 3), Tensor.zeros(3));
        }

        private Sequential flat() {
            Sequential model = new Sequential(1);
            model.add(Dense.units(2).inputDim(2));
            model.add(new Dense(3));
            model.add(new Activation("softmax"));
            return model;
        }

        /** The same network with its classifier head as a model of its own. */
        private Sequential nested() {
            Sequential head = new Sequential().name("head");
            head.add(new Dense(3));
            head.add(new Activation("softmax"));
            Sequential model = new Sequential(1);
            model.add(Dense.units(2).inputDim(2));
            model.add(head);
            return model;
        }

        @Test
        @DisplayName("a nested model says it ends in softmax, and its logits are the flat model's")
        void nestedModelEndsInSoftmax() {
            Sequential flat = flat();
            Sequential nested = nested();
            nested.setWeights(flat.getWeights());

            assertSame(ActivationFunction.SOFTMAX, nested.finalActivation());
            assertArrayEquals(flat.forwardBeforeFinalActivation(x, false).toDoubleArray(),
                    nested.forwardBeforeFinalActivation(x, false).toDoubleArray(), 1e-12);
        }

        @Test
        @DisplayName("the loss is exact where the clipped, unfused path would stop at -log(1e-7) — flat or nested")
        void exactLossProvesTheFusedPath() {
            // log-sum-exp minus the target's logit: sample 0: 1000 - (-1000) = 2000; sample 1: log 3.
            double exact = (2000 + Math.log(3)) / 2;
            double clipped = (-Math.log(CategoricalCrossentropy.EPSILON) + Math.log(3)) / 2;
            for (Sequential model : List.of(flat(), nested())) {
                model.setWeights(extremeWeights());
                model.compile(new SGD(0.001), new CategoricalCrossentropy());

                double loss = model.evaluate(x, y)[0];

                assertEquals(exact, loss, 1e-9, model + " must hand the loss its logits");
                assertTrue(loss > 100 * clipped, "the unfused path would have given " + clipped);
                assertEquals(0, model.predict(x).toDoubleArray()[1], "predict still returns probabilities");
            }
        }

        @Test
        @DisplayName("one step moves a nested model's weights exactly as the flat model's, even where clipping would pass no gradient")
        void sameGradientsNestedAndFlat() {
            Sequential flat = flat();
            Sequential nested = nested();
            flat.setWeights(extremeWeights());
            nested.setWeights(extremeWeights());
            flat.compile(new SGD(0.001), new CategoricalCrossentropy(), new Accuracy());
            nested.compile(new SGD(0.001), new CategoricalCrossentropy(), new Accuracy());

            double[] flatValues = flat.trainOnBatch(x, y);
            double[] nestedValues = nested.trainOnBatch(x, y);

            assertArrayEquals(flatValues, nestedValues, 1e-12);
            assertSameWeights(weightsOf(flat), weightsOf(nested), "flat and nested take the same step");
            // A clipped probability passes no gradient; the fused one moves the kernel row that
            // produced the logits 1000 and -1000 (d loss / d logits = (softmax - target) / 2).
            double[] headKernel = weightsOf(nested)[2];
            assertEquals(1000 - 0.001 * 0.5, headKernel[0], 1e-9);
            assertEquals(-1000 + 0.001 * 0.5, headKernel[1], 1e-9);
        }

        @Test
        @DisplayName("a loss that cannot be fused is computed from the probabilities")
        void unfusedLossSeesProbabilities() {
            Sequential model = flat();
            model.setWeights(extremeWeights());
            model.compile(new SGD(0.001), new CategoricalCrossentropy(true)); // "from logits": fuses nothing

            double loss = model.evaluate(x, y)[0];

            // from_logits applies its own log-softmax to the model's probabilities
            Tensor probabilities = model.predict(x);
            assertEquals(new CategoricalCrossentropy(true).compute(y, probabilities).item(), loss, 1e-12);
        }
    }

    @Nested
    @DisplayName("a layer says which activation it ends with")
    class FinalActivation {

        private void assertContract(Layer layer, Tensor x) {
            double[] whole = layer.forward(x, false).toDoubleArray();
            double[] split = layer.finalActivation().apply(layer.forwardBeforeFinalActivation(x, false)).toDoubleArray();
            assertArrayEquals(whole, split, 1e-12, layer + ": forward = finalActivation(forwardBeforeFinalActivation)");
        }

        @Test
        @DisplayName("Dense, Activation, a nested model and a layer that overrides nothing all keep the contract")
        void contract() {
            Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0.25, 3, -2}, 2, 3);
            Dense dense = new Dense(4, "softmax");
            dense.build(new int[] {3}, new SplittableRandom(1));
            Sequential model = new Sequential(2);
            model.add(new Dense(4, 3));
            model.add(new Dense(2, "sigmoid"));
            Layer square = (input, training) -> input.mul(input);

            assertContract(dense, x);
            assertContract(new Activation("tanh"), x);
            assertContract(model, x);
            assertContract(square, x);
            assertSame(ActivationFunction.SOFTMAX, dense.finalActivation());
            assertSame(ActivationFunction.SIGMOID, model.finalActivation());
            assertSame(ActivationFunction.LINEAR, square.finalActivation());
        }

        @Test
        @DisplayName("a loss fuses only with the activation it names")
        void onlyTheNamedActivationFuses() {
            Loss categorical = new CategoricalCrossentropy();
            assertEquals("softmax", categorical.fusedActivation());
            Sequential sigmoidModel = new Sequential(1);
            sigmoidModel.add(new Dense(3, "sigmoid"));
            sigmoidModel.build(2);
            sigmoidModel.compile(new SGD(), categorical);
            Tensor input = Tensor.of(new double[] {1, 2}, 1, 2);
            Tensor target = Tensor.of(new double[] {0, 0, 1}, 1, 3);

            double loss = sigmoidModel.evaluate(input, target)[0];

            assertEquals(categorical.compute(target, sigmoidModel.predict(input)).item(), loss, 1e-12,
                    "a sigmoid is not a softmax: the loss sees the sigmoid's outputs");
        }
    }
}
