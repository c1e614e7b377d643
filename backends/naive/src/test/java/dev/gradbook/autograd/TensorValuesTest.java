package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.FloatStorage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numbers themselves: stability at extreme inputs, ties, clipping, single precision, empty tensors. */
@DisplayName("Tensor values")
class TensorValuesTest {

    private static Tensor vector(double... values) {
        return Tensor.of(values, values.length);
    }

    private static void assertAllFinite(Tensor t) {
        for (double v : t.toDoubleArray()) {
            assertTrue(Double.isFinite(v), "non-finite value in " + t);
        }
    }

    @Nested
    @DisplayName("Softmax and log-softmax")
    class Softmax {
        @Test
        @DisplayName("match e^x / Σ e^x on ordinary inputs, and every slice sums to 1")
        void ordinary() {
            Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 1}, 2, 3);
            double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
            Tensor s = x.softmax(1);
            assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z}, s.narrow(0, 0, 1).toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {1, 1}, s.sum(1).toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {1, 1, 1}, x.softmax(0).sum(0).toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {1, 1}, x.softmax(-1).sum(-1).toDoubleArray(), 1e-15);
            Tensor log = x.logSoftmax(1);
            assertArrayEquals(new double[] {1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z)},
                    log.narrow(0, 0, 1).toDoubleArray(), 1e-14);
        }

        @Test
        @DisplayName("stay finite at ±1000, where e^x alone overflows")
        void largeInputs() {
            assertArrayEquals(new double[] {1, 0, 0}, vector(1000, -1000, 0).softmax(0).toDoubleArray(), 1e-300);
            assertArrayEquals(new double[] {0.5, 0.5}, vector(1000, 1000).softmax(0).toDoubleArray());
            assertArrayEquals(new double[] {0.5, 0.5}, vector(-1000, -1000).softmax(0).toDoubleArray());
            assertArrayEquals(new double[] {0, -2000}, vector(1000, -1000).logSoftmax(0).toDoubleArray());
            double third = -Math.log(3);
            assertArrayEquals(new double[] {third, third, third}, vector(1000, 1000, 1000).logSoftmax(0).toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {third, third, third}, vector(-1000, -1000, -1000).logSoftmax(0).toDoubleArray(), 1e-15);
        }

        @Test
        @DisplayName("their gradients stay finite at ±1000 too")
        void largeInputGradients() {
            Tensor x = vector(1000, -1000, 0).requiresGrad(true);
            x.softmax(0).mul(vector(1, 2, 3)).sum().backward();
            assertAllFinite(x.grad());
            x.zeroGrad();
            x.logSoftmax(0).mul(vector(1, 2, 3)).sum().backward();
            assertAllFinite(x.grad());
            // d/dx Σ w·logsoftmax(x) = w - softmax(x)·Σw = [1, 2, 3] - [6, 0, 0]
            assertArrayEquals(new double[] {-5, 2, 3}, x.grad().toDoubleArray(), 1e-12);
        }

        @Test
        @DisplayName("are stable in F32 as well")
        void largeInputsF32() {
            Tensor x = vector(1000, -1000, 0).to(DType.F32);
            Tensor s = x.softmax(0);
            assertEquals(DType.F32, s.dtype());
            assertArrayEquals(new double[] {1, 0, 0}, s.toDoubleArray(), 1e-30);
            assertArrayEquals(new double[] {0, -2000, -1000}, x.logSoftmax(0).toDoubleArray(), 1e-3);
        }
    }

    @Nested
    @DisplayName("argmax")
    class Argmax {
        @Test
        @DisplayName("returns the first index of the maximum on ties")
        void ties() {
            assertEquals(1.0, vector(1, 3, 3, 2).argmax(0).item());
            assertEquals(0.0, vector(7, 7, 7).argmax(0).item());
            assertEquals(2.0, vector(-5, -4, -1, -1).argmax(-1).item());
        }

        @Test
        @DisplayName("works along either dim of a matrix, removing it from the shape")
        void alongDims() {
            Tensor m = Tensor.of(new double[] {1, 5, 5, 7, 7, 0}, 2, 3);
            Tensor rows = m.argmax(1);
            assertArrayEquals(new int[] {2}, rows.shape());
            assertArrayEquals(new double[] {1, 0}, rows.toDoubleArray());
            assertArrayEquals(new double[] {1, 1, 0}, m.argmax(0).toDoubleArray());
            assertArrayEquals(new double[] {1, 1, 0}, m.t().argmax(-1).toDoubleArray(), "on a transposed view");
        }

        @Test
        @DisplayName("is not part of the graph")
        void notDifferentiable() {
            Tensor x = vector(1, 2).requiresGrad(true);
            assertFalse(x.argmax(0).requiresGrad());
        }

        @Test
        @DisplayName("a NaN wins, as in NumPy: the first NaN's index, never an index outside the dim")
        void nanWins() {
            assertEquals(1.0, vector(3, Double.NaN, 9, Double.NaN).argmax(0).item());
            assertEquals(2.0, vector(Double.POSITIVE_INFINITY, 1, Double.NaN).argmax(0).item(), "even over +Inf");
            Tensor m = Tensor.of(new double[] {1, Double.NaN, 0, 4, 5, 6}, 2, 3);
            assertArrayEquals(new double[] {1, 2}, m.argmax(1).toDoubleArray(), "only the row with the NaN changes");
        }

        @Test
        @DisplayName("an empty dim has no largest element: a clear error, not a made-up index")
        void emptyDim() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.zeros(2, 0).argmax(1));
            assertTrue(e.getMessage().contains("argmax") && e.getMessage().contains("[2, 0]")
                    && e.getMessage().contains("empty"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("NaN is never hidden")
    class NaNPropagates {
        @Test
        @DisplayName("relu(NaN) is NaN (IEEE and PyTorch), relu(-0.0) is +0.0, and its gradient at NaN is 0")
        void reluKeepsNaN() {
            Tensor x = vector(Double.NaN, -0.0, -2, 3).requiresGrad(true);
            Tensor y = x.relu();
            assertTrue(Double.isNaN(y.get(0)));
            assertEquals(0.0, y.get(1));
            assertEquals(1.0 / y.get(1), Double.POSITIVE_INFINITY, "+0.0, not -0.0");
            assertArrayEquals(new double[] {0, 3}, new double[] {y.get(2), y.get(3)});
            y.sum().backward();
            assertArrayEquals(new double[] {0, 0, 0, 1}, x.grad().toDoubleArray());
        }
    }

    @Nested
    @DisplayName("clamp")
    class Clamp {
        @Test
        @DisplayName("clips into [min, max] and passes the gradient only inside, bounds included")
        void clips() {
            Tensor x = vector(-2, -1, -0.5, 0, 0.5, 1, 2).requiresGrad(true);
            Tensor y = x.clamp(-1, 1);
            assertArrayEquals(new double[] {-1, -1, -0.5, 0, 0.5, 1, 1}, y.toDoubleArray());
            y.sum().backward();
            assertArrayEquals(new double[] {0, 1, 1, 1, 1, 1, 0}, x.grad().toDoubleArray());
        }

        @Test
        @DisplayName("with min == max, everything becomes that value")
        void collapsed() {
            assertArrayEquals(new double[] {3, 3}, vector(-9, 9).clamp(3, 3).toDoubleArray());
        }
    }

    @Nested
    @DisplayName("Single precision (F32)")
    class SinglePrecision {
        @Test
        @DisplayName("zeros(F32, ...) and to(F32) hold floats")
        void creation() {
            Tensor z = Tensor.zeros(DType.F32, 2, 3);
            assertEquals(DType.F32, z.dtype());
            assertInstanceOf(FloatStorage.class, z.view().storage());
            Tensor x = vector(0.1, 1e10, -3).to(DType.F32);
            assertArrayEquals(new double[] {(float) 0.1, (float) 1e10, -3}, x.toDoubleArray());
            assertSame(x, x.to(DType.F32), "converting to the same dtype is the identity");
            Tensor back = x.to(DType.F64);
            assertEquals(DType.F64, back.dtype());
            assertArrayEquals(x.toDoubleArray(), back.toDoubleArray());
        }

        @Test
        @DisplayName("every operation keeps F32 and agrees with F64 to single precision")
        void opsAgreeWithF64() {
            SplittableRandom r = new SplittableRandom(7);
            Tensor a64 = Tensor.randn(r, 3, 4);
            Tensor b64 = Tensor.randn(r, 4, 2);
            Tensor c64 = Tensor.rand(r, 4).add(0.5);
            Tensor a32 = a64.to(DType.F32);
            Tensor b32 = b64.to(DType.F32);
            Tensor c32 = c64.to(DType.F32);
            java.util.List<java.util.function.BiFunction<Tensor[], Boolean, Tensor>> ops = java.util.List.of(
                    (t, f) -> t[0].add(t[2]), (t, f) -> t[0].mul(t[2]), (t, f) -> t[0].div(t[2]),
                    (t, f) -> t[0].sub(1), (t, f) -> t[0].exp(), (t, f) -> t[2].log(), (t, f) -> t[2].sqrt(),
                    (t, f) -> t[0].tanh(), (t, f) -> t[0].sigmoid(), (t, f) -> t[0].relu(), (t, f) -> t[0].abs(),
                    (t, f) -> t[0].pow(2), (t, f) -> t[2].pow(t[2]), (t, f) -> t[0].clamp(-0.5, 0.5),
                    (t, f) -> t[0].matmul(t[1]), (t, f) -> t[0].t().matmul(t[0]), (t, f) -> t[0].sum(),
                    (t, f) -> t[0].mean(1), (t, f) -> t[0].max(0), (t, f) -> t[0].softmax(1),
                    (t, f) -> t[0].logSoftmax(0), (t, f) -> t[0].argmax(1), (t, f) -> Tensor.concat(0, t[0], t[0]),
                    (t, f) -> t[0].reshape(2, 6).narrow(1, 1, 3).contiguous());
            for (int i = 0; i < ops.size(); i++) {
                Tensor single = ops.get(i).apply(new Tensor[] {a32, b32, c32}, true);
                Tensor dbl = ops.get(i).apply(new Tensor[] {a64, b64, c64}, false);
                assertEquals(DType.F32, single.dtype(), "op " + i + " keeps F32");
                assertArrayEquals(dbl.shape(), single.shape());
                double[] s = single.toDoubleArray();
                double[] d = dbl.toDoubleArray();
                for (int j = 0; j < s.length; j++) {
                    assertEquals(d[j], s[j], 1e-5 * Math.max(1, Math.abs(d[j])), "op " + i + " element " + j);
                }
            }
        }

        @Test
        @DisplayName("backward runs in F32 and gives F32 gradients close to the F64 ones")
        void backwardInF32() {
            SplittableRandom r = new SplittableRandom(11);
            Tensor w64 = Tensor.randn(r, 3, 2).requiresGrad(true);
            Tensor x64 = Tensor.randn(r, 4, 3);
            Tensor w32 = w64.detach().to(DType.F32).requiresGrad(true);
            Tensor x32 = x64.to(DType.F32);
            x64.matmul(w64).tanh().logSoftmax(1).mean().backward();
            x32.matmul(w32).tanh().logSoftmax(1).mean().backward();
            assertEquals(DType.F32, w32.grad().dtype());
            assertArrayEquals(w64.grad().toDoubleArray(), w32.grad().toDoubleArray(), 1e-6);
        }
    }

    @Nested
    @DisplayName("Creating and reading")
    class CreatingAndReading {
        @Test
        @DisplayName("of, arange, eye, full, scalar and their shapes")
        void factories() {
            Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertEquals(6.0, m.get(1, 2));
            assertEquals(2.0, m.get(0, 1));
            assertArrayEquals(new int[] {4}, Tensor.of(new double[] {1, 2, 3, 4}).shape(), "no shape: a vector");
            assertArrayEquals(new int[] {}, Tensor.of(new double[] {5}).shape(), "one value, no shape: a 0-d scalar");
            assertArrayEquals(new int[] {1}, Tensor.of(new double[] {5}, 1).shape());
            assertArrayEquals(new double[] {0, 1, 2, 3}, Tensor.arange(4).toDoubleArray());
            assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(1, 3, 0.5).toDoubleArray());
            assertArrayEquals(new double[] {3, 2}, Tensor.arange(3, 1, -1).toDoubleArray());
            assertArrayEquals(new double[] {1, 0, 0, 1}, Tensor.eye(2).toDoubleArray());
            assertArrayEquals(new double[] {2.5, 2.5}, Tensor.full(2.5, 2).toDoubleArray());
            assertEquals(0, Tensor.scalar(4).rank());
            assertEquals(4.0, Tensor.scalar(4).item());
            assertEquals("tensor([[1.0000, 2.0000, 3.0000], [4.0000, 5.0000, 6.0000]], shape=[2, 3])", m.toString());
        }

        @Test
        @DisplayName("the same seed gives the same random tensor")
        void seeded() {
            assertArrayEquals(Tensor.randn(new SplittableRandom(3), 5).toDoubleArray(),
                    Tensor.randn(new SplittableRandom(3), 5).toDoubleArray());
        }

        @Test
        @DisplayName("views share storage with their base; reshape of a non-contiguous tensor copies")
        void viewsShareStorage() {
            Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertSame(x.view().storage(), x.t().view().storage());
            assertSame(x.view().storage(), x.narrow(1, 1, 2).view().storage());
            assertSame(x.view().storage(), x.reshape(3, 2).view().storage());
            assertSame(x.view().storage(), x.unsqueeze(0).expand(4, 2, 3).view().storage());
            assertNotSame(x.view().storage(), x.t().reshape(6).view().storage());
            assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, x.t().reshape(6).toDoubleArray());
            x.narrow(1, 1, 2).assign(Tensor.scalar(0)); // writing through a view changes the base
            assertArrayEquals(new double[] {1, 0, 0, 4, 0, 0}, x.toDoubleArray());
        }

        @Test
        @DisplayName("matmul of vectors and matrices follows the 1-D conventions")
        void matmulConventions() {
            Tensor v = vector(1, 2, 3);
            Tensor dot = v.matmul(vector(4, 5, 6));
            assertEquals(0, dot.rank(), "vector @ vector is a 0-d scalar");
            assertEquals(32.0, dot.item());
            Tensor m = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
            assertArrayEquals(new int[] {2}, v.matmul(m).shape());
            assertArrayEquals(new double[] {4, 5}, v.matmul(m).toDoubleArray());
            assertArrayEquals(new double[] {1, 0, 1}, m.matmul(vector(1, 0)).toDoubleArray());
            Tensor batched = Tensor.ones(4, 3, 2).matmul(vector(1, 2));
            assertArrayEquals(new int[] {4, 3}, batched.shape());
        }
    }

    @Nested
    @DisplayName("Empty tensors")
    class Empty {
        @Test
        @DisplayName("a fresh [2, 0] tensor is contiguous and can be viewed in another shape")
        void emptyIsContiguous() {
            Tensor e = Tensor.zeros(2, 0);
            assertTrue(e.isContiguous());
            assertArrayEquals(new int[] {0, 2}, e.view(0, 2).shape());
            assertArrayEquals(new int[] {0}, e.view(-1).shape());
        }

        @Test
        @DisplayName("reductions over an empty dim give their identity; matmul with k = 0 gives zeros")
        void reductionsOverEmpty() {
            Tensor e = Tensor.zeros(2, 0);
            assertArrayEquals(new double[] {0, 0}, e.sum(1).toDoubleArray());
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, e.max(1).toDoubleArray());
            assertArrayEquals(new int[] {0}, e.sum(0).shape());
            assertArrayEquals(new double[] {0, 0, 0, 0}, e.matmul(Tensor.zeros(0, 2)).toDoubleArray());
            Tensor g = Tensor.zeros(2, 0).requiresGrad(true);
            g.sum().backward();
            assertArrayEquals(new int[] {2, 0}, g.grad().shape());
        }
    }
}
