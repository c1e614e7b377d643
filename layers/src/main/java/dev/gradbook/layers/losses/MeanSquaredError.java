package dev.gradbook.layers.losses;

import dev.gradbook.autograd.Tensor;

import java.util.Objects;

/**
 * The mean of {@code (prediction - target)²} over every output of the batch: the loss for
 * regression. Squaring punishes large errors much more than small ones, and its gradient,
 * {@code 2·(prediction - target) / n}, shrinks as the prediction approaches the target.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "MeanSquaredError.compute: yTrue is null");
        Objects.requireNonNull(yPred, "MeanSquaredError.compute: yPred is null");
        Tensor y = LossChecks.sameShape(name(), yTrue, yPred, null);
        Tensor error = yPred.sub(y);
        return error.mul(error).mean();
    }
}
