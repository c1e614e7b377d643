package dev.gradbook.layers.losses;

import dev.gradbook.autograd.Tensor;

import java.util.Objects;

/**
 * Cross-entropy for yes/no targets {@code y ∈ {0, 1}} and predicted probabilities {@code p} of
 * "yes": {@code -(y·log p + (1-y)·log(1-p))}, averaged over every output of the batch (several
 * independent yes/no outputs per sample are fine).
 *
 * <h2>Numerical stability</h2>
 * As for {@link CategoricalCrossentropy}: when the model ends with a sigmoid, the loss starts from
 * its input {@code z} and uses the identity
 * {@code -(y·log σ(z) + (1-y)·log(1-σ(z))) = max(z, 0) - z·y + log(1 + e^-|z|)}, in which no
 * exponential can overflow and no log sees 0. Otherwise probabilities are clipped to
 * {@code [1e-7, 1 - 1e-7]}, as Keras does.
 */
public final class BinaryCrossentropy implements Loss {
    private final boolean fromLogits;

    /** Cross-entropy of probabilities (the model ends with sigmoid). */
    public BinaryCrossentropy() {
        this(false);
    }

    /** With {@code fromLogits = true}, predictions are raw scores and sigmoid is applied inside. */
    public BinaryCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "BinaryCrossentropy.compute: yTrue is null");
        Objects.requireNonNull(yPred, "BinaryCrossentropy.compute: yPred is null");
        if (fromLogits) {
            return computeFromLogits(yTrue, yPred);
        }
        Tensor y = LossChecks.sameShape(name(), yTrue, yPred, null);
        Tensor p = yPred.clamp(CategoricalCrossentropy.EPSILON, 1 - CategoricalCrossentropy.EPSILON);
        Tensor yes = y.mul(p.log());
        Tensor no = y.neg().add(1).mul(p.neg().add(1).log());
        return yes.add(no).mean().neg();
    }

    @Override
    public String fusedActivation() {
        return fromLogits ? null : "sigmoid";
    }

    @Override
    public Tensor computeFromLogits(Tensor yTrue, Tensor logits) {
        Objects.requireNonNull(yTrue, "BinaryCrossentropy.computeFromLogits: yTrue is null");
        Objects.requireNonNull(logits, "BinaryCrossentropy.computeFromLogits: logits is null");
        Tensor y = LossChecks.sameShape(name(), yTrue, logits, null);
        Tensor softplusOfMinusAbs = logits.abs().neg().exp().add(1).log();
        return logits.relu().sub(logits.mul(y)).add(softplusOfMinusAbs).mean();
    }
}
