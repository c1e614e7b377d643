package dev.gradbook.layers.metrics;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The fraction of samples classified correctly. Which kind of accuracy applies follows from the
 * shapes, as Keras' {@code "accuracy"} follows from the loss:
 * <ul>
 *   <li><b>categorical</b> — one-hot targets of the prediction's shape {@code [batch, classes]}:
 *       correct when the largest predicted probability is at the target's 1;</li>
 *   <li><b>sparse</b> — integer targets {@code [batch]} or {@code [batch, 1]} with predictions
 *       {@code [batch, classes]}: correct when the argmax equals the label;</li>
 *   <li><b>binary</b> — one output per sample ({@code [batch, 1]} or {@code [batch]}): the
 *       prediction counts as class 1 when it is above 0.5.</li>
 * </ul>
 */
public final class Accuracy implements Metric {

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public double compute(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "Accuracy.compute: yTrue is null");
        Objects.requireNonNull(yPred, "Accuracy.compute: yPred is null");
        try (Scope off = GradMode.noGrad()) {
            Tensor predicted;
            Tensor actual;
            int classes = yPred.rank() == 0 ? 1 : yPred.size(-1);
            if (yPred.rank() <= 1 || classes == 1) {
                predicted = yPred.gt(0.5).reshape(-1);
                actual = yTrue.reshape(-1);
            } else if (Arrays.equals(yTrue.shape(), yPred.shape())) {
                predicted = yPred.argmax(-1);
                actual = yTrue.argmax(-1);
            } else {
                predicted = yPred.argmax(-1).reshape(-1);
                actual = yTrue.reshape(-1);
            }
            if (predicted.numel() != actual.numel()) {
                throw new IllegalArgumentException("accuracy: targets of shape " + Arrays.toString(yTrue.shape())
                        + " do not fit predictions of shape " + Arrays.toString(yPred.shape())
                        + "; give one-hot rows of the same shape or one integer label per sample");
            }
            return predicted.eq(actual.to(predicted.dtype())).mean().item();
        }
    }
}
