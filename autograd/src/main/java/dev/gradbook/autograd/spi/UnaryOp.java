package dev.gradbook.autograd.spi;

/**
 * The element-wise functions of one argument that {@link TensorBackend#map} applies.
 *
 * <p>Each constant carries its own scalar definition in {@link #apply(double)}: a readable backend
 * simply calls it for every element; a fast backend switches on the constant and runs a kernel
 * specialised for it. One list of ops, so every backend agrees on what exists.
 */
public enum UnaryOp {
    /** {@code x} — used for copying a (possibly strided) view into fresh storage. */
    IDENTITY { public double apply(double x) { return x; } },
    /** {@code -x}. */
    NEG { public double apply(double x) { return -x; } },
    /** {@code e^x}. */
    EXP { public double apply(double x) { return Math.exp(x); } },
    /** Natural logarithm {@code ln x}. */
    LOG { public double apply(double x) { return Math.log(x); } },
    /** {@code √x}. */
    SQRT { public double apply(double x) { return Math.sqrt(x); } },
    /** {@code |x|}. */
    ABS { public double apply(double x) { return Math.abs(x); } },
    /** {@code -1, 0 or 1}: the derivative of {@code |x|} (0 at 0 by convention). */
    SIGN { public double apply(double x) { return Math.signum(x); } },
    /**
     * {@code max(x, 0)}. NaN stays NaN (as in IEEE 754 and PyTorch): a NaN must never turn into a
     * harmless-looking 0 and train on silently. {@code -0.0} gives {@code +0.0}.
     */
    RELU { public double apply(double x) { return x <= 0 ? 0.0 : x; } },
    /** {@code 1 if x > 0 else 0}: the derivative of relu (0 at 0 by convention). */
    STEP { public double apply(double x) { return x > 0 ? 1.0 : 0.0; } },
    /** The logistic function {@code 1 / (1 + e^-x)}, computed without overflow for large |x|. */
    SIGMOID {
        public double apply(double x) {
            if (x >= 0) {
                return 1.0 / (1.0 + Math.exp(-x));
            }
            double e = Math.exp(x); // e^x is tiny instead of e^-x overflowing
            return e / (1.0 + e);
        }
    },
    /** Hyperbolic tangent. */
    TANH { public double apply(double x) { return Math.tanh(x); } };

    /** This function applied to one number: the definition every backend must agree with. */
    public abstract double apply(double x);
}
