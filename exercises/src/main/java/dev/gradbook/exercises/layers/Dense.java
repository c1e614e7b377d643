package dev.gradbook.exercises.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Todo;
import dev.gradbook.layers.Layer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * ex7.1: a fully connected layer, {@code output = input · kernel + bias}, on gradbook's real
 * {@link Layer} interface (chapter 7, "Dense: every output sees every input"). It works inside a
 * {@link dev.gradbook.layers.Sequential} like gradbook's own {@link dev.gradbook.layers.Dense}.
 *
 * <p>For a batch {@code [batch, in]}, the kernel is an {@code [in, units]} matrix and the bias a
 * vector of {@code units}. Both are created in {@link #build} (only then is {@code in} known):
 * the kernel Glorot-uniform, every entry drawn uniformly from {@code [-limit, limit)} with
 * {@code limit = sqrt(6 / (in + units))} using the generator {@code build} is given (so a seeded
 * model is reproducible), the bias zeros; both {@code requiresGrad(true)}. {@link #forward} is two
 * tensor operations, so autograd records it and this layer writes no backward pass.
 */
public final class Dense implements Layer {

    // BEGIN SOLUTION ex7.1
    private final int units;
    private Tensor kernel;
    private Tensor bias;
    // PROMPT: // your fields: the number of units, the kernel and the bias
    // END SOLUTION

    /**
     * A layer of {@code units} outputs.
     *
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public Dense(int units) {
        // BEGIN SOLUTION ex7.1
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be positive, got " + units);
        }
        this.units = units;
        // END SOLUTION
    }

    /** The {@code [in, units]} kernel, or null before {@link #build}. */
    public Tensor kernel() {
        // BEGIN SOLUTION ex7.1
        return kernel;
        // END SOLUTION
    }

    /** The bias of {@code units} numbers, or null before {@link #build}. */
    public Tensor bias() {
        // BEGIN SOLUTION ex7.1
        return bias;
        // END SOLUTION
    }

    /**
     * Creates the kernel (Glorot-uniform, drawn from {@code rng}) and the bias (zeros) for inputs of {@code inputShape}.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void build(int[] inputShape, RandomGenerator rng) {
        Objects.requireNonNull(inputShape, "Dense.build: inputShape is null");
        Objects.requireNonNull(rng, "Dense.build: rng is null");
        // BEGIN SOLUTION ex7.1
        int in = inputShape[inputShape.length - 1];
        double limit = Math.sqrt(6.0 / (in + units));
        double[] values = new double[in * units];
        for (int i = 0; i < values.length; i++) {
            values[i] = -limit + 2 * limit * rng.nextDouble();
        }
        kernel = Tensor.of(values, in, units).requiresGrad(true);
        bias = Tensor.zeros(units).requiresGrad(true);
        // END SOLUTION
    }

    /**
     * The last dim becomes {@code units}: {@code [784]} gives {@code [units]}.
     *
     * @throws NullPointerException if {@code inputShape} is null
     */
    @Override
    public int[] outputShape(int[] inputShape) {
        Objects.requireNonNull(inputShape, "Dense.outputShape: inputShape is null");
        // BEGIN SOLUTION ex7.1
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
        // END SOLUTION
    }

    /**
     * {@code input · kernel + bias}, the same in training and inference.
     *
     * @throws NullPointerException if {@code input} is null
     * @throws IllegalStateException    before {@link #build}
     * @throws IllegalArgumentException when the input's last dim is not the kernel's {@code in};
     *                                  the message names the input's shape and the expected size
     */
    @Override
    public Tensor forward(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Dense.forward: input is null");
        // BEGIN SOLUTION ex7.1
        if (kernel == null) {
            throw new IllegalStateException("Dense: call build(inputShape, rng) before forward");
        }
        if (input.rank() < 2 || input.size(-1) != kernel.size(0)) {
            throw new IllegalArgumentException("Dense: expected inputs [batch, " + kernel.size(0) + "] but got shape "
                    + Arrays.toString(input.shape()));
        }
        return input.matmul(kernel).add(bias);
        // END SOLUTION
    }

    /** The kernel, then the bias (none before {@link #build}). */
    @Override
    public List<Tensor> parameters() {
        // BEGIN SOLUTION ex7.1
        return kernel == null ? List.of() : List.of(kernel, bias);
        // END SOLUTION
    }
}
