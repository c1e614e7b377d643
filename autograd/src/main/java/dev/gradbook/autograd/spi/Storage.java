package dev.gradbook.autograd.spi;

import dev.gradbook.autograd.DType;

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
}
