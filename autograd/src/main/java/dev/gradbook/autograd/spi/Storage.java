package dev.gradbook.autograd.spi;

import dev.gradbook.autograd.DType;

import java.util.Objects;

/**
 * A flat, one-dimensional block of numbers owned by a backend. A tensor never owns numbers itself:
 * it is a {@link View} — shape, strides and offset — onto a storage, which is why transposing or
 * slicing a tensor costs nothing.
 *
 * <p>{@link #get} and {@link #set} convert through {@code double} so that a readable backend can
 * treat every dtype alike; fast backends instead reach the raw array of {@link DoubleStorage} or
 * {@link FloatStorage}.
 */
public interface Storage {

    /** The element type of this storage. */
    DType dtype();

    /** Number of elements. */
    int size();

    /** The element at flat position {@code position}, widened to double. */
    double get(int position);

    /** Stores {@code value} (narrowed to this storage's dtype) at flat position {@code position}. */
    void set(int position, double value);

    /**
     * A storage as people read it: dtype, size and the numbers in memory order, the first 20 of
     * them for a large one ({@code F32 storage of 784: [0.0, 0.0, ..., 0.0, ...]}).
     */
    static String describe(Storage storage) {
        Objects.requireNonNull(storage, "Storage.describe: storage is null");
        int shown = Math.min(storage.size(), 20);
        StringBuilder sb = new StringBuilder().append(storage.dtype()).append(" storage of ").append(storage.size())
                .append(": [");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(storage.get(i));
        }
        return sb.append(storage.size() > shown ? ", ...]" : "]").toString();
    }
}
