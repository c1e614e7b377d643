package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.View;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reshapes every sample into a vector: {@code [batch, 28, 28]} becomes {@code [batch, 784]}. No
 * number changes and nothing is learned; it lets image-shaped data feed a {@link Dense} layer.
 */
public final class Flatten extends AbstractLayer {
    private final int[] declaredInputShape;

    /** A flatten layer that learns its input shape from the previous layer. */
    public Flatten() {
        this.declaredInputShape = null;
    }

    /** A first layer for samples of {@code inputShape}, e.g. {@code new Flatten(28, 28)}. */
    public Flatten(int... inputShape) {
        Objects.requireNonNull(inputShape, "Flatten: inputShape is null");
        for (int size : inputShape) {
            if (size <= 0) {
                throw new IllegalArgumentException("Flatten: input shape " + Arrays.toString(inputShape)
                        + " must have positive sizes (the batch dimension is left out)");
            }
        }
        this.declaredInputShape = inputShape.length == 0 ? null : inputShape.clone();
    }

    @Override
    public int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Objects.requireNonNull(inputShape, "Flatten.outputShape: inputShape is null");
        return new int[] {View.numel(describe(), inputShape)}; // refuses a count that overflows int
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Flatten.forward: input is null");
        if (input.rank() < 1) {
            throw new IllegalArgumentException(describe() + ": expected a batch, got a scalar");
        }
        return input.reshape(input.size(0), -1);
    }
}
