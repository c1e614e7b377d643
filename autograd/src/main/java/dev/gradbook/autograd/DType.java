package dev.gradbook.autograd;

/**
 * The element type of a tensor's storage.
 *
 * <p>{@link #F64} (Java {@code double}) is the default: gradient checks by finite differences
 * need its 15-16 significant digits. {@link #F32} (Java {@code float}) halves the memory and lets
 * fast backends put twice as many numbers in one SIMD register, which is why training usually
 * runs in single precision.
 */
public enum DType {
    /** 64-bit IEEE 754 floating point, 8 bytes per element. */
    F64(8),
    /** 32-bit IEEE 754 floating point, 4 bytes per element. */
    F32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes one element occupies in memory. */
    public int bytes() {
        return bytes;
    }
}
