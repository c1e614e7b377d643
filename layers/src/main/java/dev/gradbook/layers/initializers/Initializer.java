package dev.gradbook.layers.initializers;

import dev.gradbook.autograd.Tensor;

import java.util.random.RandomGenerator;

/**
 * Makes the starting values of a weight tensor. Why it matters: if the weights start too large,
 * activations grow layer after layer until they overflow; too small, and they (and the gradients)
 * fade away. The schemes in {@link Initializers} choose the spread from the layer's size to keep
 * the signal's variance roughly constant through the network.
 */
@FunctionalInterface
public interface Initializer {

    /**
     * A new tensor of {@code shape} filled with starting values. Random schemes draw only from
     * {@code rng}, so the same seed gives the same weights.
     */
    Tensor create(int[] shape, RandomGenerator rng);
}
