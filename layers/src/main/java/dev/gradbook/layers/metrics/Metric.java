package dev.gradbook.layers.metrics;

import dev.gradbook.autograd.Tensor;

/**
 * A number reported during training that is easier to read than the loss, such as the fraction of
 * correct predictions. Metrics are only reported, never differentiated.
 *
 * <p>{@link #compute} returns the metric's <em>mean over one batch</em>. The model averages these
 * means weighted by batch size over an epoch, which gives the metric over all the epoch's samples
 * (exactly so for any per-sample mean such as accuracy); that is the number shown in the progress
 * bar and stored in the {@code History}.
 */
public interface Metric {

    /** The key in logs and history, e.g. {@code accuracy} (validation adds {@code val_}). */
    String name();

    /** The metric's mean over this batch. */
    double compute(Tensor yTrue, Tensor yPred);
}
