package dev.gradbook.autograd.spi;

import dev.gradbook.autograd.DType;

import java.util.Objects;

/** {@link Storage} of {@link DType#F64} elements on the Java heap, backed by a {@code double[]}. */
public final class DoubleStorage implements Storage {
    private final double[] data;

    /** Wraps {@code data} without copying: writes through the storage change the array. */
    public DoubleStorage(double[] data) {
        Objects.requireNonNull(data, "DoubleStorage: data is null");
        this.data = data;
    }

    /** The backing array itself (not a copy), for backends that loop over raw memory. */
    public double[] data() {
        return data;
    }

    @Override
    public DType dtype() {
        return DType.F64;
    }

    @Override
    public int size() {
        return data.length;
    }

    @Override
    public double get(int position) {
        return data[position];
    }

    @Override
    public void set(int position, double value) {
        data[position] = value;
    }

    /** The numbers as they lie in memory, e.g. {@code F64 storage of 6: [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]}. */
    @Override
    public String toString() {
        return Storage.describe(this);
    }
}
