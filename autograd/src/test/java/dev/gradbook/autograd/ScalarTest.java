package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Scalar: a number that remembers how it was computed")
class ScalarTest {

    private static final double EXACT = 0.0;
    private static final double CLOSE = 1e-12;

    /** Asserts the message starts with the operation's name and mentions each of the values. */
    private static void assertMessage(Exception error, String start, String... mentions) {
        String message = error.getMessage();
        assertTrue(message.startsWith(start), () -> "message should start with " + start + ": " + message);
        for (String mention : mentions) {
            assertTrue(message.contains(mention), () -> "message should mention " + mention + ": " + message);
        }
    }

    @Nested
    @DisplayName("making Scalars")
    class Making {

        @Test
        @DisplayName("a leaf holds its value, starts with gradient 0 and has no parents")
        void leaf() {
            Scalar x = Scalar.of(2.5);

            assertEquals(2.5, x.value(), EXACT);
            assertEquals(0.0, x.grad(), EXACT);
            assertEquals("", x.op());
            assertTrue(x.parents().isEmpty());
            assertEquals("", x.label());
        }

        @Test
        @DisplayName("a label names the node in pictures; withLabel returns the same node")
        void labels() {
            Scalar x = Scalar.of(2.0, "x");
            Scalar product = x.mul(3);

            assertEquals("x", x.label());
            assertSame(product, product.withLabel("3x"));
            assertEquals("3x", product.label());
        }

        @Test
        @DisplayName("an operation records its name and its inputs, in order")
        void operationsRecordTheirInputs() {
            Scalar a = Scalar.of(1.0);
            Scalar b = Scalar.of(2.0);
            Scalar difference = a.sub(b);

            assertEquals("-", difference.op());
            assertEquals(2, difference.parents().size());
            assertSame(a, difference.parents().get(0));
            assertSame(b, difference.parents().get(1));
            assertEquals("^2", a.pow(2).op());
            assertEquals("^0.5", a.pow(0.5).op());
        }

        @Test
        @DisplayName("constants mix in freely: x * 3 + 1")
        void constantsMixIn() {
            Scalar x = Scalar.of(2.0);
            Scalar y = x.mul(3).add(1);
            y.backward();

            assertEquals(7.0, y.value(), EXACT);
            assertEquals(3.0, x.grad(), EXACT);
        }

        @Test
        @DisplayName("sum adds a list of Scalars; an empty list sums to 0")
        void sum() {
            Scalar a = Scalar.of(1.0);
            Scalar b = Scalar.of(2.0);
            Scalar total = Scalar.sum(List.of(a, b, a));
            total.backward();

            assertEquals(4.0, total.value(), EXACT);
            assertEquals(2.0, a.grad(), EXACT);
            assertEquals(1.0, b.grad(), EXACT);
            assertEquals(0.0, Scalar.sum(List.of()).value(), EXACT);
        }

