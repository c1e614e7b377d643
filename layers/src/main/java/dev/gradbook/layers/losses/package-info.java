/**
 * Losses: one number saying how wrong a batch of predictions is, which training minimises. Look
 * up by Keras name with {@link dev.gradbook.layers.losses.Losses#get(String)}.
 */
package dev.gradbook.layers.losses;
