package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.gradbook.autograd.spi.UpdateRule;

import java.util.SplittableRandom;

import static dev.gradbook.autograd.TensorErrorsTest.assertBadArgument;
import static dev.gradbook.autograd.TensorErrorsTest.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The in-place methods ({@code addInPlace}, {@code mulInPlace}, ...) that optimizers update their
 * state and the parameters with: they overwrite a tensor's own storage instead of returning a new
 * tensor, give exactly the numbers of the out-of-place operation, and refuse where an in-place
 * change would corrupt the graph or cannot be expressed.
 */
@DisplayName("In-place arithmetic")
class TensorInPlaceTest {

    private static Tensor vector(double... values) {
        return Tensor.of(values, values.length);
    }

    @Nested
    @DisplayName("What it computes")
    class Values {
        @Test
        @DisplayName("each method overwrites the tensor with the out-of-place result and returns the same tensor")
        void overwrites() {
            Tensor x = vector(1, 2, 3);
            Object storage = x.view().storage();
            assertSame(x, x.addInPlace(vector(10, 20, 30)));
            assertArrayEquals(new double[] {11, 22, 33}, x.toDoubleArray());
            assertArrayEquals(new double[] {10, 20, 30}, x.subInPlace(1).subInPlace(vector(0, 1, 2)).toDoubleArray());
            assertArrayEquals(new double[] {20, 40, 60}, x.mulInPlace(2).toDoubleArray());
            assertArrayEquals(new double[] {10, 10, 10}, x.divInPlace(vector(2, 4, 6)).toDoubleArray());
            assertArrayEquals(new double[] {5, 5, 5}, x.divInPlace(2).toDoubleArray());
            assertArrayEquals(new double[] {9, 9, 9}, x.addInPlace(4).toDoubleArray());
            assertArrayEquals(new double[] {3, 3, 3}, x.sqrtInPlace().toDoubleArray());
            assertSame(storage, x.view().storage(), "no new storage: the old numbers are overwritten");
        }

        @Test
        @DisplayName("the other operand broadcasts to this tensor's shape: a row is added to every row")
        void broadcasting() {
            Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            m.addInPlace(vector(10, 20, 30));
            assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, m.toDoubleArray());
        }

        @Test
        @DisplayName("writing through a view changes only the view's elements of the base tensor")
        void throughAView() {
            Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            m.narrow(1, 1, 2).mulInPlace(10);
            assertArrayEquals(new double[] {1, 20, 30, 4, 50, 60}, m.toDoubleArray());
            m.t().subInPlace(vector(1, 4)); // column j of m.t() is row j of m
            assertArrayEquals(new double[] {0, 19, 29, 0, 46, 56}, m.toDoubleArray());
        }

        @Test
        @DisplayName("x.mulInPlace(x) squares x: the operand may be the very tensor being overwritten")
        void selfOperand() {
            Tensor x = vector(-3, 0.5, 4);
            x.mulInPlace(x);
            assertArrayEquals(new double[] {9, 0.25, 16}, x.toDoubleArray());
        }

        @Test
        @DisplayName("an operand that overlaps in another way (its own transpose) is read before anything is written")
        void overlappingOperand() {
            Tensor m = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
            m.addInPlace(m.t()); // element (0, 1) must use the old (1, 0), not one already overwritten
            assertArrayEquals(new double[] {2, 5, 5, 8}, m.toDoubleArray());
            Tensor rows = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
            rows.subInPlace(rows.narrow(0, 0, 1)); // every row minus the first (old) row
            assertArrayEquals(new double[] {0, 0, 2, 2, 4, 4}, rows.toDoubleArray());
        }

        @Test
        @DisplayName("assign follows the same rules: an overlapping source is read before anything is written")
        void assignOverlapping() {
            Tensor m = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
            m.assign(m.t());
            assertArrayEquals(new double[] {1, 3, 2, 4}, m.toDoubleArray());
        }

