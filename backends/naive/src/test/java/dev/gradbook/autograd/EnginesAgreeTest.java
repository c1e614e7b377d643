package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * One case of the rule in {@link Scalar}'s Javadoc: the same operation on the same operands in
     * both engines. {@code expected} is the IEEE 754 result; where it is NaN or a pole's ±∞ the
     * real result does not exist, and the Scalar engine must throw instead.
     */
    private record Case(String name, BinaryOperator<Scalar> scalar, BinaryOperator<Tensor> tensor,
                        double a, double b, double expected, boolean exists) {
        @Override
        public String toString() {
            return name + "(" + a + ", " + b + ")";
        }
    }

    static Stream<Arguments> edgeCases() {
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                // the real result exists, even when it is an overflow to infinity: both engines agree
                new Case("add", Scalar::add, Tensor::add, inf, 1, inf, true),
                new Case("exp", (x, y) -> x.exp(), (x, y) -> x.exp(), 1000, 0, inf, true),
                new Case("tanh", (x, y) -> x.tanh(), (x, y) -> x.tanh(), inf, 0, 1, true),
                new Case("sigmoid", (x, y) -> x.sigmoid(), (x, y) -> x.sigmoid(), -inf, 0, 0, true),
                new Case("pow", (x, y) -> x.pow(3), (x, y) -> x.pow(3), -2, 0, -8, true),
                new Case("div", Scalar::div, Tensor::div, 1, inf, 0, true),
                // undefined forms: IEEE gives NaN, the Scalar engine throws
                new Case("add", Scalar::add, Tensor::add, inf, -inf, Double.NaN, false),
                new Case("sub", Scalar::sub, Tensor::sub, inf, inf, Double.NaN, false),
                new Case("mul", Scalar::mul, Tensor::mul, 0, inf, Double.NaN, false),
                new Case("div", Scalar::div, Tensor::div, inf, inf, Double.NaN, false),
                new Case("div", Scalar::div, Tensor::div, 0, 0, Double.NaN, false),
                new Case("log", (x, y) -> x.log(), (x, y) -> x.log(), -1, 0, Double.NaN, false),
                new Case("pow", (x, y) -> x.pow(0.5), (x, y) -> x.pow(0.5), -8, 0, Double.NaN, false),
                // poles: IEEE gives ±infinity, the Scalar engine throws
                new Case("div", Scalar::div, Tensor::div, 1, 0, inf, false),
                new Case("log", (x, y) -> x.log(), (x, y) -> x.log(), 0, 0, -inf, false),
                new Case("pow", (x, y) -> x.pow(-1), (x, y) -> x.pow(-1), 0, 0, inf, false)
        ).map(Arguments::of);
    }

    @Nested
    @DisplayName("where a real result does not exist (the rule in Scalar's Javadoc)")
    class WhereNoRealResultExists {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.gradbook.autograd.EnginesAgreeTest#edgeCases")
        @DisplayName("Tensor gives the IEEE 754 value; Scalar gives the same value where it exists and throws, naming the op, where it does not")
        void oneRule(Case c) {
            Tensor tensor = c.tensor().apply(Tensor.of(new double[] {c.a()}, 1), Tensor.of(new double[] {c.b()}, 1));
            assertEquals(c.expected(), tensor.get(0), "Tensor " + c);
            if (c.exists()) {
                assertEquals(c.expected(), c.scalar().apply(Scalar.of(c.a()), Scalar.of(c.b())).value(), "Scalar " + c);
            } else {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> c.scalar().apply(Scalar.of(c.a()), Scalar.of(c.b())), "Scalar " + c + " should throw");
                assertTrue(e.getMessage().contains(String.valueOf(c.a())), "the message names the operand " + c.a()
                        + ": " + e.getMessage());
            }
        }

        @Test
        @DisplayName("a Scalar never holds NaN: inf - inf throws at the sub, naming both operands")
        void infMinusInf() {
            Scalar inf = Scalar.of(Double.POSITIVE_INFINITY);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inf.sub(inf));
            assertTrue(e.getMessage().contains("Infinity") && e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("softmax and logSoftmax of infinite inputs take their limits")
    class SoftmaxLimits {
        private final double inf = Double.POSITIVE_INFINITY;

        @Test
        @DisplayName("softmax([1, +inf, 2]) = [0, 1, 0] and logSoftmax = [-inf, 0, -inf], in F64 and F32")
        void onePlusInfinity() {
            for (DType dtype : DType.values()) {
                Tensor x = Tensor.of(new double[] {1, inf, 2}, 3).to(dtype);
                assertArrayEquals(new double[] {0, 1, 0}, x.softmax(0).toDoubleArray(), dtype + " softmax");
                assertArrayEquals(new double[] {-inf, 0, -inf}, x.logSoftmax(0).toDoubleArray(), dtype + " logSoftmax");
            }
        }

        @Test
        @DisplayName("two +inf in a slice share the probability; -inf entries get 0; other rows are untouched")
        void tiesAndMinusInfinity() {
            Tensor x = Tensor.of(new double[] {inf, 0, inf, /* next row */ -inf, 0, 0}, 2, 3);
            assertArrayEquals(new double[] {0.5, 0, 0.5, 0, 0.5, 0.5}, x.softmax(1).toDoubleArray());
        }

        @Test
        @DisplayName("a NaN input still gives NaN: the limit does not exist, and NaN is never hidden")
        void nanStaysNaN() {
            Tensor x = Tensor.of(new double[] {1, Double.NaN, 2}, 3);
            assertTrue(Double.isNaN(x.softmax(0).get(1)), "softmax of a NaN entry");
            assertTrue(Double.isNaN(x.logSoftmax(0).get(0)), "logSoftmax of a slice holding NaN");
        }

        @Test
        @DisplayName("finite inputs: the gradient is unchanged by the clamp (checked against the analytic softmax Jacobian)")
        void gradientOfFiniteInputs() {
            double[] values = {0.3, -1.2, 2.5};
            Tensor x = Tensor.of(values, 3).requiresGrad(true);
            Tensor p = x.softmax(0);
            p.mul(Tensor.of(new double[] {1, 2, 3}, 3)).sum().backward();
            double[] s = p.toDoubleArray();
            double weighted = s[0] * 1 + s[1] * 2 + s[2] * 3;
            for (int i = 0; i < 3; i++) {
                assertEquals(s[i] * ((i + 1) - weighted), x.grad().get(i), 1e-12, "d/dx" + i);
            }
        }
    }
}
