package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;

import java.util.Objects;

/**
 * A layer that only applies an {@link ActivationFunction}: {@code new Activation("relu")}. It
 * has no parameters and keeps the shape. (The same function can be given to {@link Dense}
 * directly; the seed tutorial uses separate layers, which makes every step visible in the
 * summary.)
 */
public final class Activation extends AbstractLayer {
    private final ActivationFunction function;

    /** The activation called {@code name}: {@code "relu"}, {@code "softmax"}, {@code "sigmoid"}, {@code "tanh"} or {@code "linear"}. */
    public Activation(String name) {
        this(ActivationFunction.fromName(Objects.requireNonNull(name, "Activation: name is null")));
    }

    /** The given activation, e.g. {@code new Activation(ActivationFunction.RELU)}. */
    public Activation(ActivationFunction function) {
        if (function == null) {
            throw new NullPointerException("Activation: the function must not be null;"
                    + " use ActivationFunction.LINEAR for none");
        }
        this.function = function;
    }

    /** The function this layer applies. */
    public ActivationFunction function() {
        return function;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Activation.forward: input is null");
        return function.apply(input);
    }

    /** This layer's whole work is its final activation... */
    @Override
    public ActivationFunction finalActivation() {
        return function;
    }

    /** ...so before it the input passes unchanged. */
    @Override
    public Tensor forwardBeforeFinalActivation(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Activation.forwardBeforeFinalActivation: input is null");
        return input;
    }
}
