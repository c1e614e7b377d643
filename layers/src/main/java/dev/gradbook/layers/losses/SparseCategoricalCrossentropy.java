package dev.gradbook.layers.losses;

import dev.gradbook.autograd.Tensor;

import java.util.Objects;

/**
 * {@link CategoricalCrossentropy} for integer class labels: the targets are
 * {@code [batch]} (or {@code [batch, 1]}) numbers {@code 0 .. classes-1} instead of one-hot rows.
 * The labels are turned into one-hot rows first; a label outside that range fails with a message
 * naming the row and the valid range. Stability is handled exactly as in
 * {@link CategoricalCrossentropy}: fused with a final softmax, clipped otherwise.
 */
public final class SparseCategoricalCrossentropy implements Loss {
    private final boolean fromLogits;

    /** Cross-entropy of probabilities (the model ends with softmax). */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /** With {@code fromLogits = true}, predictions are raw scores and softmax is applied inside. */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "SparseCategoricalCrossentropy.compute: yTrue is null");
        Objects.requireNonNull(yPred, "SparseCategoricalCrossentropy.compute: yPred is null");
        Tensor oneHot = oneHot(yTrue, yPred);
        Tensor logP = fromLogits ? yPred.logSoftmax(-1)
                : yPred.clamp(CategoricalCrossentropy.EPSILON, 1 - CategoricalCrossentropy.EPSILON).log();
        return CategoricalCrossentropy.fromLogProbabilities(oneHot, logP);
    }

    @Override
    public String fusedActivation() {
        return fromLogits ? null : "softmax";
    }

    @Override
    public Tensor computeFromLogits(Tensor yTrue, Tensor logits) {
        Objects.requireNonNull(yTrue, "SparseCategoricalCrossentropy.computeFromLogits: yTrue is null");
        Objects.requireNonNull(logits, "SparseCategoricalCrossentropy.computeFromLogits: logits is null");
        return CategoricalCrossentropy.fromLogProbabilities(oneHot(yTrue, logits), logits.logSoftmax(-1));
    }

    private Tensor oneHot(Tensor labels, Tensor yPred) {
        if (yPred.rank() != 2) {
            throw new IllegalArgumentException(name() + ": y_pred must be [batch, classes] but has shape "
                    + java.util.Arrays.toString(yPred.shape()));
        }
        if (labels.rank() == 0 || labels.size(0) != yPred.size(0)) {
            throw new IllegalArgumentException(name() + ": " + (labels.rank() == 0 ? 1 : labels.size(0))
                    + " labels for a batch of " + yPred.size(0) + " predictions; give one label per sample");
        }
        return LossChecks.oneHot(name(), labels, yPred.size(1));
    }
}
