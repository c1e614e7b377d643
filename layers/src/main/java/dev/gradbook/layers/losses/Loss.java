package dev.gradbook.layers.losses;

import dev.gradbook.autograd.Tensor;

import java.util.Objects;

/**
 * How wrong a batch of predictions is, as one number that training makes smaller.
 *
 * <p>{@link #compute} returns a 0-d tensor, the mean loss over the batch, still attached to the
 * graph: {@code loss.backward()} then fills in every parameter's gradient. Being a mean (not a
 * sum) keeps the size of the gradient independent of the batch size, so the learning rate need
 * not change when the batch size does.
 *
 * <h2>Fusing with the final activation</h2>
 * A loss may declare that it can also start from the <em>inputs</em> of the model's last
 * activation ({@link #fusedActivation()}, e.g. {@code "softmax"}). When the model ends with that
 * activation, {@code fit} and {@code evaluate} skip it and call {@link #computeFromLogits}, which
 * is both exact and numerically stable; see {@link CategoricalCrossentropy}.
 */
public interface Loss {

    /** The Keras name, e.g. {@code categorical_crossentropy}. */
    String name();

    /**
     * The mean loss of a batch.
     *
     * @param yTrue the targets, e.g. one-hot rows {@code [batch, classes]}
     * @param yPred the model's outputs for the same batch
     * @return a 0-d tensor, differentiable with respect to {@code yPred}
     */
    Tensor compute(Tensor yTrue, Tensor yPred);

    /**
     * The Keras name of the output activation this loss can absorb ({@code "softmax"} or
     * {@code "sigmoid"}), or {@code null} if it cannot.
     */
    default String fusedActivation() {
        return null;
    }

    /**
     * The same mean loss computed from the pre-activation outputs ("logits") of a model whose last
     * activation is {@link #fusedActivation()}. Only called when that method is not null.
     */
    default Tensor computeFromLogits(Tensor yTrue, Tensor logits) {
        Objects.requireNonNull(yTrue, "Loss.computeFromLogits: yTrue is null");
        Objects.requireNonNull(logits, "Loss.computeFromLogits: logits is null");
        throw new UnsupportedOperationException(name() + ": cannot be computed from logits");
    }
}
