package dev.gradbook.layers.optimizers;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba): momentum on the gradient ({@code m}) combined with RMSprop's scaling
 * ({@code v}), both corrected for starting at zero. For each parameter {@code w} with gradient
 * {@code g}, at step {@code t = 1, 2, ...}, as in Keras:
 *
 * <pre>
 * m ← beta1·m + (1 - beta1)·g
 * v ← beta2·v + (1 - beta2)·g²
 * w ← w - lr · sqrt(1 - beta2^t) / (1 - beta1^t) · m / (sqrt(v) + epsilon)
 * </pre>
 *
 * The factor {@code sqrt(1 - beta2^t) / (1 - beta1^t)} is the bias correction: early on, {@code m}
 * and {@code v} are averages over few gradients padded with the zeros they started from, hence too
 * small; the factor tends to 1 as {@code t} grows. Keras' defaults: lr 0.001, beta1 0.9, beta2
 * 0.999, epsilon 1e-7.
 */
public final class Adam implements Optimizer {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<Tensor, Tensor> firstMoment = new IdentityHashMap<>();
    private final Map<Tensor, Tensor> secondMoment = new IdentityHashMap<>();
    private final Map<Tensor, Integer> steps = new IdentityHashMap<>();

    /** Keras' defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. */
    public Adam() {
        this(0.001);
    }

    /** The given learning rate with Keras' other defaults. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /** All hyperparameters: betas in {@code [0, 1)}, epsilon {@code >= 0}. */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = Hyper.positive("Adam", "learning rate", learningRate);
        this.beta1 = Hyper.decay("Adam", "beta1", beta1);
        this.beta2 = Hyper.decay("Adam", "beta2", beta2);
        this.epsilon = Hyper.nonNegative("Adam", "epsilon", epsilon);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Tensor> parameters) {
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                int t = steps.merge(w, 1, Integer::sum);
                Tensor m = firstMoment.computeIfAbsent(w, Tensor::zerosLike).mul(beta1).add(g.mul(1 - beta1));
                Tensor v = secondMoment.computeIfAbsent(w, Tensor::zerosLike).mul(beta2).add(g.mul(g).mul(1 - beta2));
                firstMoment.put(w, m);
                secondMoment.put(w, v);
                double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
                w.assign(w.sub(m.mul(alpha).div(v.sqrt().add(epsilon))));
            }
        }
    }
}
