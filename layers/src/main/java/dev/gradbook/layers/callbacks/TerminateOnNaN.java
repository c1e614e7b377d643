package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.layers.Sequential;

import java.util.Map;
import java.util.Objects;

/**
 * Stops training as soon as the loss is NaN or infinite, instead of letting {@code fit} fail.
 *
 * <p>Without this callback gradbook's {@code fit} throws an error explaining the usual causes (a
 * learning rate too high, NaN in the data). With it, {@code fit} returns normally with the
 * {@code History} so far. In both cases the update of the bad batch is not applied, so the model
 * keeps the weights it had before the loss went bad.
 */
public final class TerminateOnNaN implements Callback {
    private Sequential model;
    private boolean terminated;

    @Override
    public void setModel(Sequential model) {
        Objects.requireNonNull(model, "TerminateOnNaN.setModel: model is null");
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "TerminateOnNaN.onTrainBegin", "logs");
        terminated = false;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "TerminateOnNaN.onBatchEnd", "logs");
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            terminated = true;
            model.output().println("Batch " + batch + ": invalid loss " + loss + ", terminating training");
            model.setStopTraining(true);
        }
    }

    /** Whether the last training run was stopped by this callback. */
    public boolean terminated() {
        return terminated;
    }
}
