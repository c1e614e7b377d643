package dev.gradbook.autograd;

import java.util.Objects;

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

    /**
     * The dtype a user typed, e.g. on a command line: {@code f32}, {@code F32} or {@code float32}
     * (and likewise for 64 bits).
     *
     * @throws IllegalArgumentException naming the text and the accepted spellings
     */
    public static DType parse(String text) {
        Objects.requireNonNull(text, "DType.parse: text is null");
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32" -> F32;
            case "f64", "float64" -> F64;
            default -> throw new IllegalArgumentException("unknown dtype '" + text + "': use f32 or f64");
        };
    }
}
