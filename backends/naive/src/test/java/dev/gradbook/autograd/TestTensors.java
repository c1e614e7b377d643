package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.View;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Seeded test inputs: values kept away from the kinks and edges of the functions under test, laid
 * out in storage in the ways real tensors are (contiguous, transposed, narrowed, expanded).
 */
final class TestTensors {
    private TestTensors() {
    }

    /** How an input's elements sit in storage. */
    enum Layout {
        /** Freshly allocated, row by row. */
        CONTIGUOUS,
        /** The transpose of a contiguous tensor: the last two strides swapped. */
        TRANSPOSED,
        /** A window of the last dim of a wider tensor: offset 1, rows longer than they look. */
        NARROWED,
        /** A single row repeated with stride 0 along the first dim. */
        EXPANDED;

        /** Whether this layout can make a tensor of {@code shape}. */
        boolean fits(int[] shape) {
            return switch (this) {
                case CONTIGUOUS -> true;
                case TRANSPOSED -> shape.length >= 2;
                case NARROWED, EXPANDED -> shape.length >= 1;
            };
        }

        /** Whether a tensor of {@code shape} in this layout actually differs from a contiguous one. */
        boolean isNonContiguous(int[] shape) {
            return switch (this) {
                case CONTIGUOUS -> false;
                case TRANSPOSED -> shape[shape.length - 1] > 1 && shape[shape.length - 2] > 1;
                case NARROWED -> shape.length >= 2 && View.numel(shape) > shape[shape.length - 1]
                        && shape[shape.length - 1] > 0;
                case EXPANDED -> shape[0] > 1 && View.numel(shape) > 0;
            };
        }
    }

    /** Where the values come from: {@code values.apply(rng, n)} returns n numbers. */
    interface Values extends BiFunction<SplittableRandom, Integer, double[]> {
    }

    /** Uniform in [-2, 2]. */
    static final Values ANY = (rng, n) -> fill(n, () -> -2 + 4 * rng.nextDouble());
    /**
     * Magnitude in [0.2, 2], clear of the kinks of abs and relu at 0. Signs alternate, starting
     * positive, so a one-element input is positive and every larger one has both signs (relu then
     * passes some gradient and stops some).
     */
    static final Values AWAY_FROM_ZERO = (rng, n) -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 2 == 0 ? 1 : -1) * (0.2 + 1.8 * rng.nextDouble());
        }
        return v;
    };
    /**
     * For {@code clamp(-0.5, 0.5)}: alternately inside (|x| <= 0.4) and outside (|x| >= 0.6) the
     * interval, starting inside, never within 0.1 of a bound.
     */
    static final Values AWAY_FROM_BOUNDS = (rng, n) -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double magnitude = i % 2 == 0 ? 0.4 * rng.nextDouble() : 0.6 + rng.nextDouble();
            v[i] = (rng.nextBoolean() ? 1 : -1) * magnitude;
        }
        return v;
    };
    /** In [0.4, 2]: inside the domains of log, sqrt and fractional powers. */
    static final Values POSITIVE = (rng, n) -> fill(n, () -> 0.4 + 1.6 * rng.nextDouble());
    /** Distinct values at least {@code 2/n} apart in [-2, 2], shuffled: max never ties. */
    static final Values DISTINCT = (rng, n) -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = -2 + 4 * (i + 0.25 + 0.5 * rng.nextDouble()) / n;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    };

    private static double[] fill(int n, java.util.function.DoubleSupplier next) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = next.getAsDouble();
        }
        return v;
    }

    /**
     * A leaf tensor of {@code shape} in {@code layout}, filled from {@code values}, marked
     * {@code requiresGrad(true)}.
     */
    static Tensor leaf(Layout layout, Values values, SplittableRandom rng, int... shape) {
        Tensor t = arrange(layout, values, rng, shape);
        assertArrayEquals(shape, t.shape());
        if (layout.isNonContiguous(shape)) {
            assertFalse(t.isContiguous(), layout + " input " + View.str(shape) + " should be non-contiguous");
        }
        return t.requiresGrad(true);
    }

    private static Tensor arrange(Layout layout, Values values, SplittableRandom rng, int[] shape) {
        int rank = shape.length;
        switch (layout) {
            case CONTIGUOUS:
                return Tensor.of(values.apply(rng, View.numel(shape)), shape);
            case TRANSPOSED: {
                int[] base = shape.clone();
                base[rank - 1] = shape[rank - 2];
                base[rank - 2] = shape[rank - 1];
                return Tensor.of(values.apply(rng, View.numel(base)), base).transpose(-1, -2);
            }
            case NARROWED: {
                int[] base = shape.clone();
                base[rank - 1] += 2;
                return Tensor.of(values.apply(rng, View.numel(base)), base).narrow(-1, 1, shape[rank - 1]);
            }
            case EXPANDED: {
                int[] base = shape.clone();
                base[0] = 1;
                return Tensor.of(values.apply(rng, View.numel(base)), base).expand(shape);
            }
            default:
                throw new AssertionError(layout);
        }
    }

    /** A contiguous F64 tensor of {@code shape} with values from {@code values}, no grad. */
    static Tensor constant(Values values, SplittableRandom rng, int... shape) {
        return Tensor.of(values.apply(rng, View.numel(shape)), shape);
    }

    static String str(int[]... shapes) {
        StringBuilder sb = new StringBuilder();
        for (int[] s : shapes) {
            if (sb.length() > 0) {
                sb.append(" with ");
            }
            sb.append(Arrays.toString(s));
        }
        return sb.toString();
    }
}
