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
 *
 * <p>As in {@link RMSprop}, the update runs in place, in one pass over each parameter
 * ({@link Tensor#applyUpdate} with {@link UpdateRule#ADAM}).
 */
public final class Adam implements Optimizer {
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<Tensor, State> states = new IdentityHashMap<>();

    /**
     * What Adam keeps per parameter: the moments {@code m} and {@code v} and the step count
     * {@code t}.
     */
    private static final class State {
        final Tensor m;
        final Tensor v;
        int t;

        State(Tensor w) {
            m = w.zerosLike();
            v = w.zerosLike();
        }
    }

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
        NullChecks.requireNoNullElements(parameters, "Adam.step", "parameters");
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                State state = states.computeIfAbsent(w, State::new);
                int t = ++state.t;
                // alpha: the bias-corrected learning rate of step t
                double alpha = learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
                w.applyUpdate(UpdateRule.ADAM, new double[] {alpha, beta1, beta2, epsilon}, g, state.m, state.v);
            }
        }
    }
}
