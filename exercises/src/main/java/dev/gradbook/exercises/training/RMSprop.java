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
 * ex9.3 (with {@link Adam}): RMSprop as a gradbook {@link Optimizer} (chapter 9, "Optimizers"),
 * in Keras' formulation. For each parameter {@code w} with gradient {@code g}:
 *
 * <pre>
 * s ← rho·s + (1 - rho)·g²          (s starts at 0, one per parameter tensor)
 * w ← w - lr·g / sqrt(s + epsilon)   (epsilon inside the root, as Keras)
 * </pre>
 *
 * In place, under {@code GradMode.noGrad()}, skipping parameters without a gradient, as
 * {@link SGD} does.
 */
public final class RMSprop implements Optimizer {

    // BEGIN SOLUTION ex9.3
    private final double learningRate;
    private final double rho;
    private final double epsilon;
    private final Map<Tensor, Tensor> meanSquares = new IdentityHashMap<>();
    // PROMPT: // your fields: the hyperparameters, and the running mean square of each parameter tensor
    // END SOLUTION

    /** RMSprop with these hyperparameters (Keras' defaults are 0.001, 0.9, 1e-7). */
    public RMSprop(double learningRate, double rho, double epsilon) {
        // BEGIN SOLUTION ex9.3
        this.learningRate = learningRate;
        this.rho = rho;
        this.epsilon = epsilon;
        // END SOLUTION
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public double learningRate() {
        // BEGIN SOLUTION ex9.3
        return learningRate;
        // END SOLUTION
    }

    @Override
    public void step(List<Tensor> parameters) {
        NullChecks.requireNoNullElements(parameters, "RMSprop.step", "parameters");
        // BEGIN SOLUTION ex9.3
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                Tensor s = meanSquares.computeIfAbsent(w, Tensor::zerosLike);
                s.mulInPlace(rho).addInPlace(g.mul(g).mul(1 - rho));
                w.subInPlace(g.mul(learningRate).div(s.add(epsilon).sqrt()));
            }
        }
        // END SOLUTION
    }
}
