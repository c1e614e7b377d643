package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the tensor graph is recorded and walked: accumulation, detaching, no-grad regions, limits. */
@DisplayName("Tensor autograd behaviour")
class TensorAutogradTest {

    private static Tensor vector(double... values) {
        return Tensor.of(values, values.length);
    }

    @Nested
    @DisplayName("Gradients accumulate")
    class Accumulation {
        @Test
        @DisplayName("a tensor used twice in one expression gets both contributions: d(x*x)/dx = 2x")
        void usedTwice() {
            Tensor x = vector(1, -2, 3).requiresGrad(true);
            x.mul(x).sum().backward();
            assertArrayEquals(new double[] {2, -4, 6}, x.grad().toDoubleArray());

            Tensor y = vector(1, 2).requiresGrad(true);
            y.add(y).add(y).sum().backward();
            assertArrayEquals(new double[] {3, 3}, y.grad().toDoubleArray());
        }

        @Test
        @DisplayName("an intermediate node used twice passes on the sum of its users' gradients")
        void intermediateUsedTwice() {
            Tensor x = vector(0.5, 1.0).requiresGrad(true);
            Tensor h = x.exp();                // used by both factors below
            h.mul(h).sum().backward();          // d(e^2x)/dx = 2 e^2x
            assertEquals(2 * Math.exp(1.0), x.grad().get(0), 1e-12);
            assertEquals(2 * Math.exp(2.0), x.grad().get(1), 1e-12);
        }

        @Test
        @DisplayName("backward() twice doubles the leaf gradients; zeroGrad() starts over")
        void backwardTwice() {
            Tensor w = vector(1, 2, 3).requiresGrad(true);
            Tensor x = vector(4, 5, 6);
            Tensor loss = w.mul(x).sum();
            loss.backward();
            assertArrayEquals(new double[] {4, 5, 6}, w.grad().toDoubleArray());
            loss.backward();
            assertArrayEquals(new double[] {8, 10, 12}, w.grad().toDoubleArray());
            w.zeroGrad();
            assertNull(w.grad());
            loss.backward();
            assertArrayEquals(new double[] {4, 5, 6}, w.grad().toDoubleArray());
        }

        @Test
        @DisplayName("backward(gradient) of a non-scalar is the vector-Jacobian product")
        void explicitGradient() {
            Tensor x = vector(1, 2, 3).requiresGrad(true);
            x.mul(x).backward(vector(1, 10, 100));
            assertArrayEquals(new double[] {2, 40, 600}, x.grad().toDoubleArray());
        }

        @Test
        @DisplayName("a leaf's gradient is its own storage: later backward passes and graph buffers do not alias it")
        void gradDoesNotAlias() {
            Tensor x = vector(1, 2).requiresGrad(true);
            Tensor seed = vector(1, 1);
            x.add(0).backward(seed);
            Tensor first = x.grad();
            assertNotSame(seed.view().storage(), first.view().storage());
            x.add(0).backward(seed);
            assertArrayEquals(new double[] {1, 1}, first.toDoubleArray(), "the first gradient object is unchanged");
            assertArrayEquals(new double[] {2, 2}, x.grad().toDoubleArray());
        }

        @Test
        @DisplayName("two leaves fed the very same gradient tensor (a + b) still own separate storage")
        void sharedGradientIsNotShared() {
            Tensor a = vector(1, 2).requiresGrad(true);
            Tensor b = vector(3, 4).requiresGrad(true);
            a.add(b).mul(3).backward(vector(1, 1)); // add's backward hands one tensor to both inputs
            assertNotSame(a.grad().view().storage(), b.grad().view().storage());
            a.grad().mulInPlace(10);
            assertArrayEquals(new double[] {30, 30}, a.grad().toDoubleArray());
            assertArrayEquals(new double[] {3, 3}, b.grad().toDoubleArray(), "changing a's gradient leaves b's alone");
        }

        @Test
        @DisplayName("a gradient that is a broadcast view (from sum) is stored as a dense tensor of its own")
        void broadcastGradientIsMadeDense() {
            Tensor x = vector(1, 2, 3).requiresGrad(true);
            x.sum().backward();
            assertTrue(x.grad().view().isContiguous(), "strides " + Arrays.toString(x.grad().view().strides()));
            x.grad().addInPlace(vector(1, 2, 3)); // a broadcast view would refuse this
            assertArrayEquals(new double[] {2, 3, 4}, x.grad().toDoubleArray());
        }

        @Test
        @DisplayName("only leaves that require grad receive gradients; inputs that do not are left alone")
        void onlyRequiringLeaves() {
            Tensor w = vector(1, 2).requiresGrad(true);
            Tensor x = vector(3, 4);
            Tensor y = w.mul(x);
            y.sum().backward();
            assertNull(x.grad());
            assertNull(y.grad(), "computed tensors keep no gradient");
            assertFalse(y.isLeaf());
            assertTrue(y.requiresGrad());
        }
    }

    @Nested
    @DisplayName("Cutting the graph")
    class Cutting {
        @Test
        @DisplayName("detach() shares the numbers but stops the gradient")
        void detach() {
            Tensor x = vector(2, 3).requiresGrad(true);
            Tensor d = x.detach();
            assertTrue(d.isLeaf());
            assertFalse(d.requiresGrad());
            assertSame(x.view().storage(), d.view().storage(), "no copy");
            x.mul(d).sum().backward(); // d is a constant: d(x*c)/dx = c
            assertArrayEquals(new double[] {2, 3}, x.grad().toDoubleArray());
        }

