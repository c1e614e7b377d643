package dev.gradbook.autograd.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A strided array: a window onto a flat {@link Storage} that says which of its numbers form a
 * tensor, and in what arrangement. This file is the whole of gradbook's index arithmetic.
 *
 * <h2>Shape, strides, offset</h2>
 * The element at multi-index {@code i} sits at storage position
 * {@code offset + Σ i[d] * strides[d]}. A tensor of shape {@code [2, 3]} stored row by row has
 * strides {@code [3, 1]}: one step down a column skips 3 numbers, one step along a row skips 1, so
 * element {@code (1, 2)} is at position {@code 1*3 + 2*1 = 5}.
 *
 * <h2>Views without copies</h2>
 * The methods in the second half of this file ({@link #permute}, {@link #transpose},
 * {@link #expand}, {@link #narrow}, {@link #unsqueeze}, {@link #squeeze}, {@link #reshape}) are
 * pure functions: each returns a new {@code View} of the <em>same</em> storage and moves no
 * number. A transpose swaps two strides; a slice moves the offset; a broadcast sets a stride to 0,
 * so every index along that dimension reads the same number. {@code Tensor}'s view operations are
 * each "compute the new view here, wrap it, record the backward".
 *
 * <h2>The rules of the game</h2>
 * Backends read and write storage only through views, so they never need to know which of these
 * happened. Dims passed to these methods are already resolved (0 to rank-1; {@code Tensor} turns
 * {@code -1} into the last dim). Invalid arguments raise {@link IllegalArgumentException} naming
 * the method and the shapes. The arrays are not copied on the way in: treat them as read-only.
 *
 * @param storage the numbers
 * @param shape size of each dimension
 * @param strides storage positions skipped per step along each dimension (0 = broadcast)
 * @param offset storage position of the first element
 */
public record View(Storage storage, int[] shape, int[] strides, int offset) {

    /** Checks that no component is null (the null policy of {@code dev.gradbook.autograd}). */
    public View {
        Objects.requireNonNull(storage, "View: storage is null");
        Objects.requireNonNull(shape, "View: shape is null");
        Objects.requireNonNull(strides, "View: strides is null");
    }

    /** A row-major view over the whole of {@code storage}, whose size must match {@code shape}. */
    public static View contiguous(Storage storage, int... shape) {
        Objects.requireNonNull(storage, "View.contiguous: storage is null");
        Objects.requireNonNull(shape, "View.contiguous: shape is null");
        return new View(storage, shape, contiguousStrides(shape), 0);
    }

    // ------------------------------------------------------------------------------------------
    // Index arithmetic: small pure functions, each checkable by hand
    // ------------------------------------------------------------------------------------------

    /**
     * Number of elements of a tensor of this shape: the product of its sizes (1 for rank 0). Every
     * element count in gradbook goes through here, so an overflow of {@code int} is caught once.
     */
    public static int numel(int... shape) {
        return numel("numel", shape);
    }

    /**
     * {@link #numel(int...)} for operation {@code op}, whose name the error carries, e.g.
     * {@code "Flatten: shape [65536, 65536] has 4294967296 elements, more than ..."}. Sizes are
     * multiplied in {@code long}, so the count is exact before it is compared with the limit.
     */
    public static int numel(String op, int... shape) {
        Objects.requireNonNull(op, "View.numel: op is null");
        Objects.requireNonNull(shape, "View.numel: shape is null");
        long n = 1;
        for (int size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " has a negative size; sizes must be >= 0");
            }
            n = n > Integer.MAX_VALUE ? n : n * size; // once past the limit, stop multiplying: no long overflow
        }
        if (n > Integer.MAX_VALUE && Arrays.stream(shape).noneMatch(size -> size == 0)) {
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " has more than " + Integer.MAX_VALUE
                    + " elements, more than a tensor can hold (storage is indexed by int); use a smaller shape");
        }
        return n > Integer.MAX_VALUE ? 0 : (int) n;
    }

    /**
     * Row-major ("C order") strides of a freshly allocated tensor: the last dimension is adjacent in
     * memory, and each earlier stride is the product of the sizes after it ({@code [2, 3, 4]} gives
     * {@code [12, 4, 1]}).
     */
    public static int[] contiguousStrides(int... shape) {
        Objects.requireNonNull(shape, "View.contiguousStrides: shape is null");
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= Math.max(shape[d], 1);
        }
        return strides;
    }

    /**
     * The multi-index of the {@code ordinal}-th element in row-major order, written into
     * {@code index}: counting {@code 0, 1, 2, ...} over shape {@code [2, 3]} visits
     * {@code (0,0) (0,1) (0,2) (1,0) ...}. This is how a loop over "all elements" becomes a loop
     * over multi-indices.
     */
    public static void unravel(int ordinal, int[] shape, int[] index) {
        Objects.requireNonNull(shape, "View.unravel: shape is null");
        Objects.requireNonNull(index, "View.unravel: index is null");
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = ordinal % shape[d];
            ordinal /= shape[d];
        }
    }

    /** The row-major ordinal of {@code index} in {@code shape}: the inverse of {@link #unravel}. */
    public static int ravel(int[] index, int[] shape) {
        Objects.requireNonNull(index, "View.ravel: index is null");
        Objects.requireNonNull(shape, "View.ravel: shape is null");
        int[] strides = contiguousStrides(shape);
        int ordinal = 0;
        for (int d = 0; d < index.length; d++) {
            ordinal += index[d] * strides[d];
        }
        return ordinal;
    }

    /**
     * NumPy's broadcasting rule: align the shapes at their last dimension; two sizes are compatible
     * when they are equal or one of them is 1, and the result takes the larger. {@code [3, 1]} and
     * {@code [4]} give {@code [3, 4]}.
     *
     * @return the broadcast shape, or {@code null} when the shapes are not compatible
     */
    public static int[] broadcastShape(int[] a, int[] b) {
        Objects.requireNonNull(a, "View.broadcastShape: a is null");
        Objects.requireNonNull(b, "View.broadcastShape: b is null");
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

    /** A shape (or strides) as students write it: {@code [2, 3]}; {@code null} prints as {@code null}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    // ------------------------------------------------------------------------------------------
    // Inspection
    // ------------------------------------------------------------------------------------------

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements the view shows (not the size of the storage). */
    public int size() {
        return numel(shape);
    }

    /**
     * True when the elements lie at consecutive positions from {@code offset}, row by row: then the
     * storage can be re-read in any other shape. Size-1 dims never step, so their strides do not
     * matter; a view with a size-0 dim has no elements to be out of place.
     */
    public boolean isContiguous() {
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

    /**
     * Storage position of the element at {@code index}: {@code offset + Σ index[d]·strides[d]}. Backends
     * call this for every element, so it does not check its argument: {@code index} must have one entry
     * per dim, each inside the shape ({@link #get} checks).
     */
    public int position(int... index) {
        Objects.requireNonNull(index, "View.position: index is null");
        int position = offset;
        for (int d = 0; d < index.length; d++) {
            position += index[d] * strides[d];
        }
        return position;
    }

    /**
     * The element at {@code index}, as a double. Unlike {@link #position}, which backends call for
     * every element and which therefore trusts its caller, this checks the index against the shape.
     */
    public double get(int... index) {
        Objects.requireNonNull(index, "View.get: index is null");
        if (index.length != rank()) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a view of rank " + rank()
                    + " (shape " + str(shape) + ")");
        }
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " is outside shape "
                        + str(shape) + " at dim " + d);
            }
        }
        return storage.get(position(index));
    }

    /** Checks that {@code dim} names one of this view's dims (0 to rank-1), for {@code op}'s message. */
    private int checkDim(String op, int dim) {
        if (dim < 0 || dim >= rank()) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for shape " + str(shape)
                    + (rank() == 0 ? " (a scalar has no dims)" : " (valid: 0.." + (rank() - 1) + ")"));
        }
        return dim;
    }

    // ------------------------------------------------------------------------------------------
    // New views of the same storage: no number moves
    // ------------------------------------------------------------------------------------------

    /**
     * Reorders the dims: dim {@code i} of the result is dim {@code order[i]} of this view. Only
     * the shape and strides are shuffled; {@code [2, 3]} with strides {@code [3, 1]} permuted by
     * {@code (1, 0)} is {@code [3, 2]} with strides {@code [1, 3]}.
     */
    public View permute(int... order) {
        Objects.requireNonNull(order, "View.permute: order is null");
        if (order.length != rank()) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " entries but the tensor has rank " + rank() + " (shape " + str(shape) + ")");
        }
        int[] newShape = new int[rank()];
        int[] newStrides = new int[rank()];
        boolean[] used = new boolean[rank()];
        for (int i = 0; i < rank(); i++) {
            int d = order[i];
            if (d < 0 || d >= rank() || used[d]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order)
                        + " is not a permutation of 0.." + (rank() - 1) + "; dim " + d
                        + (d < 0 || d >= rank() ? " does not exist" : " appears twice"));
            }
            used[d] = true;
            newShape[i] = shape[d];
            newStrides[i] = strides[d];
        }
        return new View(storage, newShape, newStrides, offset);
    }

    /** Swaps two dims by swapping their sizes and strides. */
    public View transpose(int dim0, int dim1) {
        checkDim("transpose", dim0);
        checkDim("transpose", dim1);
        int[] order = new int[rank()];
        for (int d = 0; d < order.length; d++) {
            order[d] = d;
        }
        order[dim0] = dim1;
        order[dim1] = dim0;
        return permute(order);
    }

    /**
     * Broadcasts to {@code target} without copying: new leading dims and size-1 dims that grow get
     * stride 0, so each of their indices reads the same numbers. The other sizes must match.
     */
    public View expand(int... target) {
        Objects.requireNonNull(target, "View.expand: target is null");
        int lead = target.length - rank();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: cannot expand shape " + str(shape)
                    + " to fewer dims " + str(target));
        }
        int[] newStrides = new int[target.length]; // leading dims: stride 0
        for (int d = 0; d < rank(); d++) {
            int wanted = target[lead + d];
            if (shape[d] == wanted) {
                newStrides[lead + d] = strides[d];
            } else if (shape[d] == 1) {
                newStrides[lead + d] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand shape " + str(shape) + " to "
                        + str(target) + ": dim " + d + " has size " + shape[d] + " and only size-1 dims can grow");
            }
        }
        return new View(storage, target.clone(), newStrides, offset);
    }

    /**
     * {@code length} consecutive entries of {@code dim} from {@code start}: the same strides, the
     * offset moved {@code start} steps along that dim.
     */
    public View narrow(int dim, int start, int length) {
        int size = shape[checkDim("narrow", dim)];
        if (start < 0 || length < 0 || length > size - start) { // not start + length > size: that can overflow
            throw new IllegalArgumentException("narrow: range [" + start + ", " + ((long) start + length)
                    + ") of dim " + dim + " is outside shape " + str(shape) + " (dim size " + size + ")");
        }
        int[] newShape = shape.clone();
        newShape[dim] = length;
        return new View(storage, newShape, strides, offset + start * strides[dim]);
    }

    /**
     * Inserts a size-1 dim before dim {@code dim} ({@code dim == rank()} appends one). Its stride
     * is never used, since a size-1 dim is never stepped along; 0 is chosen.
     */
    public View unsqueeze(int dim) {
        if (dim < 0 || dim > rank()) {
            throw new IllegalArgumentException("unsqueeze: dim " + dim + " is out of range for shape "
                    + str(shape) + " (valid: 0.." + rank() + ")");
        }
        int[] newShape = new int[rank() + 1];
        int[] newStrides = new int[rank() + 1];
        for (int i = 0, j = 0; i < newShape.length; i++) {
            boolean added = i == dim;
            newShape[i] = added ? 1 : shape[j];
            newStrides[i] = added ? 0 : strides[j++];
        }
        return new View(storage, newShape, newStrides, offset);
    }

    /** Removes dim {@code dim}, which must have size 1. */
    public View squeeze(int dim) {
        if (shape[checkDim("squeeze", dim)] != 1) {
            throw new IllegalArgumentException("squeeze: dim " + dim + " of shape " + str(shape)
                    + " has size " + shape[dim] + "; only size-1 dims can be removed");
        }
        int[] newShape = new int[rank() - 1];
        int[] newStrides = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i != dim) {
                newShape[j] = shape[i];
                newStrides[j++] = strides[i];
            }
        }
        return new View(storage, newShape, newStrides, offset);
    }

    /**
     * The same elements read row by row in another shape. Only a contiguous view can be re-read
     * this way: in a transposed or sliced view the next element in row-major order is not the next
     * number in storage, so no strides describe the new shape and the data must be copied first.
     */
    public View reshape(int... newShape) {
        Objects.requireNonNull(newShape, "View.reshape: newShape is null");
        if (numel(newShape) != size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + str(shape) + " (" + size()
                    + " elements) to " + str(newShape) + " (" + numel(newShape)
                    + " elements); the number of elements must stay the same");
        }
        if (!isContiguous()) {
            throw new IllegalArgumentException("reshape: cannot view shape " + str(shape) + " with strides "
                    + str(strides) + " as " + str(newShape) + " without copying: its elements are not"
                    + " stored row by row (it was transposed, permuted or sliced); copy it first");
        }
        return new View(storage, newShape.clone(), contiguousStrides(newShape), offset);
    }

    @Override
    public String toString() {
        return "View(shape=" + str(shape) + ", strides=" + str(strides)
                + ", offset=" + offset + ", dtype=" + storage.dtype() + ")";
    }
}
