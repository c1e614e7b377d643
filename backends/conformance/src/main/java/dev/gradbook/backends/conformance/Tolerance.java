package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.DType;

import java.util.Objects;

/**
 * How far a backend's result may be from the naive backend's, and why.
 *
 * <h2>Two backends need not agree to the last bit</h2>
 * Floating-point addition is not associative: {@code (a + b) + c} and {@code a + (b + c)} can
 * differ in the last bit. The naive backend sums a reduction and each matmul dot product left to
 * right; a fast backend sums in SIMD lanes, in blocks, or across threads, so its result is rounded
 * differently. It may also compute {@code exp} or {@code tanh} with its own approximation, a few
 * units in the last place (ulps) away from {@code Math}. Requiring identical bits would forbid
 * every fast backend; requiring nothing would let a wrong one pass. The tolerance sits between.
 *
 * <h2>The relative tolerance {@code rtol} of each dtype</h2>
 * <ul>
 *   <li>{@link DType#F64}: {@code rtol = 1e-12}. The unit roundoff of a double is
 *       {@code u = 2^-53 ≈ 1.1e-16}, so this allows about ten thousand roundings' worth of
 *       difference — far more than any honest reordering produces — while a real bug (a missing
 *       term, a wrong element, an off-by-one index) changes a result at the level of {@code 1e-3}
 *       or more.</li>
 *   <li>{@link DType#F32}: {@code rtol = 1e-5}. For a float {@code u = 2^-24 ≈ 6e-8}; a backend may
 *       accumulate in float where the reference accumulates in double and rounds once, and its
 *       transcendental functions may be a few float ulps off. {@code 1e-5} is about 170 ulps.</li>
 * </ul>
 *
 * <h2>Element-wise results: relative to the value</h2>
 * For {@code map}, {@code zip} and the max/min reductions (which pick an element and round
 * nothing), an element passes when
 * <pre>|actual − expected| ≤ rtol · |expected| + tiny</pre>
 * where {@code tiny} is the dtype's smallest normal number, only there so that results deep in
 * the subnormal range do not demand more precision than the format has.
 *
 * <p>{@code copy} and {@code fill} compute nothing, so they must be exact.
 *
 * <h2>Sums: relative to the size of the terms, so scaled by the reduction length</h2>
 * A sum can cancel to nearly zero even though its terms are large, and then its rounding error is
 * large relative to the result. The classical error bound for summing {@code n} terms in any order
 * is {@code |error| ≤ (n−1)·u·Σ|xᵢ|}: it grows with the sum of the magnitudes of the terms, which
 * is {@code n} times their average size. So a sum reduction passes when
 * <pre>|actual − expected| ≤ rtol · Σ|xᵢ| + tiny</pre>
 * and a matmul element {@code C[i][j] = Σₚ A[i][p]·B[p][j]} when
 * <pre>|actual − expected| ≤ rtol · Σₚ |A[i][p]|·|B[p][j]| + tiny.</pre>
 * The allowance thus grows linearly with the reduction length for terms of a given size, as the
 * error does, yet stays far below the size of one term: leaving out a single term of a
 * 1000-element sum is still caught in F32.
 *
 * <h2>Special values</h2>
 * Where the reference gives NaN the backend must give NaN; where it gives an infinity, the same
 * infinity. Signed zeros are not told apart ({@code -0.0 == 0.0}).
 *
 * <h2>Whole-network gradients</h2>
 * The end-to-end check compares gradients that passed through many operations, and one gradient
 * entry can be a difference of nearly equal terms. Those are compared norm-wise: the largest
 * element-wise difference must be at most {@code rtol · 10 · max|expected|}. The factor 10 covers
 * the chain of about a dozen operations, each adding its own rounding, and the sums of up to 33
 * terms inside it. For scale: the EJML backend's F32 gradients differ from the naive ones by about
 * {@code 4e-7} of the largest entry (its F64 ones not at all), against an allowance of
 * {@code 1e-4}.
 */
public final class Tolerance {
    /** Relative tolerance for F64 results. */
    public static final double F64_RTOL = 1e-12;
    /** Relative tolerance for F32 results. */
    public static final double F32_RTOL = 1e-5;
    /** Extra factor for gradients that went through a whole network (see the class comment). */
    public static final double NETWORK_FACTOR = 10;

    private Tolerance() {
    }

    /** The relative tolerance of {@code dtype}. */
    public static double rtol(DType dtype) {
        Objects.requireNonNull(dtype, "Tolerance.rtol: dtype is null");
        return dtype == DType.F64 ? F64_RTOL : F32_RTOL;
    }

    /** The smallest normal number of {@code dtype}: the absolute floor of every allowance. */
    public static double tiny(DType dtype) {
        Objects.requireNonNull(dtype, "Tolerance.tiny: dtype is null");
        return dtype == DType.F64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
    }

    /**
     * The allowed difference for a result whose terms had total magnitude {@code magnitude}; for an
     * element-wise result pass {@code |expected|}.
     */
    public static double allowed(DType dtype, double magnitude) {
        Objects.requireNonNull(dtype, "Tolerance.allowed: dtype is null");
        return rtol(dtype) * magnitude + tiny(dtype);
    }

    /** Whether {@code actual} is within {@code allowed} of {@code expected}, NaN and infinities exact. */
    public static boolean close(double expected, double actual, double allowed) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        if (Double.isInfinite(expected)) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= allowed; // false for a NaN or infinite actual
    }
}
