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
 * Stochastic gradient descent, optionally with momentum, in Keras' formulation. For each
 * parameter {@code w} with gradient {@code g}:
 *
 * <pre>
 * without momentum:  w ← w - lr·g
 * with momentum:     v ← momentum·v - lr·g          (v starts at 0: a running "velocity")
 *                    w ← w + v
 * Nesterov:          v ← momentum·v - lr·g
 *                    w ← w + momentum·v - lr·g      (step as if from where the velocity leads)
 * </pre>
 *
 * Momentum lets consistent gradient directions build up speed while directions that flip from
 * batch to batch cancel out.
 *
 * <p>As in {@link RMSprop}, the update runs in place, in one pass over each parameter
 * ({@link Tensor#applyUpdate} with {@link UpdateRule#SGD}, {@link UpdateRule#SGD_MOMENTUM} or
 * {@link UpdateRule#SGD_NESTEROV}).
 */
public final class SGD implements Optimizer {
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    /** What SGD with momentum keeps per parameter: the velocity {@code v}. */
    private final Map<Tensor, Tensor> velocities = new IdentityHashMap<>();

    /** Keras' defaults: learning rate 0.01, no momentum. */
    public SGD() {
        this(0.01);
    }

    /** Plain SGD with the given learning rate. */
    public SGD(double learningRate) {
        this(learningRate, 0, false);
    }

    /** SGD with momentum in {@code [0, 1)}, classical or (with {@code nesterov}) Nesterov. */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        this.learningRate = Hyper.positive("SGD", "learning rate", learningRate);
        this.momentum = Hyper.decay("SGD", "momentum", momentum);
        this.nesterov = nesterov;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    /** The momentum factor (0 for plain SGD). */
    public double momentum() {
        return momentum;
    }

    /** Whether the Nesterov variant is used. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public void step(List<Tensor> parameters) {
        NullChecks.requireNoNullElements(parameters, "SGD.step", "parameters");
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                if (momentum == 0) {
                    w.applyUpdate(UpdateRule.SGD, new double[] {learningRate}, g);
                } else {
                    Tensor v = velocities.computeIfAbsent(w, Tensor::zerosLike);
                    w.applyUpdate(nesterov ? UpdateRule.SGD_NESTEROV : UpdateRule.SGD_MOMENTUM,
                            new double[] {learningRate, momentum}, g, v);
                }
            }
        }
    }
}
