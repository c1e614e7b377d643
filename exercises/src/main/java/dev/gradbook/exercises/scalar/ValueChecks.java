package dev.gradbook.exercises.scalar;

import dev.gradbook.autograd.Scalar;

import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The checks the Value graders share: one operation at a time, its forward value and its local
 * derivative, against gradbook's {@link Scalar} and against a finite difference.
 *
 * <p>The local derivative is read without {@link Value#backward()} (a later task): the grader
 * sets the output's grad by hand and calls {@link Value#backwardLocal()} once, which is one
 * application of the chain rule.
 */
final class ValueChecks {

    /** Step of the central difference {@code (f(x+h) - f(x-h)) / 2h}, relative to |x|. */
    private static final double STEP = 1e-6;

    private ValueChecks() {
    }

    /** {@code expected} and {@code actual} agree to a relative {@code tolerance} (absolute near 0). */
    static void assertClose(double expected, double actual, double tolerance, String what) {
        assertEquals(expected, actual, tolerance * Math.max(1, Math.abs(expected)), what);
    }

    /** A number drawn uniformly from {@code [low, high)}. */
    static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    /**
     * Checks a one-input operation at {@code x}: its value against Scalar's, then the gradient it
     * passes back for an incoming gradient {@code outGrad}, against Scalar's derivative and a finite
     * difference of its own forward values.
     */
    static void checkUnary(String name, UnaryOperator<Value> op, UnaryOperator<Scalar> oracle, double x, double outGrad) {
        Value a = Value.of(x);
        Value out = op.apply(a);
        Scalar s = Scalar.of(x);
        Scalar expected = oracle.apply(s);
        expected.backward();
        String call = name + " at x = " + x;
        assertClose(expected.value(), out.data(), 1e-12, call + ": the value");
        assertSame(a, out.parents().get(0), call + ": the output's parent should be the input node itself");
        out.setGrad(outGrad);
        out.backwardLocal();
        String grad = call + " with incoming grad " + outGrad + ": x.grad after backwardLocal() (= incoming grad * local"
                + " derivative)";
        assertClose(s.grad() * outGrad, a.grad(), 1e-9, grad);
        double h = STEP * Math.max(1, Math.abs(x));
        double difference = (op.apply(Value.of(x + h)).data() - op.apply(Value.of(x - h)).data()) / (2 * h);
        assertClose(difference * outGrad, a.grad(), 1e-5, grad + ", against the finite difference"
                + " (f(x+h) - f(x-h)) / 2h with h = " + h);
    }

    /** {@link #checkUnary} for a two-input operation at {@code (x, y)}: both inputs' gradients. */
    static void checkBinary(String name, BinaryOperator<Value> op, BinaryOperator<Scalar> oracle,
                            double x, double y, double outGrad) {
        Value a = Value.of(x);
        Value b = Value.of(y);
        Value out = op.apply(a, b);
        Scalar sa = Scalar.of(x);
        Scalar sb = Scalar.of(y);
        Scalar expected = oracle.apply(sa, sb);
        expected.backward();
        String call = name + " at x = " + x + ", y = " + y;
        assertClose(expected.value(), out.data(), 1e-12, call + ": the value");
        assertEquals(2, out.parents().size(), call + ": the output should list both inputs as parents");
        assertSame(a, out.parents().get(0), call + ": parents().get(0) should be x's node itself");
        assertSame(b, out.parents().get(1), call + ": parents().get(1) should be y's node itself");
        out.setGrad(outGrad);
        out.backwardLocal();
        String grads = call + " with incoming grad " + outGrad + ": ";
        assertClose(sa.grad() * outGrad, a.grad(), 1e-9, grads + "x.grad after backwardLocal()");
        assertClose(sb.grad() * outGrad, b.grad(), 1e-9, grads + "y.grad after backwardLocal()");
        double hx = STEP * Math.max(1, Math.abs(x));
        double hy = STEP * Math.max(1, Math.abs(y));
        double dx = (op.apply(Value.of(x + hx), b).data() - op.apply(Value.of(x - hx), b).data()) / (2 * hx);
        double dy = (op.apply(a, Value.of(y + hy)).data() - op.apply(a, Value.of(y - hy)).data()) / (2 * hy);
        assertClose(dx * outGrad, a.grad(), 1e-5, grads + "x.grad against the finite difference with h = " + hx);
        assertClose(dy * outGrad, b.grad(), 1e-5, grads + "y.grad against the finite difference with h = " + hy);
    }
}
