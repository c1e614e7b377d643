package dev.gradbook.exercises.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Todo;
import dev.gradbook.layers.Layer;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * ex7.2: inverted dropout on gradbook's real {@link Layer} interface (chapter 7, "Dropout:
 * forgetting on purpose").
 *
 * <p>In training, each input is dropped (set to 0) with probability {@code rate}, independently,
 * and each survivor is divided by {@code 1 - rate}, so that every output's expected value is its
 * input. Write it as one multiplication by a mask of zeros and {@code 1 / (1 - rate)}, so that the
 * gradient flows through the survivors, scaled the same way. A fresh mask for every call, drawn
 * from the generator {@link #build} was given (a seeded model is then reproducible); without a
 * build, from a generator of your own. Outside training the layer returns its input unchanged.
 */
public final class Dropout implements Layer {

    // BEGIN SOLUTION ex7.2
    private final double rate;
    private RandomGenerator rng;
    // PROMPT: // your fields: the rate and the random generator
    // END SOLUTION

    /**
     * Drops each input with probability {@code rate}.
     *
     * @throws IllegalArgumentException if {@code rate} is not in {@code [0, 1)}; the message names the rate
     */
    public Dropout(double rate) {
        // BEGIN SOLUTION ex7.2
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate " + rate + " is outside [0, 1)");
        }
        this.rate = rate;
        // END SOLUTION
    }

    /**
     * Keeps {@code rng} for the masks.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void build(int[] inputShape, RandomGenerator rng) {
        Objects.requireNonNull(inputShape, "Dropout.build: inputShape is null");
        Objects.requireNonNull(rng, "Dropout.build: rng is null");
        // BEGIN SOLUTION ex7.2
        this.rng = rng;
        // END SOLUTION
    }

    /**
     * {@code input · mask} in training, {@code input} itself otherwise.
     *
     * @throws NullPointerException if {@code input} is null
     */
    @Override
    public Tensor forward(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Dropout.forward: input is null");
        // BEGIN SOLUTION ex7.2
        if (!training || rate == 0) {
            return input;
        }
        if (rng == null) {
            rng = new SplittableRandom();
        }
        double scale = 1 / (1 - rate);
        double[] mask = new double[input.numel()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < rate ? 0 : scale;
        }
        return input.mul(Tensor.of(mask, input.shape()).to(input.dtype()));
        // END SOLUTION
    }
}