        @Test
        @DisplayName("inside noGrad() nothing is recorded; scopes nest")
        void noGradNests() {
            Tensor x = vector(1, 2).requiresGrad(true);
            assertTrue(GradMode.isEnabled());
            try (Scope outer = GradMode.noGrad()) {
                try (Scope inner = GradMode.noGrad()) {
                    assertFalse(x.mul(2).requiresGrad());
                }
                assertFalse(GradMode.isEnabled(), "the outer scope is still open");
                Tensor y = x.mul(2);
                assertFalse(y.requiresGrad());
                assertTrue(y.isLeaf());
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
                assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
            }
            assertTrue(GradMode.isEnabled());
            assertTrue(x.mul(2).requiresGrad());
        }

        @Test
        @DisplayName("noGrad() is per thread: a tensor computed on another thread still records")
        void noGradPerThread() throws Exception {
            Tensor x = vector(1, 2).requiresGrad(true);
            try (Scope off = GradMode.noGrad()) {
                Tensor loss = CompletableFuture.supplyAsync(() -> x.mul(3).sum()).get(10, TimeUnit.SECONDS);
                assertTrue(loss.requiresGrad(), "recorded on the other thread");
                assertFalse(x.mul(3).requiresGrad(), "not recorded here");
                loss.backward(); // walking a recorded graph needs no recording, so this works inside noGrad
            }
            assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
        }

        @Test
        @DisplayName("requiresGrad(...) can only be switched on leaves")
        void requiresGradOnlyOnLeaves() {
            Tensor y = vector(1).requiresGrad(true).mul(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
            assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("detach()"), e.getMessage());
        }

        @Test
        @DisplayName("assign is refused on a requiresGrad tensor while recording, allowed inside noGrad()")
        void assignWhileRecording() {
            Tensor w = vector(1, 2, 3).requiresGrad(true);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.assign(vector(0, 0, 0)));
            assertTrue(e.getMessage().contains("assign") && e.getMessage().contains("noGrad"), e.getMessage());
            assertArrayEquals(new double[] {1, 2, 3}, w.toDoubleArray(), "unchanged");
            try (Scope off = GradMode.noGrad()) {
                w.assign(w.sub(Tensor.scalar(0.5)));
                w.assign(Tensor.scalar(7).expand(1)); // broadcast to [3]
            }
            assertArrayEquals(new double[] {7, 7, 7}, w.toDoubleArray());
            assertTrue(w.requiresGrad());
        }

        @Test
        @DisplayName("to(dtype) is part of the graph: the gradient flows back in the original dtype")
        void toKeepsTheGraph() {
            Tensor x = vector(1, 2, 3).requiresGrad(true);
            Tensor y = x.to(DType.F32).mul(x.to(DType.F32)).sum();
            assertEquals(DType.F32, y.dtype());
            y.backward();
            assertEquals(DType.F64, x.grad().dtype());
            assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray(), 1e-6);
        }
    }

    @Nested
    @DisplayName("Starting a backward pass")
    class Starting {
        @Test
        @DisplayName("backward() on a non-scalar fails naming its shape and the fix")
        void nonScalar() {
            Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("sum()"), e.getMessage());
        }

        @Test
        @DisplayName("backward(gradient) with the wrong shape fails naming both shapes")
        void wrongGradientShape() {
            Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3, 2)));
            assertTrue(e.getMessage().contains("backward") && e.getMessage().contains("[3, 2]")
                    && e.getMessage().contains("[2, 3]"), e.getMessage());
        }

        @Test
        @DisplayName("backward(gradient) with another dtype fails naming both dtypes")
        void wrongGradientDtype() {
            Tensor y = Tensor.ones(2).requiresGrad(true).mul(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> y.backward(Tensor.zeros(DType.F32, 2)));
            assertTrue(e.getMessage().contains("F64") && e.getMessage().contains("F32"), e.getMessage());
        }

        @Test
        @DisplayName("backward() on a tensor that needs no grad explains why")
        void noGradNeeded() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).sum().backward());
            assertTrue(e.getMessage().contains("requiresGrad(true)"), e.getMessage());
        }

        @Test
        @DisplayName("backward() from a leaf gives it gradient 1")
        void fromALeaf() {
            Tensor x = Tensor.scalar(3).requiresGrad(true);
            x.backward();
            assertEquals(1.0, x.grad().item());
        }

        @Test
        @Timeout(60)
        @DisplayName("a chain of 100,000 adds goes backward without a StackOverflowError")
        void longChain() {
            Tensor x = vector(1, 2).requiresGrad(true);
            Tensor y = x;
            for (int i = 0; i < 100_000; i++) {
                y = y.add(x);
            }
            y.sum().backward();
            assertArrayEquals(new double[] {100_001, 100_001}, x.grad().toDoubleArray());
            assertTrue(y.toDot().contains("add"), "toDot walks the long chain too");
        }
    }

    @Nested
    @DisplayName("Pictures of the graph")
    class Pictures {
        @Test
        @DisplayName("toDot() names every op, shape and label")
        void toDot() {
            Tensor x = Tensor.ones(4, 3).label("x");
            Tensor w = Tensor.ones(3, 2).requiresGrad(true).label("W");
            Tensor y = x.matmul(w).relu().sum().label("loss");
            String dot = y.toDot();
            assertTrue(dot.startsWith("digraph"), dot);
            for (String expected : new String[] {"matmul", "relu", "sum", "[4, 3]", "[3, 2]", "[4, 2]", "[]",
                    "W", "x", "loss = sum", "requires grad", "->"}) {
                assertTrue(dot.contains(expected), "expected '" + expected + "' in\n" + dot);
            }
        }
    }
}
