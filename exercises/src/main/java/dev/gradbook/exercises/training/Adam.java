package dev.gradbook.exercises.training;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Todo;
import dev.gradbook.layers.optimizers.Optimizer;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * ex9.3 (with {@link RMSprop}): Adam as a gradbook {@link Optimizer} (chapter 9, "Optimizers"),
 * in Keras' formulation. For each parameter {@code w} with gradient {@code g}, at its step
 * {@code t = 1, 2, ...} (counted per parameter tensor):
 *
 * <pre>
 * m ← beta1·m + (1 - beta1)·g          (m and v start at 0)
 * v ← beta2·v + (1 - beta2)·g²
 * w ← w - lr · sqrt(1 - beta2^t) / (1 - beta1^t) · m / (sqrt(v) + epsilon)
 * </pre>
 *
 * The factor {@code sqrt(1 - beta2^t) / (1 - beta1^t)} corrects {@code m} and {@code v} for
 * starting at zero; with it, Adam's first step is about {@code lr} in every coordinate, whatever
 * the gradient's size. In place, under {@code GradMode.noGrad()}, skipping parameters without a
 * gradient.
 */
public final class Adam implements Optimizer {

    // BEGIN SOLUTION ex9.3
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<Tensor, Moments> moments = new IdentityHashMap<>();

    /** What Adam keeps per parameter tensor. */
    private static final class Moments {
        final Tensor m;
        final Tensor v;
        int t;

        Moments(Tensor w) {
            m = w.zerosLike();
            v = w.zerosLike();
        }
    }
    // PROMPT: // your fields: the hyperparameters, and m, v and t of each parameter tensor
    // END SOLUTION

    /** Adam with these hyperparameters (Keras' defaults are 0.001, 0.9, 0.999, 1e-7). */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        // BEGIN SOLUTION ex9.3
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        // END SOLUTION
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public double learningRate() {
        // BEGIN SOLUTION ex9.3
        return learningRate;
        // END SOLUTION
    }

    @Override
    public void step(List<Tensor> parameters) {
        NullChecks.requireNoNullElements(parameters, "Adam.step", "parameters");
        // BEGIN SOLUTION ex9.3
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                Moments state = moments.computeIfAbsent(w, Moments::new);
                int t = ++state.t;
                state.m.mulInPlace(beta1).addInPlace(g.mul(1 - beta1));
                state.v.mulInPlace(beta2).addInPlace(g.mul(g).mul(1 - beta2));
                double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
                w.subInPlace(state.m.div(state.v.sqrt().add(epsilon)).mul(alpha));
            }
        }
        // END SOLUTION
    }
}