        @Test
        @DisplayName("bit for bit the out-of-place numbers, in F32 as in F64")
        void sameBitsAsOutOfPlace() {
            for (DType dtype : DType.values()) {
                SplittableRandom rng = new SplittableRandom(7);
                Tensor a = Tensor.randn(rng, 5, 7).to(dtype);
                Tensor b = Tensor.rand(rng, 5, 7).add(0.5).to(dtype);
                Tensor expected = a.mul(0.9).add(b.mul(b).mul(0.1)).div(b.add(1e-7).sqrt()).sub(b);
                Tensor actual = a.copy().mulInPlace(0.9).addInPlace(b.copy().mulInPlace(b).mulInPlace(0.1))
                        .divInPlace(b.copy().addInPlace(1e-7).sqrtInPlace()).subInPlace(b);
                assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0.0, dtype.name());
            }
        }

        @Test
        @DisplayName("nothing is recorded: the result has no graph and no gradient flows through it")
        void notRecorded() {
            Tensor w = vector(1, 2).requiresGrad(true);
            try (Scope off = GradMode.noGrad()) {
                w.mulInPlace(3);
            }
            assertArrayEquals(new double[] {3, 6}, w.toDoubleArray());
            assertNull(w.grad());
            Tensor state = vector(1, 2); // no grad: allowed even while recording
            state.addInPlace(1);
            assertFalse(state.requiresGrad());
        }
    }

    @Nested
    @DisplayName("What it refuses")
    class Refusals {
        @Test
        @DisplayName("a tensor that requires grad while the graph is recorded: use GradMode.noGrad()")
        void requiresGradWhileRecording() {
            Tensor w = vector(1, 2).requiresGrad(true);
            assertFails(IllegalStateException.class, () -> w.addInPlace(1), "addInPlace", "requires grad",
                    "GradMode.noGrad()");
            assertFails(IllegalStateException.class, w::sqrtInPlace, "sqrtInPlace", "requires grad");
            Tensor computed = w.mul(2);
            assertFails(IllegalStateException.class, () -> computed.mulInPlace(computed), "mulInPlace");
            assertArrayEquals(new double[] {1, 2}, w.toDoubleArray(), "a refused update changes nothing");
        }

        @Test
        @DisplayName("a broadcast view, whose elements share storage positions")
        void broadcastView() {
            Tensor row = vector(1, 2, 3).unsqueeze(0).expand(4, 3);
            assertFails(IllegalStateException.class, () -> row.mulInPlace(2), "mulInPlace", "[4, 3]",
                    "broadcast view", "dim 0", "copy()");
        }

        @Test
        @DisplayName("assign into a broadcast view is refused like the other in-place writes")
        void assignIntoBroadcastView() {
            Tensor row = vector(1, 2, 3).unsqueeze(0).expand(4, 3);
            assertFails(IllegalStateException.class, () -> row.assign(Tensor.zeros(4, 3)), "assign",
                    "broadcast view", "copy()");
        }

        @Test
        @DisplayName("an operand that would change the tensor's shape")
        void shapeChange() {
            assertBadArgument(() -> vector(1, 2, 3).addInPlace(Tensor.zeros(2, 3)), "addInPlace", "[2, 3]", "[3]");
            assertBadArgument(() -> vector(1, 2, 3).mulInPlace(vector(1, 2)), "mulInPlace", "[2]", "[3]");
        }

        @Test
        @DisplayName("mixed dtypes, like every other operation")
        void mixedDtypes() {
            assertBadArgument(() -> vector(1, 2).addInPlace(vector(1, 2).to(DType.F32)), "addInPlace");
        }
    }

    @Nested
    @DisplayName("applyUpdate: an optimizer step in one pass")
    class FusedUpdate {
        @Test
        @DisplayName("RMSprop by hand: s = 0.9·0 + 0.1·g², w = w - 0.1·g/√(s + 0)")
        void rmspropByHand() {
            Tensor w = vector(1, 2);
            Tensor g = vector(2, -4);
            Tensor s = w.zerosLike();
            assertSame(w, w.applyUpdate(UpdateRule.RMSPROP, new double[] {0.1, 0.9, 0}, g, s));
            // s = 0.1·g² = {0.4, 1.6}; g/√s = {2/√0.4, -4/√1.6} = {√10, -√10}
            assertArrayEquals(new double[] {0.4, 1.6}, s.toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {1 - 0.1 * Math.sqrt(10), 2 + 0.1 * Math.sqrt(10)}, w.toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {2, -4}, g.toDoubleArray(), "the gradient is only read");
        }

        @Test
        @DisplayName("each rule gives, element by element, exactly its scalar definition")
        void matchesTheScalarDefinition() {
            SplittableRandom rng = new SplittableRandom(5);
            for (UpdateRule rule : UpdateRule.values()) {
                double[] hyper = new double[rule.hyperCount()];
                for (int i = 0; i < hyper.length; i++) {
                    hyper[i] = rng.nextDouble(0.01, 0.99);
                }
                Tensor w = Tensor.rand(rng, 2, 3);
                Tensor g = Tensor.rand(rng, 2, 3);
                Tensor[] state = new Tensor[rule.stateCount()];
                for (int i = 0; i < state.length; i++) {
                    state[i] = Tensor.rand(rng, 2, 3);
                }
                double[][] expected = new double[1 + state.length][6];
                for (int e = 0; e < 6; e++) {
                    double[] slot = new double[2 + state.length];
                    slot[0] = w.toDoubleArray()[e];
                    slot[1] = g.toDoubleArray()[e];
                    for (int i = 0; i < state.length; i++) {
                        slot[2 + i] = state[i].toDoubleArray()[e];
                    }
                    rule.apply(hyper, slot);
                    expected[0][e] = slot[0];
                    for (int i = 0; i < state.length; i++) {
                        expected[1 + i][e] = slot[2 + i];
                    }
                }
                w.applyUpdate(rule, hyper, g, state);
                assertArrayEquals(expected[0], w.toDoubleArray(), rule + ": the parameter");
                for (int i = 0; i < state.length; i++) {
                    assertArrayEquals(expected[1 + i], state[i].toDoubleArray(), rule + ": state " + i);
                }
            }
        }

        @Test
        @DisplayName("a gradient that shares storage with a state is read before the state changes")
        void gradientSharingAState() {
            Tensor w = vector(1, 1);
            Tensor v = vector(2, 4);
            w.applyUpdate(UpdateRule.SGD_MOMENTUM, new double[] {1, 0.5}, v, v); // v ← 0.5·v - v, w ← w + v
            assertArrayEquals(new double[] {-1, -2}, v.toDoubleArray());
            assertArrayEquals(new double[] {0, -1}, w.toDoubleArray());
        }

        @Test
        @DisplayName("refused: wrong counts of hyperparameters or states, a state of another shape or sharing storage")
        void refusals() {
            Tensor w = vector(1, 2);
            Tensor g = vector(1, 1);
            assertBadArgument(() -> w.applyUpdate(UpdateRule.RMSPROP, new double[] {0.1}, g, w.zerosLike()),
                    "applyUpdate(RMSPROP)", "3 hyperparameters and 1 state", "got 1 and 1");
            assertBadArgument(() -> w.applyUpdate(UpdateRule.ADAM, new double[] {1, 0.9, 0.9, 0}, g, w.zerosLike()),
                    "2 state tensors", "got 4 and 1");
            assertBadArgument(() -> w.applyUpdate(UpdateRule.RMSPROP, new double[] {1, 0.9, 0}, g, Tensor.zeros(3)),
                    "state 0 has shape [3]", "[2]", "zerosLike()");
            assertBadArgument(() -> w.applyUpdate(UpdateRule.RMSPROP, new double[] {1, 0.9, 0}, g, w),
                    "state 0 shares storage with the parameter");
            Tensor m = w.zerosLike();
            assertBadArgument(() -> w.applyUpdate(UpdateRule.ADAM, new double[] {1, 0.9, 0.9, 0}, g, m, m),
                    "state 1 shares storage with state 0");
            assertBadArgument(() -> w.applyUpdate(UpdateRule.SGD, new double[] {1}, Tensor.zeros(3)),
                    "applyUpdate(SGD)", "[3]", "[2]");
            assertArrayEquals(new double[] {1, 2}, w.toDoubleArray(), "a refused update changes nothing");
        }

        @Test
        @DisplayName("refused like the other in-place writes: a parameter that requires grad while recording")
        void requiresGradWhileRecording() {
            Tensor w = vector(1, 2).requiresGrad(true);
            assertFails(IllegalStateException.class,
                    () -> w.applyUpdate(UpdateRule.SGD, new double[] {0.1}, vector(1, 1)), "applyUpdate(SGD)",
                    "requires grad", "GradMode.noGrad()");
            try (Scope off = GradMode.noGrad()) {
                w.applyUpdate(UpdateRule.SGD, new double[] {0.5}, vector(2, 2));
            }
            assertArrayEquals(new double[] {0, 1}, w.toDoubleArray());
        }
    }
}
