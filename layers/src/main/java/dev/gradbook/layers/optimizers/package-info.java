/**
 * Optimizers: the update rules that move parameters against their gradients, with Keras' formulas
 * and defaults. Look up by name with {@link dev.gradbook.layers.optimizers.Optimizers#get(String)}.
 */
package dev.gradbook.layers.optimizers;
