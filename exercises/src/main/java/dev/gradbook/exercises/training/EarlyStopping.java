package dev.gradbook.exercises.training;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.exercises.grading.Todo;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.callbacks.Callback;

import java.util.Map;
import java.util.Objects;

/**
 * ex9.4: early stopping as a gradbook {@link Callback} (chapter 9, "Callbacks"): stop training
 * when a monitored quantity has stopped improving.
 *
 * <p>Larger is better when the monitored name contains {@code "acc"} ({@code val_accuracy}),
 * smaller otherwise ({@code val_loss}). At the start of training the best value is the worst
 * possible and the wait is 0. After each epoch, read the monitored value from the epoch's logs:
 * if it beats the best by more than {@code minDelta}, it becomes the best and the wait resets to
 * 0; otherwise the wait grows by 1, and when it reaches {@code patience} ask the model to stop
 * ({@code model.setStopTraining(true)}) and remember the epoch. A NaN never improves.
 */
public final class EarlyStopping implements Callback {

    // BEGIN SOLUTION ex9.4
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private Sequential model;
    private double best;
    private int wait;
    private int stoppedEpoch = -1;
    // PROMPT: // your fields
    // END SOLUTION

    /**
     * Watches the log entry {@code monitor} (such as {@code "val_loss"}).
     *
     * @param patience how many epochs without improvement to wait before stopping, {@code >= 0}
     * @throws NullPointerException if {@code monitor} is null
     * @param minDelta the smallest change that counts as an improvement, {@code >= 0}
     */
    public EarlyStopping(String monitor, int patience, double minDelta) {
        Objects.requireNonNull(monitor, "EarlyStopping: monitor is null");
        // BEGIN SOLUTION ex9.4
        if (patience < 0 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping: patience and minDelta must be >= 0, got " + patience
                    + " and " + minDelta);
        }
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        // END SOLUTION
    }

    @Override
    public void setModel(Sequential model) {
        Objects.requireNonNull(model, "EarlyStopping.setModel: model is null");
        // BEGIN SOLUTION ex9.4
        this.model = model;
        // END SOLUTION
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "EarlyStopping.onTrainBegin", "logs");
        // BEGIN SOLUTION ex9.4
        best = larger() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        stoppedEpoch = -1;
        // END SOLUTION
    }

    /**
     * @throws NullPointerException if {@code logs}, or one of its keys or values, is null
     * @throws IllegalStateException when the logs have no {@code monitor} entry; the message
     *                               names it and the entries there are
     */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "EarlyStopping.onEpochEnd", "logs");
        // BEGIN SOLUTION ex9.4
        Double current = logs.get(monitor);
        if (current == null) {
            throw new IllegalStateException("EarlyStopping: monitors '" + monitor + "', which the logs do not have;"
                    + " they have " + logs.keySet());
        }
        boolean improved = larger() ? current > best + minDelta : current < best - minDelta;
        if (improved) {
            best = current;
            wait = 0;
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            model.setStopTraining(true);
        }
        // END SOLUTION
    }

    /** The epoch (from 0) at which this callback stopped training, or -1 if it did not. */
    public int stoppedEpoch() {
        // BEGIN SOLUTION ex9.4
        return stoppedEpoch;
        // END SOLUTION
    }

    // BEGIN SOLUTION ex9.4
    private boolean larger() {
        return monitor.contains("acc");
    }
    // PROMPT: // helper methods of your own, if you want them
    // END SOLUTION
}
