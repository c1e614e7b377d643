package dev.gradbook.autograd.spi;

/**
 * The reductions that {@link TensorBackend#reduce} performs along one dimension.
 *
 * <p>A reduction starts from its {@link #identity()} and folds every element in with
 * {@link #combine(double, double)}: {@code sum = ((0 + x0) + x1) + ...}. Fast backends may fold in
 * another order (in SIMD lanes, say), which changes a floating-point sum by rounding only.
 */
public enum ReduceOp {
    /** Sum of the elements; 0 for an empty dimension. */
    SUM(0.0) { public double combine(double acc, double x) { return acc + x; } },
    /** Largest element; -∞ for an empty dimension. */
    MAX(Double.NEGATIVE_INFINITY) { public double combine(double acc, double x) { return Math.max(acc, x); } },
    /** Smallest element; +∞ for an empty dimension. */
    MIN(Double.POSITIVE_INFINITY) { public double combine(double acc, double x) { return Math.min(acc, x); } };

    private final double identity;

    ReduceOp(double identity) {
        this.identity = identity;
    }

    /** The value of the reduction over no elements, and the starting accumulator. */
    public double identity() {
        return identity;
    }

    /** Folds one more element {@code x} into the accumulator {@code acc}. */
    public abstract double combine(double acc, double x);
}
