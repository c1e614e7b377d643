/**
 * Chapter 7's tasks, layers on gradbook's real {@link dev.gradbook.layers.Layer} interface: a
 * {@code Dense} layer (ex7.1), inverted {@code Dropout} (ex7.2) and a softmax and log-softmax that
 * do not overflow (ex7.3). gradbook's own layers and activations are the oracle.
 */
package dev.gradbook.exercises.layers;
