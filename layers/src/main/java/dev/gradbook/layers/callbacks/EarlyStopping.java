package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Sequential;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored quantity (by default {@code val_loss}) has stopped improving:
 * the usual guard against overfitting, where the training loss keeps falling while the validation
 * loss turns back up.
 *
 * <pre>{@code
 * new EarlyStopping().monitor("val_loss").patience(3).restoreBestWeights(true)
 * }</pre>
 *
 * <p>After each epoch: if the quantity improved on the best so far by more than
 * {@link #minDelta(double) minDelta}, it becomes the new best and the count of waiting epochs
 * resets; otherwise the count grows, and when it reaches {@link #patience(int) patience} training
 * stops. With {@link #restoreBestWeights(boolean) restoreBestWeights(true)} the model ends with
 * the weights of the best epoch rather than of the last one (whether or not it stopped early).
 */
public final class EarlyStopping implements Callback {
    private String monitorKey = "val_loss";
    private Mode mode = Mode.AUTO;
    private double minDelta = 0;
    private int patience = 0;
    private boolean restoreBestWeights = false;
    private boolean verbose = false;

    private Sequential model;
    private Monitor monitor;
    private double best;
    private int bestEpoch;
    private int lastEpoch;
    private int wait;
    private int stoppedEpoch;
    private List<Tensor> bestWeights;

    /** Watches {@code val_loss} with patience 0; adjust with the setters below. */
    public EarlyStopping() {
    }

    /** The log key to watch, e.g. {@code "val_accuracy"} (default {@code "val_loss"}). */
    public EarlyStopping monitor(String key) {
        Objects.requireNonNull(key, "EarlyStopping.monitor: key is null");
        this.monitorKey = key;
        return this;
    }

    /** Whether smaller or larger is better (default {@link Mode#AUTO}: larger for accuracies). */
    public EarlyStopping mode(Mode mode) {
        Objects.requireNonNull(mode, "EarlyStopping.mode: mode is null");
        this.mode = mode;
        return this;
    }

    /** The smallest change that counts as an improvement (default 0). */
    public EarlyStopping minDelta(double minDelta) {
        this.minDelta = minDelta;
        return this;
    }

    /** How many epochs without improvement to wait before stopping (default 0). */
    public EarlyStopping patience(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /** Whether to put the best epoch's weights back into the model at the end (default false). */
    public EarlyStopping restoreBestWeights(boolean restore) {
        this.restoreBestWeights = restore;
        return this;
    }

    /** Whether to print a line when stopping or restoring (default false). */
    public EarlyStopping verbose(boolean verbose) {
        this.verbose = verbose;
        return this;
    }

    @Override
    public void setModel(Sequential model) {
        Objects.requireNonNull(model, "EarlyStopping.setModel: model is null");
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "EarlyStopping.onTrainBegin", "logs");
        monitor = new Monitor(monitorKey, mode, minDelta);
        best = monitor.initialBest();
        bestEpoch = -1;
        wait = 0;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "EarlyStopping.onEpochEnd", "logs");
        lastEpoch = epoch;
        double current = monitor.read("EarlyStopping", logs);
        wait++;
        if (monitor.isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = model.getWeights();
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model.setStopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "EarlyStopping.onTrainEnd", "logs");
        if (verbose && stoppedEpoch >= 0) {
            model.output().println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        }
        if (restoreBestWeights && bestWeights != null && bestEpoch != lastEpoch) {
            if (verbose) {
                model.output().println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            }
            model.setWeights(bestWeights);
        }
    }

    /** The epoch (from 0) at which training was stopped, or -1 if it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch (from 0) with the best monitored value, or -1 before training. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value seen. */
    public double best() {
        return best;
    }
}
