package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;

import java.util.List;
import java.util.Objects;
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
 *
 * <h2>A layer that ends in an activation says so</h2>
 * A classifier's last layer usually ends with a softmax, and a cross-entropy loss is best computed
 * from the softmax's <em>inputs</em> (see {@link dev.gradbook.layers.losses.Loss#fusedActivation()}).
 * So that the training loop need not know layer types, a layer tells it through two methods:
 * {@link #finalActivation()} names the activation it applies last, and
 * {@link #forwardBeforeFinalActivation} computes everything up to it, so that always
 * {@code forward(x) == finalActivation().apply(forwardBeforeFinalActivation(x))}. The defaults
 * ({@code LINEAR}, and {@code forward} itself) satisfy that for any layer.
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
        Objects.requireNonNull(inputShape, "Layer.build: inputShape is null");
        Objects.requireNonNull(rng, "Layer.build: rng is null");
    }

    /** Shape of one output sample, given one input sample's shape. The default keeps the shape. */
    default int[] outputShape(int[] inputShape) {
        Objects.requireNonNull(inputShape, "Layer.outputShape: inputShape is null");
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

    /**
     * The parameters the optimizer may change: all of {@link #parameters()}, or none if the layer
     * is frozen. A layer made of layers (a nested {@link Sequential}) asks each of them instead.
     */
    default List<Tensor> trainableParameters() {
        return trainable() ? parameters() : List.of();
    }

    /**
     * The activation this layer applies last, e.g. {@link ActivationFunction#SOFTMAX} for
     * {@code new Dense(10, "softmax")} or {@code new Activation("softmax")}. The default,
     * {@link ActivationFunction#LINEAR}, means "none that can be split off".
     */
    default ActivationFunction finalActivation() {
        return ActivationFunction.LINEAR;
    }

    /**
     * The output before {@link #finalActivation()} is applied (for a final softmax: the "logits").
     * The default is {@link #forward} itself, which matches a {@code LINEAR} final activation.
     */
    default Tensor forwardBeforeFinalActivation(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Layer.forwardBeforeFinalActivation: input is null");
        return forward(input, training);
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
