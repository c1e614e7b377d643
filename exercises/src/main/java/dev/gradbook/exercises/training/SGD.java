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
 * ex9.2: stochastic gradient descent with momentum as a gradbook {@link Optimizer} (chapter 9,
 * "Optimizers"), in Keras' formulation. For each parameter {@code w} with gradient {@code g}:
 *
 * <pre>
 * v ← momentum·v - lr·g          (v starts at 0, one per parameter tensor)
 * w ← w + v
 * </pre>
 *
 * With {@code momentum = 0} this is plain SGD, {@code w ← w - lr·g}. Update the parameters in
 * place (the optimizer gets the model's own tensors; {@code assign}, {@code addInPlace}, ... do
 * it) inside {@code GradMode.noGrad()}, so that the update is not recorded in the graph. A
 * parameter whose {@code grad()} is null is left alone; the gradients are not cleared.
 */
public final class SGD implements Optimizer {

    // BEGIN SOLUTION ex9.2
    private final double learningRate;
    private final double momentum;
    private final Map<Tensor, Tensor> velocities = new IdentityHashMap<>();
    // PROMPT: // your fields: the hyperparameters, and the velocity of each parameter tensor
    // END SOLUTION

    /**
     * SGD with learning rate {@code learningRate > 0} and {@code momentum} in {@code [0, 1)}.
     *
     * @throws IllegalArgumentException for a value out of range, naming it
     */
    public SGD(double learningRate, double momentum) {
        // BEGIN SOLUTION ex9.2
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD: the learning rate must be > 0 and momentum in [0, 1), got "
                    + learningRate + " and " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
        // END SOLUTION
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public double learningRate() {
        // BEGIN SOLUTION ex9.2
        return learningRate;
        // END SOLUTION
    }

    @Override
    public void step(List<Tensor> parameters) {
        NullChecks.requireNoNullElements(parameters, "SGD.step", "parameters");
        // BEGIN SOLUTION ex9.2
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                Tensor v = velocities.computeIfAbsent(w, Tensor::zerosLike);
                v.mulInPlace(momentum).subInPlace(g.mul(learningRate));
                w.addInPlace(v);
            }
        }
        // END SOLUTION
    }
}
