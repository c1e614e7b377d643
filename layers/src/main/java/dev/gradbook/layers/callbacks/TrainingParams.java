package dev.gradbook.layers.callbacks;

/**
 * The numbers describing one call of {@code fit}, handed to each {@link Callback}.
 *
 * @param epochs how many epochs were asked for
 * @param steps batches per epoch
 * @param samples training samples per epoch
 * @param verbose the verbosity asked for (0 silent, 1 progress bar, 2 one line per epoch)
 */
public record TrainingParams(int epochs, int steps, int samples, int verbose) {
}
