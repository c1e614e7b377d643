package dev.gradbook.layers.callbacks;

/** Whether a monitored quantity is better when smaller (a loss) or larger (an accuracy). */
public enum Mode {
    /** Smaller is better. */
    MIN,
    /** Larger is better. */
    MAX,
    /** {@link #MAX} when the monitored name contains {@code acc}, otherwise {@link #MIN}, as in Keras. */
    AUTO;

    /** This mode with {@link #AUTO} resolved for the quantity called {@code monitor}. */
    Mode resolve(String monitor) {
        if (this != AUTO) {
            return this;
        }
        return monitor.contains("acc") ? MAX : MIN;
    }
}
