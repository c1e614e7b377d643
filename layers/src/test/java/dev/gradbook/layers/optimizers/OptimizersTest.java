package dev.gradbook.layers.optimizers;

import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two steps of each optimizer on the loss {@code L(w) = ½·Σ w²}, whose gradient is {@code w}
 * itself, from {@code w = [1, -2]}. The expected numbers are worked out by hand in the comments.
 */
@DisplayName("Optimizers: two steps against hand-computed values")
class OptimizersTest {
    private static final double TOLERANCE = 1e-9;

    /** Runs {@code steps} steps: backward of ½·Σw² (so grad = w), update, clear the gradient. */
    private static double[] run(Optimizer optimizer, int steps) {
        Tensor w = Tensor.of(new double[] {1, -2}).requiresGrad(true);
        for (int i = 0; i < steps; i++) {
            w.mul(w).sum().mul(0.5).backward();
            optimizer.step(List.of(w));
            w.zeroGrad();
        }
        return w.toDoubleArray();
    }

    @Nested
    @DisplayName("SGD")
    class Sgd {

        @Test
        @DisplayName("plain: w ← w - lr·g shrinks w by 0.9 per step at lr 0.1")
        void plain() {
            assertArrayEquals(new double[] {0.9, -1.8}, run(new SGD(0.1), 1), TOLERANCE);
            assertArrayEquals(new double[] {0.81, -1.62}, run(new SGD(0.1), 2), TOLERANCE);
        }

        @Test
        @DisplayName("momentum 0.9: the velocity builds up across steps")
        void momentum() {
            // step 1: g = [1, -2];     v = -0.1·g = [-0.1, 0.2];              w = [0.9, -1.8]
            // step 2: g = [0.9, -1.8]; v = 0.9·v - 0.1·g = [-0.18, 0.36];     w = [0.72, -1.44]
            assertArrayEquals(new double[] {0.9, -1.8}, run(new SGD(0.1, 0.9, false), 1), TOLERANCE);
            assertArrayEquals(new double[] {0.72, -1.44}, run(new SGD(0.1, 0.9, false), 2), TOLERANCE);
        }

        @Test
        @DisplayName("Nesterov: steps by momentum·v - lr·g")
        void nesterov() {
            // step 1: v = [-0.1, 0.2];  w = [1, -2] + 0.9·v - 0.1·g = [1 - 0.09 - 0.1, -2 + 0.18 + 0.2] = [0.81, -1.62]
            // step 2: g = [0.81, -1.62]; v = 0.9·[-0.1, 0.2] - 0.1·g = [-0.171, 0.342]
            //         w = [0.81 - 0.1539 - 0.081, -1.62 + 0.3078 + 0.162] = [0.5751, -1.1502]
            assertArrayEquals(new double[] {0.81, -1.62}, run(new SGD(0.1, 0.9, true), 1), TOLERANCE);
            assertArrayEquals(new double[] {0.5751, -1.1502}, run(new SGD(0.1, 0.9, true), 2), TOLERANCE);
        }
    }

    @Test
    @DisplayName("RMSprop (lr 0.1, rho 0.9, epsilon 0): each step divided by the root mean square gradient")
    void rmsprop() {
        // step 1: s = 0.1·g² = [0.1, 0.4];  w = w - 0.1·g/√s = [1 - 0.1/√0.1, -2 + 0.2/√0.4]
        //         = [1 - 0.316227766017, -2 + 0.316227766017]
        // step 2: g = w;  s = 0.9·s + 0.1·g² = [0.09 + 0.1·0.683772234², 0.36 + 0.1·1.683772234²]
        //         = [0.136754446797, 0.643508893593]
        //         w = [0.683772233983 - 0.0683772233983/√0.136754446797, -1.683772233983 + 0.1683772233983/√0.643508893593]
        assertArrayEquals(new double[] {0.683772233983, -1.683772233983}, run(new RMSprop(0.1, 0.9, 0), 1), TOLERANCE);
        assertArrayEquals(new double[] {0.498870606897, -1.473875313499}, run(new RMSprop(0.1, 0.9, 0), 2), TOLERANCE);
    }

    @Test
    @DisplayName("RMSprop's epsilon sits under the square root, as in Keras")
    void rmspropEpsilon() {
        // One step with epsilon 0.9: s = 0.1·g² = [0.1, 0.4]; w = w - 0.1·g/√(s + 0.9) = [1 - 0.1/1, -2 + 0.2/√1.3]
        assertArrayEquals(new double[] {0.9, -2 + 0.2 / Math.sqrt(1.3)}, run(new RMSprop(0.1, 0.9, 0.9), 1), TOLERANCE);
    }

    @Test
    @DisplayName("Adam (lr 0.1, 0.9, 0.999, epsilon 0): the first step is lr·sign(g), then bias-corrected moments")
    void adam() {
        // step 1: m = 0.1·g, v = 0.001·g², alpha = 0.1·√(1-0.999)/(1-0.9) = √0.001;
        //         w -= √0.001 · 0.1·g / (√0.001·|g|) = 0.1·sign(g)  →  [0.9, -1.9]
        // step 2: g = [0.9, -1.9]; m = 0.9·0.1·[1, -2] + 0.1·g = [0.18, -0.37]
        //         v = 0.999·0.001·[1, 4] + 0.001·g² = [0.001809, 0.007606]
        //         alpha = 0.1·√(1 - 0.999²)/(1 - 0.9²) = 0.1·√0.001999/0.19 = 0.0235316725
        //         w = [0.9 - alpha·0.18/√0.001809, -1.9 + alpha·0.37/√0.007606] = [0.800412227671, -1.800166485610]
        assertArrayEquals(new double[] {0.9, -1.9}, run(new Adam(0.1, 0.9, 0.999, 0), 1), TOLERANCE);
        assertArrayEquals(new double[] {0.800412227671, -1.800166485610}, run(new Adam(0.1, 0.9, 0.999, 0), 2),
                TOLERANCE);
    }

    @Test
    @DisplayName("a parameter without a gradient is left alone")
    void noGradient() {
        Tensor untouched = Tensor.of(new double[] {3, 4}).requiresGrad(true);
        for (Optimizer o : List.of(new SGD(0.1, 0.9, true), new RMSprop(), new Adam())) {
            o.step(List.of(untouched));
        }
        assertArrayEquals(new double[] {3, 4}, untouched.toDoubleArray());
    }

    @Nested
    @DisplayName("by name and defaults")
    class ByName {

        @Test
        @DisplayName("Keras names give Keras defaults")
        void defaults() {
            assertEquals(0.01, assertInstanceOf(SGD.class, Optimizers.get("sgd")).learningRate());
            assertEquals(0.001, assertInstanceOf(RMSprop.class, Optimizers.get("RMSprop")).learningRate());
            assertEquals(0.001, assertInstanceOf(Adam.class, Optimizers.get("adam")).learningRate());
        }

        @Test
        @DisplayName("an unknown name lists the valid ones")
        void unknown() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamw"));
            assertContainsAll(e.getMessage(), "unknown optimizer 'adamw'", "sgd, rmsprop, adam");
        }

        @Test
        @DisplayName("hyperparameters out of range are refused with the range")
        void ranges() {
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> new SGD(-1)).getMessage(),
                    "learning rate must be a positive number");
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> new RMSprop(0.1, 1.0, 1e-7))
                    .getMessage(), "rho must be in [0, 1)");
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, -1))
                    .getMessage(), "epsilon must be >= 0");
        }
    }
}
