package dev.gradbook.layers.optimizers;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.UpdateRule;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton): divides each parameter's step by the root of a running mean of its squared
 * gradients, so parameters with large gradients take smaller steps and vice versa. For each
 * parameter {@code w} with gradient {@code g}, as in Keras:
 *
 * <pre>
 * s ← rho·s + (1 - rho)·g²          (s starts at 0)
 * w ← w - lr·g / sqrt(s + epsilon)
 * </pre>
 *
 * Keras' defaults are lr = 0.001, rho = 0.9, epsilon = 1e-7. (Keras adds epsilon under the
 * square root; some texts add it outside. The difference only matters while {@code s} is tiny.)
 *
 * <p>The update runs in place, in one pass over each parameter ({@link Tensor#applyUpdate} with
 * {@link UpdateRule#RMSPROP}, which spells out the formula in the order it is evaluated). The same
 * formula written with tensor operations, {@code w.assign(w.sub(...))}, allocates about ten fresh
 * copies of every parameter per step, and as a chain of {@code ...InPlace} calls it walks over
 * every parameter twelve times; either way the step spends more time moving memory than computing.
 */
public final class RMSprop implements Optimizer {
    private final double learningRate;
    private final double rho;
    private final double epsilon;
    /** What RMSprop keeps per parameter: the running mean square {@code s}. */
    private final Map<Tensor, Tensor> meanSquares = new IdentityHashMap<>();

    /** Keras' defaults: lr 0.001, rho 0.9, epsilon 1e-7. */
    public RMSprop() {
        this(0.001);
    }

    /** The given learning rate with Keras' rho 0.9 and epsilon 1e-7. */
    public RMSprop(double learningRate) {
        this(learningRate, 0.9, 1e-7);
    }

    /** All hyperparameters: rho in {@code [0, 1)}, epsilon {@code >= 0}. */
    public RMSprop(double learningRate, double rho, double epsilon) {
        this.learningRate = Hyper.positive("RMSprop", "learning rate", learningRate);
        this.rho = Hyper.decay("RMSprop", "rho", rho);
        this.epsilon = Hyper.nonNegative("RMSprop", "epsilon", epsilon);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void step(List<Tensor> parameters) {
        NullChecks.requireNoNullElements(parameters, "RMSprop.step", "parameters");
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                Tensor s = meanSquares.computeIfAbsent(w, Tensor::zerosLike);
                w.applyUpdate(UpdateRule.RMSPROP, new double[] {learningRate, rho, epsilon}, g, s);
            }
        }
    }
}
