package dev.gradbook.autograd.spi;

/**
 * The element-wise functions of two arguments that {@link TensorBackend#zip} applies.
 *
 * <p>Comparisons return {@code 1.0} for true and {@code 0.0} for false, so a comparison result can
 * be used directly as a mask in further arithmetic.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD { public double apply(double a, double b) { return a + b; } },
    /** {@code a - b}. */
    SUB { public double apply(double a, double b) { return a - b; } },
    /** {@code a * b}. */
    MUL { public double apply(double a, double b) { return a * b; } },
    /** {@code a / b}. */
    DIV { public double apply(double a, double b) { return a / b; } },
    /** {@code a} raised to the power {@code b}. */
    POW { public double apply(double a, double b) { return Math.pow(a, b); } },
    /** The larger of {@code a} and {@code b}. */
    MAX { public double apply(double a, double b) { return Math.max(a, b); } },
    /** The smaller of {@code a} and {@code b}. */
    MIN { public double apply(double a, double b) { return Math.min(a, b); } },
    /** {@code 1 if a == b else 0}. */
    EQ { public double apply(double a, double b) { return a == b ? 1.0 : 0.0; } },
    /** {@code 1 if a < b else 0}. */
    LT { public double apply(double a, double b) { return a < b ? 1.0 : 0.0; } },
    /** {@code 1 if a <= b else 0}. */
    LE { public double apply(double a, double b) { return a <= b ? 1.0 : 0.0; } },
    /** {@code 1 if a > b else 0}. */
    GT { public double apply(double a, double b) { return a > b ? 1.0 : 0.0; } },
    /** {@code 1 if a >= b else 0}. */
    GE { public double apply(double a, double b) { return a >= b ? 1.0 : 0.0; } };

    /** This function applied to one pair of numbers: the definition every backend must agree with. */
    public abstract double apply(double a, double b);
}
