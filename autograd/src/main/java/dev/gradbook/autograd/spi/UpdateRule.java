package dev.gradbook.autograd.spi;

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
            slot[0] = slot[0] - slot[1] * hyper[0];
        }
    },
    /**
     * Momentum (Keras' form), {@code hyper = {lr, momentum}}, state {@code {v}}:
     * {@code v ← v·momentum - g·lr;  w ← w + v}.
     */
    SGD_MOMENTUM(2, 1) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double velocity = slot[2] * hyper[1] - slot[1] * hyper[0];
            slot[2] = velocity;
            slot[0] = slot[0] + velocity;
        }
    },
    /**
     * Nesterov momentum, {@code hyper = {lr, momentum}}, state {@code {v}}:
     * {@code v ← v·momentum - g·lr;  w ← (w + v·momentum) - g·lr}.
     */
    SGD_NESTEROV(2, 1) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double scaledGradient = slot[1] * hyper[0];
            double velocity = slot[2] * hyper[1] - scaledGradient;
            slot[2] = velocity;
            slot[0] = (slot[0] + velocity * hyper[1]) - scaledGradient;
        }
    },
    /**
     * RMSprop, {@code hyper = {lr, rho, epsilon}}, state {@code {s}} (the running mean square):
     * {@code s ← s·rho + (g·g)·(1 - rho);  w ← w - (g·lr) / √(s + epsilon)}.
     */
    RMSPROP(3, 1) {
        @Override
        public void apply(double[] hyper, double[] slot) {
            double g = slot[1];
            double meanSquare = slot[2] * hyper[1] + (g * g) * (1 - hyper[1]);
            slot[2] = meanSquare;
            slot[0] = slot[0] - (g * hyper[0]) / Math.sqrt(meanSquare + hyper[2]);
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
            double g = slot[1];
            double mean = slot[2] * hyper[1] + g * (1 - hyper[1]);
            double meanSquare = slot[3] * hyper[2] + (g * g) * (1 - hyper[2]);
            slot[2] = mean;
            slot[3] = meanSquare;
            slot[0] = slot[0] - (mean * hyper[0]) / (Math.sqrt(meanSquare) + hyper[3]);
        }
    };

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
