package dev.gradbook.layers.io;

import dev.gradbook.autograd.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a safetensors header says about one tensor, without its numbers: name, element type,
 * shape and where its bytes lie. {@link SafeTensors#readHeader} returns these so that a model can
 * check every name and shape against its own layers <em>before</em> it loads (or overwrites) a
 * single weight.
 *
 * <p>{@code begin} and {@code end} are the header's {@code data_offsets}: byte positions relative
 * to the start of the data section (the byte right after the header), {@code begin} inclusive and
 * {@code end} exclusive, so the tensor occupies {@code end - begin = numel × dtype.bytes()} bytes.
 *
 * @param name  the tensor's name in the file, e.g. {@code "dense/kernel"}
 * @param dtype the element type, {@link DType#F64} or {@link DType#F32}
 * @param shape the size of each dimension, outermost first (row-major); empty for a scalar
 * @param begin first byte of the tensor in the data section
 * @param end   one past the last byte of the tensor in the data section
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {

    /**
     * Copies {@code shape}, so that later changes to the caller's array cannot reach this record.
     *
     * @param name  the tensor's name in the file
     * @param dtype the element type
     * @param shape the size of each dimension; empty for a scalar
     * @param begin first byte of the tensor in the data section
     * @param end   one past the last byte of the tensor in the data section
     */
    public TensorInfo {
        Objects.requireNonNull(name, "TensorInfo: name is null");
        Objects.requireNonNull(dtype, "TensorInfo: dtype is null");
        Objects.requireNonNull(shape, "TensorInfo: shape is null");
        shape = shape.clone();
    }

    /**
     * The shape.
     *
     * @return the size of each dimension (a copy)
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of elements.
     *
     * @return the product of the shape: 1 for a scalar, 0 if any size is 0
     */
    public long numel() {
        long n = 1;
        for (int size : shape) {
            n *= size;
        }
        return n;
    }

    /**
     * The size of the tensor's data.
     *
     * @return the bytes it occupies, {@code end - begin}
     */
    public long byteLength() {
        return end - begin;
    }

    /** True if {@code other} has this record's name, dtype, shape and offsets. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name) && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && begin == that.begin && end == that.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    /** For example {@code "dense/kernel": F32 [784, 512], data_offsets [0, 1605632]}. */
    @Override
    public String toString() {
        return SafeTensors.quote(name) + ": " + dtype + " " + Arrays.toString(shape)
                + ", data_offsets [" + begin + ", " + end + "]";
    }
}
