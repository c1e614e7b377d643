package dev.gradbook.autograd.spi;

import dev.gradbook.autograd.NullChecks;

import java.util.Objects;

/**
 * The optimizer updates that {@link TensorBackend#update} applies to a parameter in one pass.
 *
 * <p><b>Why this exists.</b> An optimizer step written with the primitives — {@code zip} for each
 * product and sum, {@code map} for the square root — walks over every parameter a dozen times, and
 * each walk reads and writes the whole parameter: for the seed MLP's 669,706 parameters that was a
 * sixth of a training step, spent moving memory rather than computing. Every element's update only
 * needs that element's weight, gradient and state, so a backend can do it all in one walk. PyTorch
 * calls the same idea a "fused" optimizer.
 *
 * <p>Each constant carries its scalar definition in {@link #apply}: the numbers of one element go
 * in, updated, through {@code slot = {w, g, state1, state2, ...}}; the weight and the states are
 * rewritten in place ({@code g} is only read). The {@link TensorBackend#update default} calls it
 * for every element; a fast backend switches on the constant and runs a vectorised kernel that
 * evaluates the same formula in the same order. The hyperparameters come in {@code hyper}, in the
 * order each constant documents; {@link #hyperCount()} and {@link #stateCount()} say how many.
 */
public enum UpdateRule {
    /** Plain gradient descent, {@code hyper = {lr}}: {@code w ← w - g·lr}. No state. */
    SGD(1, 0) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double lr = hyper[0];
            double w = slot[WEIGHT];
            double g = slot[GRADIENT];
            slot[WEIGHT] = w - g * lr;
        }
    },
    /**
     * Momentum (Keras' form), {@code hyper = {lr, momentum}}, state {@code {v}}:
     * {@code v ← v·momentum - g·lr;  w ← w + v}.
     */
    SGD_MOMENTUM(2, 1) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double lr = hyper[0];
            double momentum = hyper[1];
            double w = slot[WEIGHT];
            double g = slot[GRADIENT];
            double v = slot[FIRST_STATE] * momentum - g * lr;
            slot[FIRST_STATE] = v;
            slot[WEIGHT] = w + v;
        }
    },
    /**
     * Nesterov momentum, {@code hyper = {lr, momentum}}, state {@code {v}}:
     * {@code v ← v·momentum - g·lr;  w ← (w + v·momentum) - g·lr}.
     */
    SGD_NESTEROV(2, 1) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double lr = hyper[0];
            double momentum = hyper[1];
            double w = slot[WEIGHT];
            double g = slot[GRADIENT];
            double step = g * lr;
            double v = slot[FIRST_STATE] * momentum - step;
            slot[FIRST_STATE] = v;
            slot[WEIGHT] = (w + v * momentum) - step;
        }
    },
    /**
     * RMSprop, {@code hyper = {lr, rho, epsilon}}, state {@code {s}} (the running mean square):
     * {@code s ← s·rho + (g·g)·(1 - rho);  w ← w - (g·lr) / √(s + epsilon)}.
     */
    RMSPROP(3, 1) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double lr = hyper[0];
            double rho = hyper[1];
            double epsilon = hyper[2];
            double w = slot[WEIGHT];
            double g = slot[GRADIENT];
            double s = slot[FIRST_STATE] * rho + (g * g) * (1 - rho);
            slot[FIRST_STATE] = s;
            slot[WEIGHT] = w - (g * lr) / Math.sqrt(s + epsilon);
        }
    },
    /**
     * Adam, {@code hyper = {alpha, beta1, beta2, epsilon}} with {@code alpha} the bias-corrected
     * learning rate of this step, state {@code {m, v}}:
     * {@code m ← m·beta1 + g·(1 - beta1);  v ← v·beta2 + (g·g)·(1 - beta2);
     * w ← w - (m·alpha) / (√v + epsilon)}.
     */
    ADAM(4, 2) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double alpha = hyper[0];
            double beta1 = hyper[1];
            double beta2 = hyper[2];
            double epsilon = hyper[3];
            double w = slot[WEIGHT];
            double g = slot[GRADIENT];
            double m = slot[FIRST_STATE] * beta1 + g * (1 - beta1);
            double v = slot[FIRST_STATE + 1] * beta2 + (g * g) * (1 - beta2);
            slot[FIRST_STATE] = m;
            slot[FIRST_STATE + 1] = v;
            slot[WEIGHT] = w - (m * alpha) / (Math.sqrt(v) + epsilon);
        }
    };

    /** Where the weight sits in {@code slot}: first. */
    public static final int WEIGHT = 0;
    /** Where the gradient sits in {@code slot}: second (read only). */
    public static final int GRADIENT = 1;
    /** Where the rule's first state sits in {@code slot}; further states follow it. */
    public static final int FIRST_STATE = 2;

    private final int hyperCount;
    private final int stateCount;

    UpdateRule(int hyperCount, int stateCount) {
        this.hyperCount = hyperCount;
        this.stateCount = stateCount;
    }

    /** How many hyperparameters {@code hyper} holds. */
    public int hyperCount() {
        return hyperCount;
    }

    /** How many state tensors (beside the weight and its gradient) the rule reads and rewrites. */
    public int stateCount() {
        return stateCount;
    }

    /**
     * The views of one update in slot order, {@code {param, grad, state...}}: the order
     * {@link #apply} numbers its slots in, and the order backends walk the operands in.
     */
    public static View[] slots(View param, View grad, View... state) {
        Objects.requireNonNull(param, "UpdateRule.slots: param is null");
        Objects.requireNonNull(grad, "UpdateRule.slots: grad is null");
        NullChecks.requireNoNullElements(state, "UpdateRule.slots", "state");
        View[] views = new View[2 + state.length];
        views[0] = param;
        views[1] = grad;
        System.arraycopy(state, 0, views, 2, state.length);
        return views;
    }

    /**
     * Updates one element: {@code slot} is {@code {w, g, state...}} on entry, and holds the new
     * {@code w} and states on exit. The definition every backend must agree with.
     */
    public abstract void apply(double[] hyper, double[] slot);
}
