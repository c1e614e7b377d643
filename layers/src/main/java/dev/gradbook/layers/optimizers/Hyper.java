package dev.gradbook.layers.optimizers;

/** Range checks of hyperparameters, with messages that say which value is wrong and why. */
final class Hyper {
    private Hyper() {
    }

    static double positive(String optimizer, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be a positive number, got " + value);
        }
        return value;
    }

    static double nonNegative(String optimizer, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be >= 0, got " + value);
        }
        return value;
    }

    /** A decay factor: in {@code [0, 1)}, since 1 would never forget and above 1 would blow up. */
    static double decay(String optimizer, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(optimizer + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
