package dev.gradbook.layers.callbacks;

import dev.gradbook.layers.Sequential;

import java.util.Map;

/**
 * Code that {@link Sequential#fit} runs at fixed moments of training: to print progress, stop
 * early, save weights, and so on. Override only the hooks you need; all do nothing by default.
 *
 * <p>The order of the calls in one {@code fit}:
 * <pre>
 * setModel, setParams
 * onTrainBegin
 *   onEpochBegin(0)
 *     onBatchBegin(0)  onBatchEnd(0)  onBatchBegin(1)  onBatchEnd(1)  ...
 *   onEpochEnd(0)
 *   onEpochBegin(1) ...
 * onTrainEnd
 * </pre>
 *
 * <p>Epochs and batches count from 0, as in Keras (the progress bar prints {@code Epoch 1/20} for
 * epoch 0). The {@code logs} maps hold what is known at that moment: after a batch, the running
 * means over the epoch so far ({@code loss}, {@code accuracy}); after an epoch, the epoch's
 * means plus the validation results ({@code val_loss}, {@code val_accuracy}). A callback stops
 * training with {@link Sequential#setStopTraining(boolean) model.setStopTraining(true)}; the model
 * finishes the current batch, ends the epoch and calls {@code onTrainEnd}.
 *
 * <p>The callbacks gradbook ships follow the null policy (package documentation of
 * {@code dev.gradbook.autograd}): a {@code null} argument, or a {@code logs} map with a null key
 * or value, is a {@link NullPointerException} naming the hook and, for a value, its key. (The
 * default hooks here do nothing and read nothing.)
 */
public interface Callback {

    /** The model being trained, given before {@link #onTrainBegin}. */
    default void setModel(Sequential model) {
    }

    /** The numbers of this fit (epochs, batches per epoch, ...), given before {@link #onTrainBegin}. */
    default void setParams(TrainingParams params) {
    }

    /** Training starts. */
    default void onTrainBegin(Map<String, Double> logs) {
    }

    /** Training ended, normally or stopped; {@code logs} are the last epoch's. */
    default void onTrainEnd(Map<String, Double> logs) {
    }

    /** Epoch {@code epoch} (from 0) starts. */
    default void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    /** Epoch {@code epoch} ended; {@code logs} hold its training means and validation results. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** Batch {@code batch} (from 0, within the epoch) starts; {@code logs} hold its {@code size}. */
    default void onBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** Batch {@code batch} was trained; {@code logs} hold the epoch's running means so far. */
    default void onBatchEnd(int batch, Map<String, Double> logs) {
    }
}
