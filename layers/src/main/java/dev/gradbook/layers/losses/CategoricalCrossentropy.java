package dev.gradbook.layers.losses;

import dev.gradbook.autograd.Tensor;

import java.util.Objects;

/**
 * Cross-entropy between one-hot targets and predicted class probabilities:
 * {@code -Σ_k y_k · log p_k} for each sample, averaged over the batch. With a one-hot target
 * this is simply {@code -log} of the probability the model gave the right class: 0 when it was
 * certain and right, large when it was confident and wrong.
 *
 * <h2>Numerical stability: fused with softmax, clipped otherwise</h2>
 * The naive formula {@code log(softmax(z))} breaks down when a probability underflows to 0
 * ({@code log 0 = -∞}). This loss handles it in two ways:
 * <ul>
 *   <li><b>Fused</b> (the usual case): when the model ends with a softmax, the model hands this
 *       loss the softmax's inputs {@code z} (the logits) and it computes
 *       {@code -Σ y · logSoftmax(z)}, where {@code logSoftmax} subtracts the maximum before
 *       exponentiating. Exact, never infinite, and its gradient is the well-known
 *       {@code softmax(z) - y}. The same happens with {@code new CategoricalCrossentropy(true)}
 *       ("from logits") for a model without a final softmax.</li>
 *   <li><b>Clipped</b>: given probabilities from elsewhere, they are clipped to
 *       {@code [1e-7, 1 - 1e-7]} before the log, as Keras does. A clipped probability passes no
 *       gradient, which is why the fused path is preferred.</li>
 * </ul>
 */
public final class CategoricalCrossentropy implements Loss {
    /** The clipping bound for probabilities, Keras' {@code epsilon()}. */
    public static final double EPSILON = 1e-7;

    private final boolean fromLogits;

    /** Cross-entropy of probabilities (the model ends with softmax). */
    public CategoricalCrossentropy() {
        this(false);
    }

    /** With {@code fromLogits = true}, predictions are raw scores and softmax is applied inside. */
    public CategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "CategoricalCrossentropy.compute: yTrue is null");
        Objects.requireNonNull(yPred, "CategoricalCrossentropy.compute: yPred is null");
        Tensor target = check(yTrue, yPred);
        if (fromLogits) {
            return fromLogProbabilities(target, yPred.logSoftmax(-1));
        }
        return fromLogProbabilities(target, yPred.clamp(EPSILON, 1 - EPSILON).log());
    }

    @Override
    public String fusedActivation() {
        return fromLogits ? null : "softmax";
    }

    @Override
    public Tensor computeFromLogits(Tensor yTrue, Tensor logits) {
        Objects.requireNonNull(yTrue, "CategoricalCrossentropy.computeFromLogits: yTrue is null");
        Objects.requireNonNull(logits, "CategoricalCrossentropy.computeFromLogits: logits is null");
        return fromLogProbabilities(check(yTrue, logits), logits.logSoftmax(-1));
    }

    /** {@code mean over the batch of -Σ_k y_k · log p_k}. */
    static Tensor fromLogProbabilities(Tensor oneHot, Tensor logProbabilities) {
        return oneHot.mul(logProbabilities).sum(new int[] {-1}, false).mean().neg();
    }

    private Tensor check(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException(name() + ": y_pred must be a batch of rows [batch, classes] but has shape "
                    + java.util.Arrays.toString(yPred.shape()));
        }
        return LossChecks.sameShape(name(), yTrue, yPred, "categorical_crossentropy expects one-hot rows;"
                + " for integer class labels use sparse_categorical_crossentropy, or one-hot encode them first");
    }
}
