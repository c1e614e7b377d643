package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scalar engine and the tensor engine compute the same local derivatives with the same
 * formulas, so a student who checks one against the other sees the same digits — including far
 * out on the flat tails of tanh and the sigmoid, where the textbook formulas {@code 1 - tanh²} and
 * {@code σ(1 - σ)} cancel to nothing.
 */
@DisplayName("Scalar and Tensor agree on local derivatives")
class EnginesAgreeTest {

    private static double scalarSlope(double x, java.util.function.UnaryOperator<Scalar> f) {
        Scalar in = Scalar.of(x);
        f.apply(in).backward();
        return in.grad();
    }

    private static double tensorSlope(double x, java.util.function.UnaryOperator<Tensor> f) {
        Tensor in = Tensor.of(new double[] {x}, 1).requiresGrad(true);
        f.apply(in).sum().backward();
        return in.grad().get(0);
    }

    /** Relative agreement to a few ulps, and exact agreement on zero. */
    private static void assertClose(double expected, double actual, String what) {
        double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertTrue(Math.abs(expected - actual) <= 1e-14 * scale,
                what + ": expected " + expected + " but was " + actual);
    }

    @Nested
    @DisplayName("tanh' = 1/cosh²")
    class Tanh {
        @ParameterizedTest(name = "x = {0}")
        @ValueSource(doubles = {0, 0.5, -0.5, 3, -3, 19, -20, 30, -30, 300, -300, 700})
        @DisplayName("both engines give 1/cosh²(x), accurate far beyond where 1 - tanh² is 0")
        void agreesWithCoshFormula(double x) {
            double truth = 1 / Math.cosh(x) / Math.cosh(x);
            double scalar = scalarSlope(x, Scalar::tanh);
            double tensor = tensorSlope(x, Tensor::tanh);
            assertClose(truth, scalar, "Scalar");
            assertClose(truth, tensor, "Tensor");
            assertClose(scalar, tensor, "Scalar vs Tensor");
            if (Math.abs(x) >= 30 && Math.abs(x) <= 300) { // beyond ~355 the true slope underflows to 0 too
                double t = Math.tanh(x);
                assertEquals(0.0, 1 - t * t, "the textbook formula cancels to 0 here");
                assertTrue(tensor > 0, "but the true slope is positive: " + tensor);
            }
        }
    }

    @Nested
    @DisplayName("σ' = σ(x)·σ(-x)")
    class Sigmoid {
        @ParameterizedTest(name = "x = {0}")
        @ValueSource(doubles = {0, 0.5, -0.5, 5, -5, 20, -20, 40, -40, 700, -700})
        @DisplayName("both engines give σ(x)σ(-x), with full digits where 1 - σ(x) has few")
        void agreesWithProductFormula(double x) {
            double truth = logistic(x) * logistic(-x);
            double scalar = scalarSlope(x, Scalar::sigmoid);
            double tensor = tensorSlope(x, Tensor::sigmoid);
            assertClose(truth, scalar, "Scalar");
            assertClose(truth, tensor, "Tensor");
            assertClose(scalar, tensor, "Scalar vs Tensor");
            if (x >= 40 && x <= 700) {
                double s = logistic(x);
                assertEquals(0.0, s * (1 - s), "the textbook formula cancels to 0 here");
                assertTrue(tensor > 0, "but the true slope is positive: " + tensor);
            }
        }

        /** σ(x) evaluated the stable way (no overflow of e^-x for very negative x). */
        private double logistic(double x) {
            return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        }
    }
}
