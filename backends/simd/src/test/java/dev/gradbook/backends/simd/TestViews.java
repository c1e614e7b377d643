package dev.gradbook.backends.simd;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.FloatStorage;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.autograd.spi.Storage;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Builds input views in every layout a backend must accept — the same numbers presented
 * contiguously, transposed, as a slice of a larger tensor, or broadcast — and compares outputs.
 * The naive and the SIMD backend use the same storage classes, so one input view feeds both.
 */
final class TestViews {
    private TestViews() {
    }

    /** How the numbers of a view are arranged in its storage. */
    enum Layout {
        /** Row by row, nothing skipped. */
        CONTIGUOUS,
        /** Stored with the dims in reverse order; the view swaps the strides back (a transpose). */
        TRANSPOSED,
        /** The middle of a tensor one larger at both ends of every dim (a slice; rows not adjacent). */
        SLICED,
        /** One number broadcast to the whole shape (every stride 0), as for {@code x * 0.5}. */
        SCALAR,
        /** One row broadcast over every leading dim (strides 0 except the last), like a bias. */
        ROW,
        /** One number per row broadcast along the last dim (last stride 0), like {@code x - rowMax}. */
        COLUMN
    }

    /** A view of {@code shape} in {@code layout} over fresh random storage. */
    static View random(DType dtype, int[] shape, Layout layout, Random random) {
        int rank = shape.length;
        int[] stored; // the shape of the numbers actually in storage, before the view's strides
        int[] strides = new int[rank];
        int offset = 0;
        switch (layout) {
            case CONTIGUOUS:
                stored = shape.clone();
                strides = View.contiguousStrides(shape);
                break;
            case TRANSPOSED: {
                stored = reversed(shape);
                int[] storedStrides = View.contiguousStrides(stored);
                for (int d = 0; d < rank; d++) {
                    strides[d] = storedStrides[rank - 1 - d];
                }
                break;
            }
            case SLICED: {
                stored = new int[rank];
                for (int d = 0; d < rank; d++) {
                    stored[d] = shape[d] + 2;
                }
                strides = View.contiguousStrides(stored);
                for (int d = 0; d < rank; d++) {
                    offset += strides[d];
                }
                break;
            }
            case SCALAR:
                stored = new int[0];
                break;
            case ROW:
                stored = rank == 0 ? new int[0] : new int[] {shape[rank - 1]};
                if (rank > 0) {
                    strides[rank - 1] = 1;
                }
                break;
            case COLUMN: {
                stored = rank == 0 ? new int[0] : Arrays.copyOf(shape, rank - 1);
                int[] storedStrides = View.contiguousStrides(stored);
                System.arraycopy(storedStrides, 0, strides, 0, Math.max(rank - 1, 0));
                break;
            }
            default:
                throw new AssertionError(layout);
        }
        Storage storage = allocate(dtype, View.numel(stored));
        for (int i = 0; i < storage.size(); i++) {
            storage.set(i, number(random));
        }
        return new View(storage, shape.clone(), strides, offset);
    }

    /** A fresh, zeroed, contiguous view, as a backend's output. */
    static View output(DType dtype, int... shape) {
        return View.contiguous(allocate(dtype, View.numel(shape)), shape);
    }

    static Storage allocate(DType dtype, int size) {
        return dtype == DType.F32 ? new FloatStorage(new float[size]) : new DoubleStorage(new double[size]);
    }

    /**
     * Mostly Gaussian numbers, but one in three is a small round number so that comparisons such
     * as {@code EQ} are sometimes true, and zeros (where relu and step switch) really occur.
     */
    static double number(Random random) {
        if (random.nextInt(3) == 0) {
            return (random.nextInt(9) - 4) * 0.5;
        }
        return random.nextGaussian() * 3;
    }

    static int[] reversed(int[] shape) {
        int[] r = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            r[d] = shape[shape.length - 1 - d];
        }
        return r;
    }

    /** Fails unless every element of {@code actual} has exactly the bits of {@code expected} (any NaN equals any NaN). */
    static void assertSameBits(View expected, View actual, String what) {
        assertSameShape(expected, actual, what);
        int[] index = new int[expected.rank()];
        for (int i = 0; i < expected.size(); i++) {
            View.unravel(i, expected.shape(), index);
            double e = expected.get(index);
            double a = actual.get(index);
            if (Double.doubleToLongBits(e) != Double.doubleToLongBits(a)) {
                fail(what + ": element " + Arrays.toString(index) + " is " + a + ", expected exactly " + e);
            }
        }
    }

    /** Fails unless each element differs from {@code expected} by at most {@code tolerance[i]} (row-major). */
    static void assertClose(View expected, View actual, double[] tolerance, String what) {
        assertSameShape(expected, actual, what);
        int[] index = new int[expected.rank()];
        for (int i = 0; i < expected.size(); i++) {
            View.unravel(i, expected.shape(), index);
            double e = expected.get(index);
            double a = actual.get(index);
            boolean same = Double.doubleToLongBits(e) == Double.doubleToLongBits(a);
            if (!same && !(Math.abs(e - a) <= tolerance[i])) {
                fail(what + ": element " + Arrays.toString(index) + " is " + a + ", expected " + e
                        + " within " + tolerance[i]);
            }
        }
    }

    private static void assertSameShape(View expected, View actual, String what) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(what + ": shape " + View.str(actual.shape()) + ", expected " + View.str(expected.shape()));
        }
    }

    /** Machine epsilon of a dtype: the gap between 1 and the next larger number. */
    static double epsilon(DType dtype) {
        return dtype == DType.F32 ? Math.ulp(1f) : Math.ulp(1.0);
    }
}
