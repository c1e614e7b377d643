/**
 * Callbacks: code run by {@code fit} at the start and end of training, epochs and batches — the
 * progress bar, early stopping, checkpoints, stopping on NaN.
 */
package dev.gradbook.layers.callbacks;