        @Test
        @DisplayName("sum walks its terms once (an Iterable that can only be walked once is fine) and names a null term's index")
        void sumWalksOnce() {
            Scalar a = Scalar.of(1.0);
            Scalar b = Scalar.of(2.0);
            java.util.Iterator<Scalar> once = List.of(a, b).iterator();
            Iterable<Scalar> oneWalk = () -> once;
            assertEquals(3.0, Scalar.sum(oneWalk).value(), EXACT);
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> Scalar.sum(java.util.Arrays.asList(a, null, b)));
            assertEquals("Scalar.sum: terms[1] is null", e.getMessage());
        }
    }

    @Nested
    @DisplayName("the chain rule, worked by hand")
    class ChainRule {

        @Test
        @DisplayName("y = tanh(x*w + b): dy/dx = w(1 - y²), dy/dw = x(1 - y²), dy/db = 1 - y²")
        void neuron() {
            Scalar x = Scalar.of(0.5, "x");
            Scalar w = Scalar.of(-1.5, "w");
            Scalar b = Scalar.of(0.25, "b");
            Scalar y = x.mul(w).add(b).tanh();
            y.backward();

            double expectedY = Math.tanh(0.5 * -1.5 + 0.25);
            double slope = 1 - expectedY * expectedY;
            assertEquals(expectedY, y.value(), CLOSE);
            assertEquals(-1.5 * slope, x.grad(), CLOSE);
            assertEquals(0.5 * slope, w.grad(), CLOSE);
            assertEquals(slope, b.grad(), CLOSE);
            assertEquals(1.0, y.grad(), EXACT);
        }

        @Test
        @DisplayName("0^0 is 1 and its slope is 0, not 0 * 0^-1 = NaN")
        void powZeroToTheZero() {
            Scalar zero = Scalar.of(0.0);
            Scalar one = zero.pow(0);
            one.backward();

            assertEquals(1.0, one.value(), EXACT);
            assertEquals(0.0, zero.grad(), EXACT);
        }

        @Test
        @DisplayName("a negative base with an integer exponent is fine: (-2)^3 = -8, slope 12")
        void negativeBaseIntegerExponent() {
            Scalar x = Scalar.of(-2.0);
            Scalar cube = x.pow(3);
            cube.backward();

            assertEquals(-8.0, cube.value(), EXACT);
            assertEquals(12.0, x.grad(), EXACT);
        }

        @Test
        @DisplayName("relu passes the gradient where its input is positive and blocks it elsewhere")
        void reluGate() {
            Scalar positive = Scalar.of(3.0);
            Scalar negative = Scalar.of(-3.0);
            Scalar zero = Scalar.of(0.0);
            positive.relu().add(negative.relu()).add(zero.relu()).backward();

            assertEquals(1.0, positive.grad(), EXACT);
            assertEquals(0.0, negative.grad(), EXACT);
            assertEquals(0.0, zero.grad(), EXACT);
        }

        @Test
        @DisplayName("saturated tanh and sigmoid keep an accurate, tiny slope instead of rounding to 0")
        void saturation() {
            Scalar x = Scalar.of(20.0);
            x.tanh().backward();
            Scalar z = Scalar.of(40.0);
            z.sigmoid().backward();

            assertEquals(1 / Math.pow(Math.cosh(20.0), 2), x.grad(), 1e-12 * x.grad());
            assertEquals(Math.exp(-40.0), z.grad(), 1e-12 * z.grad());
        }
    }

    @Nested
    @DisplayName("gradients accumulate")
    class Accumulation {

        @Test
        @DisplayName("a value used twice gets both contributions: a + a has gradient 2")
        void usedTwice() {
            Scalar a = Scalar.of(3.0);
            Scalar b = a.add(a);
            b.backward();

            assertEquals(6.0, b.value(), EXACT);
            assertEquals(2.0, a.grad(), EXACT);
        }

        @Test
        @DisplayName("a * a has gradient 2a")
        void squared() {
            Scalar a = Scalar.of(3.0);
            a.mul(a).backward();

            assertEquals(6.0, a.grad(), EXACT);
        }

        @Test
        @DisplayName("calling backward twice doubles every gradient, inner nodes included")
        void backwardTwice() {
            Scalar x = Scalar.of(2.0);
            Scalar w = Scalar.of(-3.0);
            Scalar inner = x.mul(w);
            Scalar y = inner.tanh();

            y.backward();
            double dx = x.grad();
            double dw = w.grad();
            double dInner = inner.grad();
            y.backward();

            assertEquals(2 * dx, x.grad(), EXACT);
            assertEquals(2 * dw, w.grad(), EXACT);
            assertEquals(2 * dInner, inner.grad(), EXACT);
            assertEquals(2.0, y.grad(), EXACT);
        }

        @Test
        @DisplayName("two losses sharing an inner node add up to the gradient of their sum")
        void twoRootsShareANode() {
            Scalar x = Scalar.of(0.5);
            Scalar shared = x.exp();
            Scalar first = shared.mul(2);
            Scalar second = shared.pow(2);
            first.backward();
            second.backward();

            Scalar x2 = Scalar.of(0.5);
            Scalar shared2 = x2.exp();
            shared2.mul(2).add(shared2.pow(2)).backward();

            assertEquals(x2.grad(), x.grad(), CLOSE);
            assertEquals(shared2.grad(), shared.grad(), CLOSE);
        }

        @Test
        @DisplayName("a mark left by an earlier walk does not hide a node from the next: the inner root, then the outer, then the inner again")
        void marksFromEarlierWalks() {
            // backward() marks the nodes it meets; if a later walk mistook an old mark for its own,
            // it would skip nodes and their gradients would stop growing
            Scalar x = Scalar.of(3.0);
            Scalar inner = x.mul(x);           // d inner/dx = 2x = 6
            Scalar outer = inner.add(x);       // d outer/dx = 2x + 1 = 7
            inner.backward();
            assertEquals(6.0, x.grad(), EXACT);
            outer.backward();
            assertEquals(13.0, x.grad(), EXACT);
            assertEquals(2.0, inner.grad(), EXACT); // 1 from its own backward, 1 from outer's
            inner.backward();
            assertEquals(19.0, x.grad(), EXACT);
            assertEquals(3.0, inner.grad(), EXACT);
            assertEquals(List.of(inner, x), outer.parents(), "parents in argument order");
            assertEquals(List.of(x, x), inner.parents(), "a value used twice is listed twice");
            assertEquals(List.of(), x.parents());
        }

        @Test
        @DisplayName("zeroGrad resets every gradient in the graph, and the next backward starts fresh")
        void zeroGrad() {
            Scalar x = Scalar.of(2.0);
            Scalar inner = x.mul(x);
            Scalar y = inner.add(1);
            y.backward();
            y.backward();

            y.zeroGrad();
            assertEquals(0.0, x.grad(), EXACT);
            assertEquals(0.0, inner.grad(), EXACT);
            assertEquals(0.0, y.grad(), EXACT);

            y.backward();
            assertEquals(4.0, x.grad(), EXACT);
        }
    }

    @Nested
    @DisplayName("very deep graphs (no recursion anywhere)")
    class DeepGraphs {

        private static final int LENGTH = 1_000_000;

        @Test
        @DisplayName("a chain of a million multiplications backpropagates without StackOverflowError")
        void millionNodeChain() {
            Scalar start = Scalar.of(1.0, "start");
            Scalar rate = Scalar.of(1.0000001, "rate"); // one shared node keeps the graph at 1M + 2
            Scalar x = start;
            for (int i = 0; i < LENGTH; i++) {
                x = x.mul(rate);
            }
            x.backward();

            // x = start * rate^n, so dx/dstart = rate^n (about e^0.1) and dx/drate = n * rate^(n-1).
            // A million roundings in a row cost about 1e-10 relative, hence the looser tolerance.
            double expected = Math.pow(1.0000001, LENGTH);
            assertEquals(expected, x.value(), 1e-9 * expected);
            assertEquals(expected, start.grad(), 1e-9 * expected);
            double expectedRateGrad = LENGTH * Math.pow(1.0000001, LENGTH - 1);
            assertEquals(expectedRateGrad, rate.grad(), 1e-9 * expectedRateGrad);
            assertEquals("Scalar(value=1.1052, grad=1.0000)", x.toString(), "toString never walks the graph");

            x.zeroGrad();
            assertEquals(0.0, start.grad(), EXACT);
            assertEquals(0.0, rate.grad(), EXACT);
            assertEquals(0.0, x.grad(), EXACT);
        }
    }

    @Nested
    @DisplayName("errors explain themselves")
    class DomainErrors {

        @Test
        @DisplayName("log of a negative number names log and the input")
        void logOfNegative() {
            var error = assertThrows(IllegalArgumentException.class, () -> Scalar.of(-2.0).log());
            assertEquals("log: input -2.0 is not positive; log is only defined for x > 0", error.getMessage());
        }

        @Test
        @DisplayName("log of zero is refused too (it would be -infinity)")
        void logOfZero() {
            var error = assertThrows(IllegalArgumentException.class, () -> Scalar.of(0.0).log());
            assertMessage(error, "log:", "0.0");
        }

        @Test
        @DisplayName("division by zero names div, the divisor and the dividend")
        void divisionByZero() {
            var byScalar = assertThrows(IllegalArgumentException.class,
                    () -> Scalar.of(3.0).div(Scalar.of(0.0)));
            var byConstant = assertThrows(IllegalArgumentException.class, () -> Scalar.of(3.0).div(0));

            assertEquals("div: divisor is 0.0 (dividing 3.0); division by zero is undefined", byScalar.getMessage());
            assertEquals(byScalar.getMessage(), byConstant.getMessage());
        }

        @Test
        @DisplayName("a negative base with a fractional exponent names pow, the base and the exponent")
        void powNegativeBase() {
            var error = assertThrows(IllegalArgumentException.class, () -> Scalar.of(-2.0).pow(0.5));
            assertMessage(error, "pow:", "-2.0", "0.5");
        }

        @Test
        @DisplayName("zero to a negative power names pow and both numbers")
        void powZeroNegative() {
            var error = assertThrows(IllegalArgumentException.class, () -> Scalar.of(0.0).pow(-1));
            assertMessage(error, "pow:", "0.0", "-1.0");
        }

        @Test
        @DisplayName("NaN is refused at the door, so it cannot spread silently")
        void nan() {
            var ofNaN = assertThrows(IllegalArgumentException.class, () -> Scalar.of(Double.NaN));
            var addNaN = assertThrows(IllegalArgumentException.class, () -> Scalar.of(1.0).add(Double.NaN));
            var powNaN = assertThrows(IllegalArgumentException.class, () -> Scalar.of(1.0).pow(Double.NaN));

            assertMessage(ofNaN, "Scalar.of:", "NaN");
            assertMessage(addNaN, "add:", "NaN");
            assertMessage(powNaN, "pow:", "NaN");
        }

        @Test
        @DisplayName("a missing operand is a NullPointerException naming the operation (the null policy)")
        void nullOperand() {
            var error = assertThrows(NullPointerException.class, () -> Scalar.of(1.0).mul(null));
            assertMessage(error, "mul:");
        }
    }

    @Nested
    @DisplayName("showing a Scalar")
    class Showing {

        @Test
        @DisplayName("toString shows the value and gradient to 4 decimals")
        void toStringFormat() {
            assertEquals("Scalar(value=2.0000, grad=0.0000)", Scalar.of(2.0).toString());
            assertEquals("Scalar(value=-0.1235, grad=0.0000, label=x)", Scalar.of(-0.123456, "x").toString());
        }

        @Test
        @DisplayName("toDot draws one box per Scalar, one oval per operation, and the numbers")
        void toDot() {
            Scalar x = Scalar.of(2.0, "x");
            Scalar w = Scalar.of(-3.0, "w");
            Scalar y = x.mul(w).add(1).withLabel("y");
            y.backward();

            String dot = y.toDot();

            assertTrue(dot.startsWith("digraph") && dot.contains("rankdir"), dot);
            assertEquals(5, count(dot, "shape=\"record\""), "x, w, x*w, the constant 1 and y");
            assertEquals(2, count(dot, "shape=\"ellipse\""), "* and +");
            for (String expected : List.of("{ x | value 2.0000 | grad -3.0000 }",
                    "{ w | value -3.0000 | grad 2.0000 }", "{ value -6.0000 | grad 1.0000 }",
                    "{ y | value -5.0000 | grad 1.0000 }", "label=\"*\"", "label=\"+\"")) {
                assertTrue(dot.contains(expected), () -> "missing " + expected + " in\n" + dot);
            }
            assertEquals(6, count(dot, "->"), "2 inputs into each op, plus each op into its result");
        }

        @Test
        @DisplayName("a value used twice draws two arrows into the operation")
        void reuseInPicture() {
            Scalar a = Scalar.of(1.0, "a");
            String dot = a.add(a).toDot();

            Matcher arrows = Pattern.compile("\"s0\" -> \"s1_op\"").matcher(dot);
            int n = 0;
            while (arrows.find()) {
                n++;
            }
            assertEquals(2, n, dot);
        }

        private int count(String text, String part) {
            int n = 0;
            for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
                n++;
            }
            return n;
        }
    }
}
