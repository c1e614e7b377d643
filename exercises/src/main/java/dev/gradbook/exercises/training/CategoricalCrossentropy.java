package dev.gradbook.exercises.training;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Todo;
import dev.gradbook.layers.losses.Loss;

import java.util.Arrays;
import java.util.Objects;

/**
 * ex9.1: categorical cross-entropy as a gradbook {@link Loss} (chapter 9, "Losses").
 *
 * <p>For one-hot (or any probability) targets {@code y} and predicted probabilities {@code p},
 * each row's loss is {@code -Σ_k y_k · log p_k}; the loss is the mean over the batch, a 0-d
 * tensor that {@code backward()} can start from. Two ways in:
 * <ul>
 *   <li>{@link #compute} from probabilities: clip them to {@code [EPSILON, 1 - EPSILON]} first
 *       ({@code clamp}), as Keras does, so that a probability of 0 costs {@code -log 1e-7}, not ∞;</li>
 *   <li>{@link #computeFromLogits} from the logits of a final softmax: {@code -Σ y · logSoftmax(z)},
 *       exact and stable (ex7.3 is the idea; gradbook's {@code logSoftmax} may be used here).</li>
 * </ul>
 */
public final class CategoricalCrossentropy implements Loss {

    /** The clipping bound for probabilities, Keras' {@code epsilon()}. */
    public static final double EPSILON = 1e-7;

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    /** The model's softmax can be folded into this loss. */
    @Override
    public String fusedActivation() {
        return "softmax";
    }

    /**
     * The mean cross-entropy of probabilities {@code yPred} against targets {@code yTrue}, both
     * {@code [batch, classes]}: for {@code yTrue = [[0, 1]]} and {@code yPred = [[0.2, 0.8]]} it is
     * {@code -log 0.8 = 0.2231}.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException when the shapes differ or are not {@code [batch, classes]};
     *                                  the message names both shapes
     */
    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "CategoricalCrossentropy.compute: yTrue is null");
        Objects.requireNonNull(yPred, "CategoricalCrossentropy.compute: yPred is null");
        // BEGIN SOLUTION ex9.1
        checkShapes(yTrue, yPred);
        return meanOfRows(yTrue, yPred.clamp(EPSILON, 1 - EPSILON).log());
        // END SOLUTION
    }

    /**
     * The same loss from the logits {@code z} of a softmax: for {@code [[0, 1]]} and {@code z = [[0, 0]]} it is {@code log 2}.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public Tensor computeFromLogits(Tensor yTrue, Tensor logits) {
        Objects.requireNonNull(yTrue, "CategoricalCrossentropy.computeFromLogits: yTrue is null");
        Objects.requireNonNull(logits, "CategoricalCrossentropy.computeFromLogits: logits is null");
        // BEGIN SOLUTION ex9.1
        checkShapes(yTrue, logits);
        return meanOfRows(yTrue, logits.logSoftmax(-1));
        // END SOLUTION
    }

    // BEGIN SOLUTION ex9.1
    /** {@code mean over the batch of -Σ_k y_k · logP_k}. */
    private static Tensor meanOfRows(Tensor yTrue, Tensor logProbabilities) {
        return yTrue.mul(logProbabilities).sum(new int[] {-1}, false).mean().neg();
    }

    private void checkShapes(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() != 2 || !Arrays.equals(yTrue.shape(), yPred.shape())) {
            throw new IllegalArgumentException(name() + ": y_true has shape " + Arrays.toString(yTrue.shape())
                    + " and y_pred " + Arrays.toString(yPred.shape()) + "; both must be the same [batch, classes]");
        }
    }
    // PROMPT: // helper methods of your own, if you want them
    // END SOLUTION
}
