package dev.gradbook.layers.losses;

import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Losses")
class LossesTest {
    private static final double TOLERANCE = 1e-12;

    private static Tensor rows(double[] values, int cols) {
        return Tensor.of(values, values.length / cols, cols);
    }

    @Nested
    @DisplayName("categorical cross-entropy")
    class Categorical {
        private final Tensor oneHot = rows(new double[] {0, 1, 0, 1, 0, 0}, 3);
        private final Tensor probabilities = rows(new double[] {0.2, 0.7, 0.1, 0.5, 0.25, 0.25}, 3);

        @Test
        @DisplayName("is the mean of -log(probability of the right class)")
        void value() {
            double expected = -(Math.log(0.7) + Math.log(0.5)) / 2;
            assertEquals(expected, new CategoricalCrossentropy().compute(oneHot, probabilities).item(), TOLERANCE);
        }

        @Test
        @DisplayName("from logits equals the clipped formula on softmax(logits) when nothing is clipped")
        void fusedAgreesWithPlain() {
            Tensor logits = rows(new double[] {1, 2, 0.5, -1, 0, 3}, 3);
            Loss loss = new CategoricalCrossentropy();
            assertEquals(loss.compute(oneHot, logits.softmax(-1)).item(), loss.computeFromLogits(oneHot, logits).item(),
                    TOLERANCE);
            assertEquals("softmax", loss.fusedActivation());
        }

        @Test
        @DisplayName("from logits stays exact and finite when softmax underflows to 0")
        void stableForExtremeLogits() {
            Tensor logits = rows(new double[] {1000, -1000, 0}, 3);
            Tensor target = rows(new double[] {0, 1, 0}, 3);
            // -log softmax(z)_1 = logsumexp(z) - z_1 = 1000 + 1000 (the other terms vanish)
            assertEquals(2000, new CategoricalCrossentropy().computeFromLogits(target, logits).item(), 1e-9);
            // Probabilities are clipped to [1e-7, 1 - 1e-7], as in Keras: the loss is -log(1e-7), not infinity.
            double clipped = new CategoricalCrossentropy().compute(target, logits.softmax(-1)).item();
            assertEquals(-Math.log(1e-7), clipped, 1e-9);
        }

        @Test
        @DisplayName("its gradient with respect to the logits is (softmax - target) / batch")
        void gradient() {
            Tensor logits = rows(new double[] {1, 2, 0.5, -1, 0, 3}, 3).requiresGrad(true);
            new CategoricalCrossentropy().computeFromLogits(oneHot, logits).backward();
            double[] expected = logits.detach().softmax(-1).sub(oneHot).div(2).toDoubleArray();
            assertArrayEquals(expected, logits.grad().toDoubleArray(), TOLERANCE);
        }

        @Test
        @DisplayName("integer labels are refused with a pointer to the sparse loss")
        void shapeMismatch() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CategoricalCrossentropy().compute(Tensor.of(new double[] {1, 0}), probabilities));
            assertContainsAll(e.getMessage(), "categorical_crossentropy", "[2]", "[2, 3]",
                    "sparse_categorical_crossentropy");
        }
    }

    @Nested
    @DisplayName("sparse categorical cross-entropy")
    class Sparse {

        @Test
        @DisplayName("equals categorical cross-entropy of the one-hot labels")
        void sameAsCategorical() {
            Tensor logits = rows(new double[] {1, 2, 0.5, -1, 0, 3}, 3);
            Tensor labels = Tensor.of(new double[] {1, 2});
            Tensor oneHot = rows(new double[] {0, 1, 0, 0, 0, 1}, 3);
            assertEquals(new CategoricalCrossentropy().computeFromLogits(oneHot, logits).item(),
                    new SparseCategoricalCrossentropy().computeFromLogits(labels, logits).item(), TOLERANCE);
            assertEquals(new CategoricalCrossentropy().compute(oneHot, logits.softmax(-1)).item(),
                    new SparseCategoricalCrossentropy().compute(labels.reshape(2, 1), logits.softmax(-1)).item(),
                    TOLERANCE);
        }

        @Test
        @DisplayName("a label outside [0, classes) names the row, the label and the valid range")
        void outOfRange() {
            Tensor logits = rows(new double[] {1, 2, 0.5, -1, 0, 3}, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SparseCategoricalCrossentropy().computeFromLogits(Tensor.of(new double[] {0, 3}), logits));
            assertContainsAll(e.getMessage(), "label 3 at row 1", "[0, 3)", "3 output units");
            assertThrows(IllegalArgumentException.class,
                    () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new double[] {-1, 0}), logits));
            assertThrows(IllegalArgumentException.class,
                    () -> new SparseCategoricalCrossentropy().compute(Tensor.of(new double[] {0.5, 0}), logits));
        }
    }

    @Nested
    @DisplayName("binary cross-entropy")
    class Binary {

        @Test
        @DisplayName("is -(y·log p + (1-y)·log(1-p)), averaged")
        void value() {
            Tensor y = Tensor.of(new double[] {1, 0}, 2, 1);
            Tensor p = Tensor.of(new double[] {0.8, 0.3}, 2, 1);
            double expected = -(Math.log(0.8) + Math.log(0.7)) / 2;
            assertEquals(expected, new BinaryCrossentropy().compute(y, p).item(), TOLERANCE);
            assertEquals(expected, new BinaryCrossentropy().compute(Tensor.of(new double[] {1, 0}), p).item(), TOLERANCE,
                    "targets [batch] are accepted for outputs [batch, 1]");
        }

        @Test
        @DisplayName("from logits matches sigmoid + log, and stays finite for huge logits")
        void fromLogits() {
            Tensor y = Tensor.of(new double[] {1, 0, 1}, 3, 1);
            Tensor z = Tensor.of(new double[] {0.3, -2, 4}, 3, 1);
            Loss loss = new BinaryCrossentropy();
            assertEquals(loss.compute(y, z.sigmoid()).item(), loss.computeFromLogits(y, z).item(), TOLERANCE);
            double huge = loss.computeFromLogits(Tensor.of(new double[] {0}, 1, 1), Tensor.of(new double[] {800}, 1, 1))
                    .item();
            assertEquals(800, huge, 1e-9);
        }
    }

    @Test
    @DisplayName("mean squared error is the mean of (prediction - target)²")
    void meanSquaredError() {
        Tensor y = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor p = Tensor.of(new double[] {1, 0, 3, 7}, 2, 2);
        assertEquals((0 + 4 + 0 + 9) / 4.0, new MeanSquaredError().compute(y, p).item(), TOLERANCE);
        assertContainsAll(assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().compute(Tensor.zeros(2, 3), p)).getMessage(), "mean_squared_error",
                "[2, 3]", "[2, 2]");
    }

    @Test
    @DisplayName("Keras names resolve; an unknown name lists the valid ones")
    void byName() {
        assertInstanceOf(CategoricalCrossentropy.class, Losses.get("categorical_crossentropy"));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.get("sparse_categorical_crossentropy"));
        assertInstanceOf(BinaryCrossentropy.class, Losses.get("binary_crossentropy"));
        assertInstanceOf(MeanSquaredError.class, Losses.get("mse"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("hinge"));
        assertContainsAll(e.getMessage(), "unknown loss 'hinge'", "categorical_crossentropy",
                "sparse_categorical_crossentropy", "binary_crossentropy", "mean_squared_error");
        assertTrue(e.getMessage().startsWith("compile:"));
    }
}
