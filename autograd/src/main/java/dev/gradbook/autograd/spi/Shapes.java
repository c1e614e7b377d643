package dev.gradbook.autograd.spi;

import java.util.Arrays;

/**
 * The index arithmetic of strided tensors, in one place. Every function here is pure and small
 * enough to check by hand; backends and the tensor engine both use them.
 *
 * <p>A tensor of shape {@code [2, 3]} stored row by row has strides {@code [3, 1]}: stepping one
 * row skips 3 numbers, stepping one column skips 1. The element at index {@code (i, j)} lives at
 * position {@code offset + i*3 + j*1}. Transposing swaps the strides ({@code [1, 3]}) and moves no
 * number; broadcasting a dimension sets its stride to 0 so every index along it reads the same
 * number.
 */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements of a tensor of this shape: the product of its sizes (1 for rank 0). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int size : shape) {
            n *= size;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more than " + Integer.MAX_VALUE + " elements; storage is indexed by int");
            }
        }
        return (int) n;
    }

    /**
     * Row-major ("C order") strides of a freshly allocated tensor: the last dimension is adjacent in
     * memory, and each earlier stride is the product of the sizes after it.
     */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= Math.max(shape[d], 1);
        }
        return strides;
    }

    /** Storage position of the element at multi-index {@code index}: offset + Σ index[d]·strides[d]. */
    public static int position(int[] index, int[] strides, int offset) {
        int position = offset;
        for (int d = 0; d < index.length; d++) {
            position += index[d] * strides[d];
        }
        return position;
    }

    /**
     * The multi-index of the {@code ordinal}-th element in row-major order, written into
     * {@code index} (the inverse of counting elements row by row).
     */
    public static void unravel(int ordinal, int[] shape, int[] index) {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = ordinal % shape[d];
            ordinal /= shape[d];
        }
    }

    /** The row-major ordinal of {@code index} in {@code shape}: the inverse of {@link #unravel}. */
    public static int ravel(int[] index, int[] shape) {
        return position(index, contiguousStrides(shape), 0);
    }

    /**
     * NumPy's broadcasting rule: align the shapes at their last dimension; two sizes are compatible
     * when they are equal or one of them is 1, and the result takes the larger.
     *
     * @return the broadcast shape, or {@code null} when the shapes are not compatible
     */
    public static int[] broadcastShapeOrNull(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int sa = i <= a.length ? a[a.length - i] : 1;
            int sb = i <= b.length ? b[b.length - i] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                return null;
            }
            out[rank - i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /**
     * True if the row-major walk over {@code shape} visits consecutive positions. A shape with a
     * size-0 dim has no elements to be out of place, so it is contiguous whatever its strides.
     */
    public static boolean isContiguous(int[] shape, int[] strides) {
        for (int size : shape) {
            if (size == 0) {
                return true;
            }
        }
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** A shape as students write it: {@code [2, 3]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
