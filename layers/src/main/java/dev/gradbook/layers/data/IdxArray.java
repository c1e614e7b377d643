package dev.gradbook.layers.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable n-dimensional array of unsigned bytes (0..255): what one IDX file holds.
 *
 * <p>An MNIST image file becomes an {@code IdxArray} of shape {@code [60000, 28, 28]} (60,000
 * images of 28 rows by 28 columns); its label file one of shape {@code [60000]}. The bytes are
 * stored <em>row-major</em> (C order): the last index changes fastest, so pixel
 * {@code (image i, row r, column c)} sits at flat position {@code (i * 28 + r) * 28 + c}. That is
 * the order the IDX file itself uses, and the order {@code Tensor}s use, so no reshuffling is ever
 * needed.
 *
 * <p>Java's {@code byte} is signed (-128..127), but IDX "unsigned byte" data means 0..255. Every
 * accessor here therefore returns an {@code int} already converted with {@code b & 0xFF}; only
 * {@link #toByteArray()} hands out the raw two's-complement bytes.
 *
 * <p>Immutable: the constructor copies what it is given and {@link #shape()} and
 * {@link #toByteArray()} return copies, so an {@code IdxArray} can be shared freely.
 *
 * @see Idx for reading and writing IDX files
 */
public final class IdxArray {

    /** The largest array the JVM reliably allocates; a bigger IDX file cannot be held in one. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final int[] shape;
    private final byte[] data;

    private IdxArray(int[] shape, byte[] data) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps raw bytes, read as unsigned values 0..255, in an array of the given shape.
     *
     * @param data  the values in row-major order; copied, so later changes to it do not leak in
     * @param shape one non-negative size per dimension, at least one dimension
     * @return the new array
     * @throws IllegalArgumentException if the shape is empty or negative, or its product is not
     *                                  {@code data.length}
     */
    public static IdxArray ofUnsignedBytes(byte[] data, int... shape) {
        Objects.requireNonNull(data, "IdxArray.ofUnsignedBytes: data is null");
        int[] checkedShape = checkShape("IdxArray.ofUnsignedBytes", shape);
        long size = product(checkedShape);
        if (size != data.length) {
            throw new IllegalArgumentException("IdxArray.ofUnsignedBytes: shape "
                    + formatShape(checkedShape) + " holds " + size + " values but " + data.length
                    + " bytes were given — the shape and the data must agree");
        }
        return new IdxArray(checkedShape, data.clone());
    }

    /**
     * Builds an array from {@code int} values, each of which must fit in an unsigned byte.
     * Convenient when the values were computed, e.g. {@code Math.round(brightness * 255)}.
     *
     * @param values the values in row-major order, each in 0..255
     * @param shape  one non-negative size per dimension, at least one dimension
     * @return the new array
     * @throws IllegalArgumentException if a value is outside 0..255, or the shape does not fit
     *                                  the number of values
     */
    public static IdxArray of(int[] values, int... shape) {
        Objects.requireNonNull(values, "IdxArray.of: values is null");
        int[] checkedShape = checkShape("IdxArray.of", shape);
        long size = product(checkedShape);
        if (size != values.length) {
            throw new IllegalArgumentException("IdxArray.of: shape " + formatShape(checkedShape)
                    + " holds " + size + " values but " + values.length
                    + " were given — the shape and the data must agree");
        }
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("IdxArray.of: value " + v + " at flat index "
                        + i + " does not fit in an unsigned byte (0..255) — clamp or rescale it");
            }
            bytes[i] = (byte) v;
        }
        return new IdxArray(checkedShape, bytes);
    }

    /** Wraps without copying; only for readers in this package that own {@code data}. */
    static IdxArray wrap(int[] shape, byte[] data) {
        return new IdxArray(shape, data);
    }

    /**
     * The size of each dimension, e.g. {@code [60000, 28, 28]}.
     *
     * @return a fresh copy of the shape
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions, e.g. 3 for a stack of images, 1 for labels.
     *
     * @return the length of {@link #shape()}
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The size of one dimension.
     *
     * @param axis which dimension, 0 for the first
     * @return {@code shape()[axis]}
     * @throws IndexOutOfBoundsException with a message naming the rank, if the axis does not exist
     */
    public int dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IndexOutOfBoundsException("IdxArray.dim: axis " + axis + " does not exist in"
                    + " a " + shape.length + "-dimensional array of shape " + shapeString()
                    + " — axes run from 0 to " + (shape.length - 1));
        }
        return shape[axis];
    }

    /**
     * The total number of values, the product of the shape.
     *
     * @return e.g. 47,040,000 for {@code [60000, 28, 28]}
     */
    public int size() {
        return data.length;
    }

    /**
     * One value, addressed by one index per dimension.
     *
     * @param index e.g. {@code get(image, row, column)} for a stack of images
     * @return the value as an unsigned number 0..255
     * @throws IndexOutOfBoundsException with a message naming the axis, the index and the valid
     *                                   range, if an index is out of range or the count is wrong
     */
    public int get(int... index) {
        Objects.requireNonNull(index, "IdxArray.get: index is null");
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("IdxArray.get: " + index.length + " indices given"
                    + " for a " + shape.length + "-dimensional array of shape " + shapeString()
                    + " — give one index per dimension");
        }
        int flat = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            int i = index[axis];
            if (i < 0 || i >= shape[axis]) {
                throw new IndexOutOfBoundsException("IdxArray.get: index " + i + " on axis " + axis
                        + " is outside 0.." + (shape[axis] - 1) + " (shape " + shapeString() + ")");
            }
            flat = flat * shape[axis] + i;
        }
        return data[flat] & 0xFF;
    }

    /**
     * One value, addressed by its position in row-major order.
     *
     * @param flatIndex 0 ≤ flatIndex &lt; {@link #size()}
     * @return the value as an unsigned number 0..255
     * @throws IndexOutOfBoundsException with a message naming the index and the size
     */
    public int getFlat(int flatIndex) {
        if (flatIndex < 0 || flatIndex >= data.length) {
            throw new IndexOutOfBoundsException("IdxArray.getFlat: flat index " + flatIndex
                    + " is outside 0.." + (data.length - 1) + " (shape " + shapeString() + ")");
        }
        return data[flatIndex] & 0xFF;
    }

    /**
     * The values along the first axis from {@code from} (inclusive) to {@code to} (exclusive):
     * {@code slice(0, 1000)} of a {@code [60000, 28, 28]} image stack is the first 1,000 images,
     * shape {@code [1000, 28, 28]}.
     *
     * @param from first index to keep
     * @param to   one past the last index to keep
     * @return a new array (the bytes are copied)
     * @throws IndexOutOfBoundsException if the range is not within {@code 0..dim(0)}
     */
    public IdxArray slice(int from, int to) {
        if (from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("IdxArray.slice: range [" + from + ", " + to
                    + ") is not within [0, " + shape[0] + "] along the first axis of shape "
                    + shapeString() + " — need 0 <= from <= to <= " + shape[0]);
        }
        int[] newShape = shape.clone();
        newShape[0] = to - from;
        int stride = shape[0] == 0 ? 0 : data.length / shape[0];
        return new IdxArray(newShape, Arrays.copyOfRange(data, from * stride, to * stride));
    }

    /**
     * The raw bytes in row-major order, as Java's signed {@code byte}s. Convert each with
     * {@code b & 0xFF} to get the 0..255 value back.
     *
     * @return a fresh copy of the data
     */
    public byte[] toByteArray() {
        return data.clone();
    }

    /** The data without copying; only for code in this package that promises not to write it. */
    byte[] rawData() {
        return data;
    }

    /**
     * The shape written the way error messages and the IDX literature write it, e.g.
     * {@code 60000×28×28}.
     *
     * @return the sizes joined by {@code ×}
     */
    public String shapeString() {
        return formatShape(shape);
    }

    /**
     * Two arrays are equal when they have the same shape and the same values.
     *
     * @param other any object
     * @return whether {@code other} is an {@code IdxArray} with equal shape and data
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof IdxArray
                && Arrays.equals(shape, ((IdxArray) other).shape)
                && Arrays.equals(data, ((IdxArray) other).data);
    }

    /** @return a hash of the shape and the data, consistent with {@link #equals(Object)} */
    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** @return e.g. {@code IdxArray[uint8 60000×28×28]}; the values are not listed */
    @Override
    public String toString() {
        return "IdxArray[uint8 " + shapeString() + "]";
    }

    static String formatShape(int[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                s.append('×');
            }
            s.append(shape[i]);
        }
        return s.toString();
    }

    /** The product as a long, so that an absurd header cannot overflow silently. */
    static long product(int[] shape) {
        for (int d : shape) {
            if (d == 0) {
                return 0; // checked first: [huge, huge, 0] is empty, not too big
            }
        }
        long p = 1;
        for (int d : shape) {
            p *= d;
            if (p > MAX_ELEMENTS) {
                return Long.MAX_VALUE; // saturate: the caller only needs "too big"
            }
        }
        return p;
    }

    private static int[] checkShape(String operation, int[] shape) {
        Objects.requireNonNull(shape, operation + ": shape is null");
        if (shape.length == 0 || shape.length > 255) {
            throw new IllegalArgumentException(operation + ": an IDX array needs 1 to 255"
                    + " dimensions but the shape has " + shape.length);
        }
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] < 0) {
                throw new IllegalArgumentException(operation + ": dimension " + axis + " is "
                        + shape[axis] + " in shape " + Arrays.toString(shape)
                        + " — sizes cannot be negative");
            }
        }
        if (product(shape) > MAX_ELEMENTS) {
            throw new IllegalArgumentException(operation + ": shape " + formatShape(shape)
                    + " has more than " + MAX_ELEMENTS + " values, more than one Java array holds");
        }
        return shape.clone();
    }
}
