package dev.gradbook.autograd.spi;

/**
 * A window onto a {@link Storage}: which numbers of the flat storage form a tensor, and in what
 * arrangement. The element at multi-index {@code i} sits at storage position
 * {@code offset + Σ i[d] * strides[d]}.
 *
 * <p>Views are how one storage serves many tensors without copying: a transpose swaps two strides,
 * a row slice moves the offset, a broadcast sets a stride to 0. Backends read and write storage
 * only through views, so they never need to know which of these happened.
 *
 * <p>The arrays are not copied: treat them as read-only.
 *
 * @param storage the numbers
 * @param shape size of each dimension
 * @param strides storage positions skipped per step along each dimension (0 = broadcast)
 * @param offset storage position of the first element
 */
public record View(Storage storage, int[] shape, int[] strides, int offset) {

    /** A row-major view over the whole of {@code storage}, whose size must match {@code shape}. */
    public static View contiguous(Storage storage, int... shape) {
        return new View(storage, shape, Shapes.contiguousStrides(shape), 0);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements the view shows (not the size of the storage). */
    public int size() {
        return Shapes.numel(shape);
    }

    /** True when the elements lie at consecutive positions from {@code offset}, row by row. */
    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /** Storage position of the element at {@code index}. */
    public int position(int... index) {
        return Shapes.position(index, strides, offset);
    }

    /** The element at {@code index}, as a double. */
    public double get(int... index) {
        return storage.get(position(index));
    }

    @Override
    public String toString() {
        return "View(shape=" + Shapes.str(shape) + ", strides=" + Shapes.str(strides)
                + ", offset=" + offset + ", dtype=" + storage.dtype() + ")";
    }
}
