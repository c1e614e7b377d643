package dev.gradbook.exercises.strided;

import dev.gradbook.exercises.grading.Todo;

import java.util.Arrays;
import java.util.Objects;

/**
 * A small strided array of your own (chapter 3): a {@code double[]} and the shape, strides and
 * offset that say which of its numbers form the tensor. Several arrays may share one
 * {@code double[]}: a view is a new way of reading the same numbers, never a copy.
 *
 * <p>ex3.4 is {@link #permute}: a view with the dims reordered, sharing this array's storage.
 * {@link #get} and {@link #set} use your {@link Strides#position} (ex3.1).
 */
public final class StridedArray {

    private final double[] storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    /**
     * A view of {@code storage}: no number is copied.
     *
     * @throws NullPointerException if an argument is null
     */
    public StridedArray(double[] storage, int[] shape, int[] strides, int offset) {
        Objects.requireNonNull(storage, "StridedArray: storage is null");
        Objects.requireNonNull(shape, "StridedArray: shape is null");
        Objects.requireNonNull(strides, "StridedArray: strides is null");
        this.storage = storage;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
    }

    /**
     * A row-major array over the whole of {@code storage}, whose length must match the shape.
     *
     * @throws NullPointerException if an argument is null
     */
    public static StridedArray contiguous(double[] storage, int... shape) {
        Objects.requireNonNull(storage, "StridedArray.contiguous: storage is null");
        Objects.requireNonNull(shape, "StridedArray.contiguous: shape is null");
        return new StridedArray(storage, shape, Strides.contiguousStrides(shape), 0);
    }

    /** The numbers this array reads, shared with every view of it. */
    public double[] storage() {
        return storage;
    }

    /** The size of each dim (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The storage step of each dim (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** The storage position of element {@code (0, ..., 0)}. */
    public int offset() {
        return offset;
    }

    /**
     * The element at {@code index}.
     *
     * @throws NullPointerException if {@code index} is null
     */
    public double get(int... index) {
        Objects.requireNonNull(index, "StridedArray.get: index is null");
        return storage[Strides.position(offset, strides, index)];
    }

    /**
     * Writes the element at {@code index}; every view of the same storage sees the change.
     *
     * @throws NullPointerException if {@code index} is null
     */
    public void set(double value, int... index) {
        Objects.requireNonNull(index, "StridedArray.set: index is null");
        storage[Strides.position(offset, strides, index)] = value;
    }

    /**
     * The dims reordered: dim {@code i} of the result is dim {@code order[i]} of this array, and
     * the result reads the same storage. {@code [2, 3]} with strides {@code [3, 1]} permuted by
     * {@code (1, 0)} is {@code [3, 2]} with strides {@code [1, 3]}: the transpose.
     *
     * @throws NullPointerException if {@code order} is null
     * @throws IllegalArgumentException when {@code order} is not a permutation of
     *                                  {@code 0 .. rank-1}; the message names the order and the shape
     */
    public StridedArray permute(int... order) {
        Objects.requireNonNull(order, "StridedArray.permute: order is null");
        // BEGIN SOLUTION ex3.4
        int rank = shape.length;
        boolean[] used = new boolean[rank];
        if (order.length != rank) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not fit shape "
                    + Arrays.toString(shape) + " of rank " + rank);
        }
        int[] newShape = new int[rank];
        int[] newStrides = new int[rank];
        for (int i = 0; i < rank; i++) {
            int d = order[i];
            if (d < 0 || d >= rank || used[d]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order)
                        + " is not a permutation of 0.." + (rank - 1) + " (shape " + Arrays.toString(shape) + ")");
            }
            used[d] = true;
            newShape[i] = shape[d];
            newStrides[i] = strides[d];
        }
        return new StridedArray(storage, newShape, newStrides, offset);
        // END SOLUTION
    }

    @Override
    public String toString() {
        return "StridedArray(shape=" + Arrays.toString(shape) + ", strides=" + Arrays.toString(strides)
                + ", offset=" + offset + ")";
    }
}
