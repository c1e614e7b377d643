package dev.gradbook.layers.optimizers;

import dev.gradbook.autograd.Tensor;

import java.util.List;

/**
 * Changes the parameters a little, in the direction that lowers the loss, once per batch.
 *
 * <p>After {@code loss.backward()} every parameter {@code w} holds {@code dLoss/dw} in
 * {@link Tensor#grad()}; the gradient points uphill, so each optimizer steps against it. They
 * differ in how far: plain {@link SGD} uses the same learning rate everywhere, {@link RMSprop}
 * and {@link Adam} scale each parameter's step by the size of its recent gradients.
 *
 * <p>Updates overwrite the parameters in place, each in one pass with {@link Tensor#applyUpdate}
 * and the optimizer's {@link dev.gradbook.autograd.spi.UpdateRule}, inside
 * {@link dev.gradbook.autograd.GradMode#noGrad()}: the update itself must not become part of the
 * graph that the next backward pass walks. State such as momentum is kept per parameter tensor.
 */
public interface Optimizer {

    /** The Keras name, e.g. {@code rmsprop}. */
    String name();

    /** The step size. */
    double learningRate();

    /**
     * Updates each parameter from its current gradient. Parameters without a gradient (not
     * reached by the last backward pass) are left alone. Does not clear the gradients.
     *
     * @param parameters the tensors to update
     * @throws NullPointerException if {@code parameters} or one of its elements is null (the
     *                              optimizers gradbook ships check this before changing anything)
     */
    void step(List<Tensor> parameters);
}
