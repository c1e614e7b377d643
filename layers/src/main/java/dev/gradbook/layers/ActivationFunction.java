package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The element-wise nonlinearities a {@link Dense} or {@link Activation} layer can apply, with the
 * names Keras uses for them ({@code "relu"}, {@code "softmax"}, ...).
 *
 * <p>Why a model needs them at all: a stack of {@link Dense} layers without a nonlinearity between
 * them is still one matrix product, however deep it is. Each constant delegates to the tensor
 * operation of the same name, so its gradient comes from autograd.
 */
public enum ActivationFunction {
    /** {@code max(x, 0)}: the default choice for hidden layers. */
    RELU("relu") {
        @Override
        public Tensor apply(Tensor x) {
            return x.relu();
        }
    },
    /**
     * Turns each row (the last dimension) into probabilities that sum to 1: the output of a
     * classifier, paired with a cross-entropy loss.
     */
    SOFTMAX("softmax") {
        @Override
        public Tensor apply(Tensor x) {
            return x.softmax(-1);
        }
    },
    /** {@code 1 / (1 + e^-x)}, squashing into (0, 1): the output of a yes/no classifier. */
    SIGMOID("sigmoid") {
        @Override
        public Tensor apply(Tensor x) {
            return x.sigmoid();
        }
    },
    /** Hyperbolic tangent, squashing into (-1, 1) and centred on 0. */
    TANH("tanh") {
        @Override
        public Tensor apply(Tensor x) {
            return x.tanh();
        }
    },
    /** The identity: no activation (what {@code Dense} does when given none). */
    LINEAR("linear") {
        @Override
        public Tensor apply(Tensor x) {
            return x;
        }
    };

    private final String kerasName;

    ActivationFunction(String kerasName) {
        this.kerasName = kerasName;
    }

    /** Applies the function to every element (softmax: to every row). */
    public abstract Tensor apply(Tensor x);

    /** The name Keras knows this function by, e.g. {@code "relu"}. */
    public String kerasName() {
        return kerasName;
    }

    /**
     * The function called {@code name} (case-insensitive), e.g. {@code "relu"}. An unknown name
     * fails with the list of valid ones.
     */
    public static ActivationFunction fromName(String name) {
        Objects.requireNonNull(name, "ActivationFunction.fromName: name is null");
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (ActivationFunction f : values()) {
                if (f.kerasName.equals(wanted)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("activation: unknown activation '" + name + "'; valid names are "
                + Arrays.stream(values()).map(ActivationFunction::kerasName).collect(Collectors.joining(", ")));
    }
}
