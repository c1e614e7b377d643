/**
 * Keras-style deep learning over gradbook's tensors: {@link dev.gradbook.layers.Sequential} models
 * built from {@link dev.gradbook.layers.Layer}s ({@link dev.gradbook.layers.Dense},
 * {@link dev.gradbook.layers.Activation}, {@link dev.gradbook.layers.Dropout},
 * {@link dev.gradbook.layers.Flatten}), trained with {@code compile} and {@code fit}.
 *
 * <p>Every class here is written against {@link dev.gradbook.autograd.Tensor} alone: a layer's
 * forward pass composes tensor operations and autograd supplies the backward pass, so no layer
 * contains a derivative and none knows which backend does the arithmetic. The sub-packages hold
 * the pieces {@code compile} takes: {@link dev.gradbook.layers.losses losses},
 * {@link dev.gradbook.layers.optimizers optimizers}, {@link dev.gradbook.layers.metrics metrics},
 * plus {@link dev.gradbook.layers.initializers initializers} for weights and
 * {@link dev.gradbook.layers.callbacks callbacks} for {@code fit}.
 *
 * <p>A {@code null} argument fails at once with a {@code NullPointerException} naming the method
 * and the parameter, as everywhere in gradbook; the rule and its few documented exceptions are in
 * the package documentation of {@link dev.gradbook.autograd}.
 */
package dev.gradbook.layers;
