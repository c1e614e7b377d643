package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradients where the formulas are fragile: at kinks (relu, abs and clamp at their corners, max
 * with ties), at the edges of a domain ({@code 0^p}, {@code x^0}, {@code a^b} at a = 0) and at
 * saturation (tanh, sigmoid and softmax far out on their flat tails). Where the function is
 * smooth at the point, the gradient must equal the central finite difference in F64; where it is
 * not (a kink), it must equal the documented convention, and the test says which one.
 */
@DisplayName("Gradients at kinks, domain edges and saturation")
class TensorEdgeGradientTest {
    private static final double H = 1e-6;

    /** d/dx_i of sum(f(x)) by reverse mode, for every i. */
    private static double[] analytic(UnaryOperator<Tensor> f, double... x) {
        Tensor in = Tensor.of(x, x.length).requiresGrad(true);
        f.apply(in).sum().backward();
        return in.grad().toDoubleArray();
    }

    /** d/dx_i of sum(f(x)) by central differences in F64, for every i. */
    private static double[] numeric(UnaryOperator<Tensor> f, double... x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += H;
            down[i] -= H;
            out[i] = (f.apply(Tensor.of(up, x.length)).sum().item() - f.apply(Tensor.of(down, x.length)).sum().item())
                    / (2 * H);
        }
        return out;
    }

    private static void assertMatchesFiniteDifferences(UnaryOperator<Tensor> f, double... x) {
        double[] a = analytic(f, x);
        double[] n = numeric(f, x);
        for (int i = 0; i < x.length; i++) {
            assertTrue(Double.isFinite(a[i]), "gradient at x = " + x[i] + " is " + a[i]);
            assertEquals(n[i], a[i], 1e-6 * Math.max(1, Math.abs(n[i])), "at x = " + x[i]);
        }
    }

    @Nested
    @DisplayName("domain edges of pow")
    class Pow {
        @Test
        @DisplayName("x^0 is constant: its gradient is 0 everywhere, also at x = 0 (not 0·0^-1 = NaN)")
        void zeroExponent() {
            assertArrayEquals(new double[] {0, 0, 0}, analytic(x -> x.pow(0.0), 0, 2, -3));
            assertArrayEquals(new double[] {0, 0, 0}, numeric(x -> x.pow(0.0), 0, 2, -3));
        }

        @Test
        @DisplayName("x^2 and x^3 at x = 0 have slope 0, matching finite differences")
        void smoothPowersAtZero() {
            assertMatchesFiniteDifferences(x -> x.pow(2.0), 0, 1e-3, -1e-3);
            assertMatchesFiniteDifferences(x -> x.pow(3.0), 0, 0.5);
        }

        @Test
        @DisplayName("a^b at a = 0, b >= 0: the slope in b is 0 (PyTorch's limit), not 0·ln 0 = NaN")
        void zeroBaseTensorExponent() {
            Tensor a = Tensor.of(new double[] {0, 0, 0, 2}, 4).requiresGrad(true);
            Tensor b = Tensor.of(new double[] {0, 2, 0.5, 3}, 4).requiresGrad(true);
            a.pow(b).sum().backward();
            assertArrayEquals(new double[] {0, 0, 0, 8 * Math.log(2)}, b.grad().toDoubleArray(), 1e-12);
            // d/da: b·a^(b-1) — 0 where b = 0 (a^0 is constant), 2·0 = 0 for b = 2, +∞ for b = 0.5
            assertArrayEquals(new double[] {0, 0, Double.POSITIVE_INFINITY, 12}, a.grad().toDoubleArray(), 1e-12);
        }

        @Test
        @DisplayName("a^b at a = 0, b = 2, in b: the finite difference agrees (0^(2±h) = 0)")
        void zeroBaseMatchesFiniteDifference() {
            Tensor zeros = Tensor.zeros(2);
            assertMatchesFiniteDifferences(b -> zeros.pow(b), 2, 3);
        }
    }

    @Nested
    @DisplayName("kinks: the documented one-sided choices")
    class Kinks {
        @Test
        @DisplayName("relu at 0 takes slope 0 (the left one); on either side it matches finite differences")
        void relu() {
            assertArrayEquals(new double[] {0}, analytic(Tensor::relu, 0.0));
            assertArrayEquals(new double[] {0}, analytic(Tensor::relu, -0.0));
            assertMatchesFiniteDifferences(Tensor::relu, -1e-3, 1e-3, 5);
        }

        @Test
        @DisplayName("abs at 0 takes slope 0 (sign(0)); on either side it matches finite differences")
        void abs() {
            assertArrayEquals(new double[] {0}, analytic(Tensor::abs, 0.0));
            assertMatchesFiniteDifferences(Tensor::abs, -1e-3, 1e-3);
        }

        @Test
        @DisplayName("clamp passes the gradient at its bounds (bounds included) and stops it outside")
        void clamp() {
            assertArrayEquals(new double[] {1, 1, 1, 0, 0}, analytic(x -> x.clamp(-1, 1), -1, 1, 0.5, -1.5, 2));
        }

        @Test
        @DisplayName("max with ties shares the gradient equally, which is what central differences measure")
        void maxTies() {
            assertArrayEquals(new double[] {0.5, 0.5, 0}, analytic(Tensor::max, 3, 3, 1), 1e-12);
            assertArrayEquals(new double[] {0.5, 0.5, 0}, numeric(Tensor::max, 3, 3, 1), 1e-6);
            assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, analytic(Tensor::max, 7, 7, 7), 1e-12);
        }
    }

    @Nested
    @DisplayName("saturation: flat tails give small or zero gradients, never NaN")
    class Saturation {
        @Test
        @DisplayName("tanh and sigmoid far out: finite, non-negative, and equal to finite differences where those can see them")
        void tails() {
            for (UnaryOperator<Tensor> f : java.util.List.<UnaryOperator<Tensor>>of(Tensor::tanh, Tensor::sigmoid)) {
                double[] g = analytic(f, -800, -30, 30, 800);
                for (double v : g) {
                    assertTrue(v >= 0 && Double.isFinite(v), "slope " + v);
                }
                assertMatchesFiniteDifferences(f, -8, 8);
            }
        }

        @Test
        @DisplayName("softmax of logits 1000 apart: probabilities 1 and 0, gradients finite and summing to 0")
        void softmax() {
            Tensor z = Tensor.of(new double[] {1000, 0, -1000}, 3).requiresGrad(true);
            Tensor p = z.softmax(0);
            assertArrayEquals(new double[] {1, 0, 0}, p.toDoubleArray(), 0);
            p.mul(Tensor.of(new double[] {1, 2, 3}, 3)).sum().backward();
            double sum = 0;
            for (double v : z.grad().toDoubleArray()) {
                assertTrue(Double.isFinite(v), "gradient " + v);
                sum += v;
            }
            assertEquals(0, sum, 1e-12);
            assertMatchesFiniteDifferences(x -> x.logSoftmax(0).mul(x.softmax(0)), 30, 0, -30);
        }
    }
}
