package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.Tensor;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the tensor graders of chapters 4, 7 and 9 share: random tensors from a grader's seeded
 * {@link Random}, gradbook's own autograd as the oracle of a gradient, and a comparison of two
 * tensors whose failure message shows the shapes, the first element that differs and both values.
 */
public final class TensorChecks {

    private TensorChecks() {
    }

    /**
     * A tensor of {@code shape} with numbers drawn uniformly from {@code [low, high)}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static Tensor uniform(Random random, double low, double high, int... shape) {
        Objects.requireNonNull(random, "TensorChecks.uniform: random is null");
        Objects.requireNonNull(shape, "TensorChecks.uniform: shape is null");
        double[] values = new double[Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < values.length; i++) {
            values[i] = low + (high - low) * random.nextDouble();
        }
        return Tensor.of(values, shape);
    }

    /**
     * A shape of rank {@code minRank .. maxRank} with sizes {@code 1 .. maxSize}.
     *
     * @throws NullPointerException if {@code random} is null
     */
    public static int[] randomShape(Random random, int minRank, int maxRank, int maxSize) {
        Objects.requireNonNull(random, "TensorChecks.randomShape: random is null");
        int[] shape = new int[minRank + random.nextInt(maxRank - minRank + 1)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = 1 + random.nextInt(maxSize);
        }
        return shape;
    }

    /**
     * A shape that broadcasts to {@code shape}: some leading dims dropped, some sizes set to 1
     * (chapter 3's rule run backwards).
     *
     * @throws NullPointerException if an argument is null
     */
    public static int[] broadcastableTo(Random random, int[] shape) {
        Objects.requireNonNull(random, "TensorChecks.broadcastableTo: random is null");
        Objects.requireNonNull(shape, "TensorChecks.broadcastableTo: shape is null");
        int[] in = Arrays.copyOfRange(shape, random.nextInt(shape.length + 1), shape.length);
        for (int d = 0; d < in.length; d++) {
            if (random.nextInt(3) == 0) {
                in[d] = 1;
            }
        }
        return in;
    }

    /**
     * gradbook's reduction of a gradient in a broadcast shape to the shape of the input that was
     * broadcast, computed by gradbook's own backward pass: the gradient of {@code input + zeros}
     * (which broadcasts {@code input} to {@code grad}'s shape) with respect to {@code input}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static Tensor reduceLikeGradbook(Tensor grad, int[] inputShape) {
        Objects.requireNonNull(grad, "TensorChecks.reduceLikeGradbook: grad is null");
        Objects.requireNonNull(inputShape, "TensorChecks.reduceLikeGradbook: inputShape is null");
        Tensor leaf = Tensor.zeros(inputShape).requiresGrad(true);
        leaf.add(Tensor.zeros(grad.shape())).backward(grad.detach());
        return leaf.grad();
    }

    /**
     * A fresh leaf with {@code t}'s numbers that wants a gradient: the oracle's copy of an input.
     *
     * @throws NullPointerException if {@code t} is null
     */
    public static Tensor leaf(Tensor t) {
        Objects.requireNonNull(t, "TensorChecks.leaf: t is null");
        return Tensor.of(t.toDoubleArray(), t.shape()).requiresGrad(true);
    }

    /**
     * A copy of {@code t}'s numbers without a graph: what a student's code is handed.
     *
     * @throws NullPointerException if {@code t} is null
     */
    public static Tensor plain(Tensor t) {
        Objects.requireNonNull(t, "TensorChecks.plain: t is null");
        return Tensor.of(t.toDoubleArray(), t.shape());
    }

    /**
     * {@code [2, 3]}, as shapes are written in the book.
     *
     * @throws NullPointerException if {@code shape} is null
     */
    public static String str(int[] shape) {
        Objects.requireNonNull(shape, "TensorChecks.str: shape is null");
        return Arrays.toString(shape);
    }

    /**
     * {@code actual} has {@code expected}'s shape and every element agrees with it to a relative
     * {@code tolerance} (absolute for elements below 1 in size).
     *
     * @throws NullPointerException if {@code expected} or {@code what} is null; a null {@code actual} (a student's code returned null) fails the assertion, saying so
     */
    public static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        Objects.requireNonNull(expected, "TensorChecks.assertClose: expected is null");
        Objects.requireNonNull(what, "TensorChecks.assertClose: what is null");
        if (actual == null) {
            fail(what + ": expected a tensor of shape " + str(expected.shape()) + " but got null");
        }
        assertArrayEquals(expected.shape(), actual.shape(), what + ": the shape (expected " + str(expected.shape())
                + ", got " + str(actual.shape()) + ")");
        assertClose(expected.toDoubleArray(), actual.toDoubleArray(), expected.shape(), tolerance, what);
    }

    /**
     * {@link #assertClose(Tensor, Tensor, double, String)} for row-major arrays of {@code shape}.
     *
     * @throws NullPointerException if {@code expected}, {@code shape} or {@code what} is null; a null {@code actual} fails the assertion, saying so
     */
    public static void assertClose(double[] expected, double[] actual, int[] shape, double tolerance, String what) {
        Objects.requireNonNull(expected, "TensorChecks.assertClose: expected is null");
        Objects.requireNonNull(shape, "TensorChecks.assertClose: shape is null");
        Objects.requireNonNull(what, "TensorChecks.assertClose: what is null");
        if (actual == null) {
            fail(what + ": expected " + expected.length + " numbers (shape " + str(shape) + ") but got null");
        }
        if (actual.length != expected.length) {
            fail(what + ": expected " + expected.length + " numbers (shape " + str(shape) + ") but got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean close = e == a || Math.abs(e - a) <= tolerance * Math.max(1, Math.abs(e));
            if (!close) {
                fail(what + ": element " + str(unravel(i, shape)) + " (of shape " + str(shape) + ") should be " + e
                        + " but is " + a + (expected.length <= 12 ? "; expected " + Arrays.toString(expected)
                        + ", got " + Arrays.toString(actual) : ""));
            }
        }
    }

    private static int[] unravel(int ordinal, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = ordinal % shape[d];
            ordinal /= shape[d];
        }
        return index;
    }
}
