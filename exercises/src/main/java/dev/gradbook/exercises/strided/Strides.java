package dev.gradbook.exercises.strided;

import dev.gradbook.exercises.grading.Todo;

import java.util.Arrays;
import java.util.Objects;

/**
 * The index arithmetic of a strided array, one small pure function at a time (chapter 3). A
 * tensor is a flat array of numbers plus a shape, strides and an offset: the element at
 * multi-index {@code i} sits at position {@code offset + Σ i[d] * strides[d]}.
 *
 * <p>gradbook's {@link dev.gradbook.autograd.spi.View} holds the finished versions; the graders
 * compare yours with it on random shapes. All sizes in these tasks are at least 1.
 *
 * <ul>
 *   <li>ex3.1 {@link #contiguousStrides}, {@link #position}</li>
 *   <li>ex3.2 {@link #ravel}, {@link #unravel}</li>
 *   <li>ex3.3 {@link #broadcastShape}, {@link #broadcastIndex}</li>
 * </ul>
 */
public final class Strides {

    private Strides() {
    }

    // ---------------------------------------------------------------- ex3.1

    /**
     * Row-major strides: the last dim is adjacent in memory, each earlier stride is the product
     * of the sizes after it. {@code [2, 3, 4]} gives {@code [12, 4, 1]}; rank 0 gives {@code []}.
     *
     * @throws NullPointerException if {@code shape} is null
     */
    public static int[] contiguousStrides(int... shape) {
        Objects.requireNonNull(shape, "Strides.contiguousStrides: shape is null");
        // BEGIN SOLUTION ex3.1
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
        // END SOLUTION
    }

    /**
     * The storage position of {@code index}: {@code offset + Σ index[d] * strides[d]}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static int position(int offset, int[] strides, int... index) {
        Objects.requireNonNull(strides, "Strides.position: strides is null");
        Objects.requireNonNull(index, "Strides.position: index is null");
        // BEGIN SOLUTION ex3.1
        int position = offset;
        for (int d = 0; d < index.length; d++) {
            position += index[d] * strides[d];
        }
        return position;
        // END SOLUTION
    }

    // ---------------------------------------------------------------- ex3.2

    /**
     * The row-major ordinal of {@code index} in {@code shape}: counting {@code 0, 1, 2, ...} over
     * {@code [2, 3]} visits {@code (0,0) (0,1) (0,2) (1,0) ...}, so {@code (1, 0)} is ordinal 3.
     *
     * @throws NullPointerException if an argument is null
     */
    public static int ravel(int[] index, int[] shape) {
        Objects.requireNonNull(index, "Strides.ravel: index is null");
        Objects.requireNonNull(shape, "Strides.ravel: shape is null");
        // BEGIN SOLUTION ex3.2
        int ordinal = 0;
        for (int d = 0; d < shape.length; d++) {
            ordinal = ordinal * shape[d] + index[d];
        }
        return ordinal;
        // END SOLUTION
    }

    /**
     * The inverse of {@link #ravel}: the multi-index of the {@code ordinal}-th element of {@code shape}.
     *
     * @throws NullPointerException if {@code shape} is null
     */
    public static int[] unravel(int ordinal, int... shape) {
        Objects.requireNonNull(shape, "Strides.unravel: shape is null");
        // BEGIN SOLUTION ex3.2
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = ordinal % shape[d];
            ordinal /= shape[d];
        }
        return index;
        // END SOLUTION
    }

    // ---------------------------------------------------------------- ex3.3

    /**
     * NumPy's broadcasting rule: align the shapes at their last dim; two sizes fit when they are
     * equal or one is 1, and the result takes the larger. {@code [3, 1]} and {@code [4]} give
     * {@code [3, 4]}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException when the shapes do not fit; the message names both shapes
     */
    public static int[] broadcastShape(int[] a, int[] b) {
        Objects.requireNonNull(a, "Strides.broadcastShape: a is null");
        Objects.requireNonNull(b, "Strides.broadcastShape: b is null");
        // BEGIN SOLUTION ex3.3
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int sa = i <= a.length ? a[a.length - i] : 1;
            int sb = i <= b.length ? b[b.length - i] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException("cannot broadcast " + Arrays.toString(a) + " with "
                        + Arrays.toString(b) + ": sizes " + sa + " and " + sb + " differ and neither is 1");
            }
            out[rank - i] = sa == 1 ? sb : sa;
        }
        return out;
        // END SOLUTION
    }

    /**
     * Which element of an input of shape {@code inShape} feeds element {@code outIndex} of the
     * broadcast result: the leading dims the input lacks are dropped, and a size-1 dim of the
     * input always reads index 0. For input {@code [3, 1]} and output index {@code (5, 2, 4)}
     * (output shape {@code [6, 3, 7]}, say) the answer is {@code (2, 0)}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static int[] broadcastIndex(int[] outIndex, int[] inShape) {
        Objects.requireNonNull(outIndex, "Strides.broadcastIndex: outIndex is null");
        Objects.requireNonNull(inShape, "Strides.broadcastIndex: inShape is null");
        // BEGIN SOLUTION ex3.3
        int lead = outIndex.length - inShape.length;
        int[] index = new int[inShape.length];
        for (int d = 0; d < inShape.length; d++) {
            index[d] = inShape[d] == 1 ? 0 : outIndex[lead + d];
        }
        return index;
        // END SOLUTION
    }
}
