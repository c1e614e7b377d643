package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One training step's worth of work through the public {@link Tensor} API: the forward pass of a
 * small multi-layer perceptron and the backward pass to its parameters. It is the seed lesson's
 * network in miniature — {@code Dense → relu → dropout → Dense → tanh → Dense → log-softmax →
 * cross-entropy} — and it makes the engine call every primitive the way real training does:
 * matmuls with transposed operands in backward, broadcast bias additions, sums that undo the
 * broadcast, max and sum reductions inside log-softmax.
 */
final class MlpStep {
    static final int BATCH = 16;
    static final int INPUTS = 20;
    static final int HIDDEN1 = 33;
    static final int HIDDEN2 = 17;
    static final int CLASSES = 7;

    /** The loss and the gradient of each parameter, by name, as row-major arrays. */
    record Result(double loss, Map<String, double[]> gradients) {
    }

    private MlpStep() {
    }

    /** Runs the step on the backend called {@code backendName}; the same seed gives the same data. */
    @SuppressWarnings("try") // the scope is only opened and closed, never read
    static Result run(String backendName, DType dtype, long seed) {
        try (Scope scope = Backends.use(backendName)) {
            SplittableRandom rng = new SplittableRandom(seed);
            Tensor x = Tensor.randn(rng, BATCH, INPUTS).to(dtype);
            Map<String, Tensor> params = new LinkedHashMap<>();
            params.put("W1", parameter(rng, dtype, INPUTS, HIDDEN1));
            params.put("b1", parameter(rng, dtype, HIDDEN1));
            params.put("W2", parameter(rng, dtype, HIDDEN1, HIDDEN2));
            params.put("b2", parameter(rng, dtype, HIDDEN2));
            params.put("W3", parameter(rng, dtype, HIDDEN2, CLASSES));
            params.put("b3", parameter(rng, dtype, CLASSES));
            Tensor dropoutMask = bernoulli(rng, 0.8, BATCH, HIDDEN1).div(0.8).to(dtype);
            Tensor oneHot = oneHot(rng).to(dtype);

            Tensor h1 = x.matmul(params.get("W1")).add(params.get("b1")).relu().mul(dropoutMask);
            Tensor h2 = h1.matmul(params.get("W2")).add(params.get("b2")).tanh();
            Tensor logits = h2.matmul(params.get("W3")).add(params.get("b3"));
            Tensor loss = logits.logSoftmax(1).mul(oneHot).sum().neg().div(BATCH);
            loss.backward();

            Map<String, double[]> gradients = new LinkedHashMap<>();
            params.forEach((name, p) -> gradients.put(name, p.grad().toDoubleArray()));
            return new Result(loss.item(), gradients);
        }
    }

    /** Weights scaled by 1/√fan-in, as Glorot-style initializers do, so activations stay O(1). */
    private static Tensor parameter(SplittableRandom rng, DType dtype, int... shape) {
        return Tensor.randn(rng, shape).mul(1.0 / Math.sqrt(shape[0])).to(dtype).requiresGrad(true);
    }

    private static Tensor bernoulli(SplittableRandom rng, double keep, int... shape) {
        double[] mask = new double[shape[0] * shape[1]];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() < keep ? 1 : 0;
        }
        return Tensor.of(mask, shape);
    }

    private static Tensor oneHot(SplittableRandom rng) {
        double[] data = new double[BATCH * CLASSES];
        for (int row = 0; row < BATCH; row++) {
            data[row * CLASSES + rng.nextInt(CLASSES)] = 1;
        }
        return Tensor.of(data, BATCH, CLASSES);
    }
}
