package dev.gradbook.layers.callbacks;

import java.util.Map;

/** Reads one quantity from the logs and decides whether a value improves on the best so far. */
final class Monitor {
    private final String key;
    private final Mode mode;
    private final double minDelta;

    Monitor(String key, Mode mode, double minDelta) {
        this.key = key;
        this.mode = mode.resolve(key);
        this.minDelta = Math.abs(minDelta);
    }

    String key() {
        return key;
    }

    /** The worst possible value, so that the first real value is an improvement. */
    double initialBest() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** True if {@code current} beats {@code best} by more than {@code minDelta}; NaN never does. */
    boolean isImprovement(double current, double best) {
        return mode == Mode.MIN ? current < best - minDelta : current > best + minDelta;
    }

    double read(String who, Map<String, Double> logs) {
        Double value = logs.get(key);
        if (value == null) {
            throw new IllegalStateException(who + ": monitors '" + key + "', which this training does not report;"
                    + " available: " + String.join(", ", logs.keySet())
                    + (key.startsWith("val_") ? " (val_ quantities need validationData or validationSplit in fit)" : ""));
        }
        return value;
    }
}
