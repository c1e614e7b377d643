package dev.gradbook.layers.optimizers;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;

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
 * <p>As in {@link RMSprop}, the update runs in place on {@code v}, {@code w} and scratch tensors
 * kept per parameter, so a step allocates no parameter-sized storage.
 */
public final class SGD implements Optimizer {
    private final double learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final Map<Tensor, State> states = new IdentityHashMap<>();

    /**
     * What SGD keeps per parameter: the velocity {@code v} (unused without momentum) and two
     * scratch tensors of the parameter's shape that each step overwrites.
     */
    private record State(Tensor velocity, Tensor scaledGradient, Tensor scratch) {
        static State of(Tensor w) {
            return new State(w.zerosLike(), w.zerosLike(), w.zerosLike());
        }
    }

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
        try (Scope off = GradMode.noGrad()) {
            for (Tensor w : parameters) {
                Tensor g = w.grad();
                if (g == null) {
                    continue;
                }
                State state = states.computeIfAbsent(w, State::of);
                Tensor scaledGradient = state.scaledGradient().assign(g).mulInPlace(learningRate); // lr·g
                if (momentum == 0) {
                    w.subInPlace(scaledGradient);
                    continue;
                }
                Tensor v = state.velocity().mulInPlace(momentum).subInPlace(scaledGradient);
                if (nesterov) {
                    w.addInPlace(state.scratch().assign(v).mulInPlace(momentum)).subInPlace(scaledGradient);
                } else {
                    w.addInPlace(v);
                }
            }
        }
    }
}
