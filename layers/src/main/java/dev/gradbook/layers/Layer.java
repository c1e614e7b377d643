package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One step of a model: a function from a batch of inputs to a batch of outputs, perhaps with
 * parameters that training adjusts.
 *
 * <p>A layer only ever sees the tensor API: its {@link #forward} composes {@link Tensor}
 * operations, and autograd records them, so a layer never writes a backward pass. That is why a
 * whole new layer can be this short:
 *
 * <pre>{@code
 * class Square implements Layer {
 *     public Tensor forward(Tensor input, boolean training) {
 *         return input.mul(input);
 *     }
 * }
 * }</pre>
 *
 * <h2>Shapes leave out the batch</h2>
 * The shapes passed to {@link #build} and {@link #outputShape} describe <em>one sample</em>: for
 * a batch of 128 MNIST rows of shape {@code [128, 784]} the input shape is {@code [784]}. Keras
 * prints the missing batch dimension as {@code None}, as in {@code (None, 784)}; so does
 * {@link Sequential#summary()}.
 *
 * <h2>Life cycle</h2>
 * {@link Sequential} calls {@link #build} once, as soon as it knows the input shape (that is when
 * a {@link Dense} layer can create a kernel of the right size), then {@link #forward} for every
 * batch. Everything except {@code forward} has a default, so a layer without parameters needs
 * nothing else.
 */
public interface Layer {

    /**
     * Computes the layer's output for a batch. {@code training} is true inside
     * {@link Sequential#fit} and false in {@link Sequential#predict} and
     * {@link Sequential#evaluate}; layers such as {@link Dropout} behave differently in the two.
     *
     * @param input a batch whose first dimension is the batch size
     * @param training whether the model is being trained
     */
    Tensor forward(Tensor input, boolean training);

    /**
     * Prepares the layer for inputs of one sample's {@code inputShape}, for example by creating
     * weights of the right size. Called by the model before the first {@link #forward}.
     *
     * @param inputShape shape of one sample (no batch dimension)
     * @param rng the model's seeded random source, for initial weights or dropout masks; using it
     *     (and only it) keeps a model with a seed reproducible
     */
    default void build(int[] inputShape, RandomGenerator rng) {
    }

    /** Shape of one output sample, given one input sample's shape. The default keeps the shape. */
    default int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /**
     * The tensors that training adjusts (each created with {@code requiresGrad(true)}), in a
     * fixed order: this order is the order of {@link Sequential#getWeights()}.
     */
    default List<Tensor> parameters() {
        return List.of();
    }

    /** Whether the optimizer may change {@link #parameters()}; false freezes the layer. */
    default boolean trainable() {
        return true;
    }

    /** Total number of numbers in {@link #parameters()}: the "Param #" column of a summary. */
    default long paramCount() {
        long count = 0;
        for (Tensor p : parameters()) {
            count += p.numel();
        }
        return count;
    }

    /**
     * The shape of one input sample this layer declared when it was created (such as
     * {@code new Dense(512, 784)}), or {@code null} if it leaves that to the previous layer. Only
     * the first layer of a model needs to declare one.
     */
    default int[] declaredInputShape() {
        return null;
    }

    /**
     * The name you gave this layer, or {@code null} to let the model name it after its type
     * ({@code dense}, {@code dense_1}, ...).
     */
    default String name() {
        return null;
    }

    /** The type shown in a summary, e.g. {@code Dense}. */
    default String typeName() {
        return getClass().getSimpleName();
    }
}
