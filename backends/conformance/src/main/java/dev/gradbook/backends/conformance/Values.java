package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.UnaryOp;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Where the kit's random inputs come from. Each operation gets numbers from the part of its domain
 * where it is interesting and well defined, so that a mismatch means a bug and not a NaN that both
 * backends happen to produce.
 */
public enum Values {
    /**
     * Uniform in {@code [-2, 2]}, with about one number in eight replaced by an exact
     * {@code -1}, {@code 0} or {@code 1}: zeros exercise the conventions of relu, step and sign at
     * 0, and repeats create ties for max and min.
     */
    GENERAL {
        @Override
        public double next(RandomGenerator rng) {
            if (rng.nextInt(8) == 0) {
                return rng.nextInt(3) - 1;
            }
            return rng.nextDouble(-2.0, 2.0);
        }
    },
    /** Uniform in {@code [0.1, 4]}: inside the domain of log, sqrt and a fractional power. */
    POSITIVE {
        @Override
        public double next(RandomGenerator rng) {
            return rng.nextDouble(0.1, 4.0);
        }
    },
    /** Whole numbers from {@code -2} to {@code 2}: equal pairs are common, so comparisons see ties. */
    SMALL_INTEGERS {
        @Override
        public double next(RandomGenerator rng) {
            return rng.nextInt(5) - 2;
        }
    };

    /** One random number. */
    public abstract double next(RandomGenerator rng);

    /** The inputs a unary op is tested on. */
    public static Values forOp(UnaryOp op) {
        Objects.requireNonNull(op, "Values.forOp: op is null");
        return op == UnaryOp.LOG || op == UnaryOp.SQRT ? POSITIVE : GENERAL;
    }

    /** The inputs of a binary op (the same kind for both operands). */
    public static Values forOp(BinaryOp op) {
        Objects.requireNonNull(op, "Values.forOp: op is null");
        switch (op) {
            case POW:
                return POSITIVE; // a negative base with a fractional exponent is NaN
            case EQ:
            case LT:
            case LE:
            case GT:
            case GE:
            case MAX:
            case MIN:
                return SMALL_INTEGERS;
            default:
                return GENERAL;
        }
    }

    /**
     * The special values every element-wise op is also checked on: signed zeros, infinities, NaN,
     * the smallest and largest numbers. On these the backend must agree with the op's definition
     * in the enum exactly in kind (NaN where it is NaN, the same infinity) — this is where
     * hand-written fast kernels most often differ from {@code Math}.
     */
    public static double[] special() {
        return new double[] {
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0, -1.0, 0.5, -2.5,
            1e-300, -1e-300, Double.MIN_VALUE, 1e300, -1e300, 88.0, -88.0, 710.0, -746.0, 3.0
        };
    }
}
