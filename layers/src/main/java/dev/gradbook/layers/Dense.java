package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.initializers.Initializer;
import dev.gradbook.layers.initializers.Initializers;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer: {@code output = activation(input · kernel + bias)}.
 *
 * <p>Every one of the {@code units} outputs is a weighted sum of <em>all</em> inputs plus its own
 * offset. For an input batch {@code [batch, in]} the kernel is an {@code [in, units]} matrix and
 * the bias a vector of {@code units}, so the layer has {@code in·units + units} parameters; the
 * first layer of the seed model, {@code Dense.units(512).inputDim(784)}, has
 * {@code 784·512 + 512 = 401,920}.
 * Inputs with more dimensions ({@code [batch, steps, in]}) are transformed along the last one.
 *
 * <p>The kernel starts {@link Initializers#glorotUniform() Glorot-uniform} random and the bias at
 * zero, as in Keras. The sizes are only known once the input size is, so the weights are created
 * in {@link #build}, which the model calls.
 *
 * <h2>Two ways to write the same layer</h2>
 * <pre>{@code
 * Dense.units(512).inputDim(784)           // 512 units, expects 784 features: a first layer
 * new Dense(512, 784)                      // the same layer, as Keras writes Dense(512, input_shape=(784,))
 * new Dense(10, "softmax")                 // with an activation
 * Dense.builder(64).activation("relu").kernelInitializer("he_normal").build()
 * }</pre>
 * The first two lines build identical layers; the first says what each number means, the second
 * mirrors Keras' positional call. Every other setting is on the {@link Builder}.
 */
public final class Dense extends AbstractLayer {
    private final int units;
    private final ActivationFunction activation;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer biasInitializer;
    private final int[] declaredInputShape;
    private Tensor kernel;
    private Tensor bias;

    /** A layer of {@code units} outputs that learns its input size from the previous layer. */
    public Dense(int units) {
        this(builder(units));
    }

    /**
     * A first layer: {@code units} outputs from {@code inputDim} features, like Keras'
     * {@code Dense(units, input_shape=(inputDim,))}.
     */
    public Dense(int units, int inputDim) {
        this(builder(units).inputShape(inputDim));
    }

    /** A layer followed by the activation called {@code activation}, e.g. {@code "relu"}. */
    public Dense(int units, String activation) {
        this(builder(units).activation(Objects.requireNonNull(activation, "Dense: activation is null")));
    }

    private Dense(Builder b) {
        if (b.units <= 0) {
            throw new IllegalArgumentException("Dense: units must be positive, got " + b.units);
        }
        this.units = b.units;
        this.activation = b.activation;
        this.useBias = b.useBias;
        this.kernelInitializer = b.kernelInitializer;
        this.biasInitializer = b.biasInitializer;
        this.declaredInputShape = b.inputShape;
        if (b.name != null) {
            name(b.name);
        }
    }

    /**
     * A layer of {@code units} outputs, the readable way: {@code Dense.units(10)} is
     * {@code new Dense(10)}; add {@link #inputDim(int)} for a first layer.
     */
    public static Dense units(int units) {
        return new Dense(units);
    }

    /**
     * This layer, declared to take inputs of {@code inputDim} features (as a first layer must):
     * {@code Dense.units(512).inputDim(784)} is the same layer as {@code new Dense(512, 784)}.
     * Like {@code String}'s methods it returns a new layer and leaves this one as it was, so use
     * the result.
     */
    public Dense inputDim(int inputDim) {
        if (kernel != null) {
            throw new IllegalStateException(describe() + ": inputDim(" + inputDim + ") on a layer that is already"
                    + " built for " + kernel.size(0) + " features; declare the input size before adding the layer");
        }
        Dense declared = new Builder(units).activation(activation).useBias(useBias)
                .kernelInitializer(kernelInitializer).biasInitializer(biasInitializer)
                .inputShape(inputDim).name(name()).build();
        declared.setTrainable(trainable());
        return declared;
    }

    /** Starts describing a layer of {@code units} outputs; finish with {@link Builder#build()}. */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    /** Number of outputs. */
    public int units() {
        return units;
    }

    /** The activation applied after the affine map ({@link ActivationFunction#LINEAR} if none). */
    public ActivationFunction activation() {
        return activation;
    }

    /** The {@code [in, units]} weight matrix, or null before the layer is built. */
    public Tensor kernel() {
        return kernel;
    }

    /** The bias vector of {@code units}, or null before the layer is built or without bias. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public int[] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    @Override
    public void build(int[] inputShape, RandomGenerator rng) {
        Objects.requireNonNull(inputShape, "Dense.build: inputShape is null");
        Objects.requireNonNull(rng, "Dense.build: rng is null");
        int in = featuresOf(inputShape);
        if (kernel != null) {
            if (kernel.size(0) != in) {
                throw new IllegalArgumentException(describe() + ": already built for inputs with " + kernel.size(0)
                        + " features, so it cannot take inputs of shape " + shapeWithBatch(inputShape)
                        + "; create a new Dense layer for this input size");
            }
            return; // already built for this size: keep the trained weights
        }
        kernel = newParameter(kernelInitializer, new int[] {in, units}, rng, "kernel");
        bias = useBias ? newParameter(biasInitializer, new int[] {units}, rng, "bias") : null;
    }

    private Tensor newParameter(Initializer init, int[] shape, RandomGenerator rng, String label) {
        Tensor values = init.create(shape, rng);
        if (!Arrays.equals(values.shape(), shape)) {
            throw new IllegalStateException(describe() + ": the " + label + " initializer returned shape "
                    + Arrays.toString(values.shape()) + " instead of " + Arrays.toString(shape));
        }
        // detach(): a fresh leaf, even if a custom initializer computed its values with tensor ops.
        return values.detach().requiresGrad(true).label(label);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Objects.requireNonNull(inputShape, "Dense.outputShape: inputShape is null");
        featuresOf(inputShape);
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Dense.forward: input is null");
        return activation.apply(linear(input));
    }

    /** The activation given to this layer ({@code LINEAR} if none). */
    @Override
    public ActivationFunction finalActivation() {
        return activation;
    }

    /**
     * The affine part {@code input · kernel + bias} alone: for a final softmax, the "logits" that
     * a cross-entropy loss prefers to start from.
     */
    @Override
    public Tensor forwardBeforeFinalActivation(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Dense.forwardBeforeFinalActivation: input is null");
        return linear(input);
    }

    private Tensor linear(Tensor input) {
        if (input.rank() < 2) {
            throw new IllegalArgumentException(describe() + ": expected a batch of shape [batch, features] but got "
                    + Arrays.toString(input.shape()) + "; for a single sample use reshape(1, -1)");
        }
        if (kernel == null) {
            // Used on its own, outside a model: build on first use, as Keras does (unseeded).
            build(Arrays.copyOfRange(input.shape(), 1, input.rank()), new SplittableRandom());
        }
        int features = input.size(-1);
        if (features != kernel.size(0)) {
            throw new IllegalArgumentException(describe() + ": expected inputs with " + kernel.size(0)
                    + " features in the last dimension, i.e. shape (None, " + kernel.size(0) + "), but got shape "
                    + Arrays.toString(input.shape()) + "; check the data's feature count or the previous layer's"
                    + " units");
        }
        Tensor out = input.matmul(kernel);
        return bias == null ? out : out.add(bias);
    }

    @Override
    public List<Tensor> parameters() {
        if (kernel == null) {
            return List.of();
        }
        return bias == null ? List.of(kernel) : List.of(kernel, bias);
    }

    @Override
    public long paramCount() {
        if (kernel != null) {
            return kernel.numel() + (bias == null ? 0 : bias.numel());
        }
        // Not built: the count is still known once the input size is declared.
        return declaredInputShape == null ? 0
                : (long) declaredInputShape[declaredInputShape.length - 1] * units + (useBias ? units : 0);
    }

    private int featuresOf(int[] inputShape) {
        if (inputShape == null || inputShape.length == 0) {
            throw new IllegalArgumentException(describe() + ": needs inputs with at least one feature dimension,"
                    + " but the input shape is " + shapeWithBatch(inputShape));
        }
        return inputShape[inputShape.length - 1];
    }

    private static String shapeWithBatch(int[] shape) {
        return SummaryTable.shapeString(shape);
    }

    /** Optional settings of a {@link Dense} layer, each with Keras' default. */
    public static final class Builder {
        private final int units;
        private ActivationFunction activation = ActivationFunction.LINEAR;
        private boolean useBias = true;
        private Initializer kernelInitializer = Initializers.glorotUniform();
        private Initializer biasInitializer = Initializers.zeros();
        private int[] inputShape;
        private String name;

        private Builder(int units) {
            this.units = units;
        }

        /** The activation by name, e.g. {@code "relu"} (default: none, i.e. {@code "linear"}). */
        public Builder activation(String name) {
            Objects.requireNonNull(name, "Dense.Builder.activation: name is null");
            return activation(ActivationFunction.fromName(name));
        }

        /** The activation, e.g. {@link ActivationFunction#RELU}. */
        public Builder activation(ActivationFunction function) {
            Objects.requireNonNull(function, "Dense.Builder.activation: function is null");
            this.activation = function;
            return this;
        }

        /** Whether to add a bias vector (default true). */
        public Builder useBias(boolean useBias) {
            this.useBias = useBias;
            return this;
        }

        /** How the kernel starts (default {@code glorot_uniform}). */
        public Builder kernelInitializer(Initializer initializer) {
            Objects.requireNonNull(initializer, "Dense.Builder.kernelInitializer: initializer is null");
            this.kernelInitializer = initializer;
            return this;
        }

        /** How the kernel starts, by Keras name, e.g. {@code "he_normal"}. */
        public Builder kernelInitializer(String name) {
            Objects.requireNonNull(name, "Dense.Builder.kernelInitializer: name is null");
            return kernelInitializer(Initializers.get(name));
        }

        /** How the bias starts (default {@code zeros}). */
        public Builder biasInitializer(Initializer initializer) {
            Objects.requireNonNull(initializer, "Dense.Builder.biasInitializer: initializer is null");
            this.biasInitializer = initializer;
            return this;
        }

        /** How the bias starts, by Keras name. */
        public Builder biasInitializer(String name) {
            Objects.requireNonNull(name, "Dense.Builder.biasInitializer: name is null");
            return biasInitializer(Initializers.get(name));
        }

        /** The shape of one input sample, e.g. {@code inputShape(784)}; needed only on a first layer. */
        public Builder inputShape(int... shape) {
            Objects.requireNonNull(shape, "Dense.Builder.inputShape: shape is null");
            for (int size : shape) {
                if (size <= 0) {
                    throw new IllegalArgumentException("Dense: input shape " + Arrays.toString(shape)
                            + " must have positive sizes (the batch dimension is left out)");
                }
            }
            if (shape.length == 0) {
                throw new IllegalArgumentException("Dense: the input shape needs at least one dimension");
            }
            this.inputShape = shape.clone();
            return this;
        }

        /**
         * The layer's name in the model; {@code null} (the default) lets the model generate one,
         * {@code dense}, {@code dense_1}, ...
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The layer. */
        public Dense build() {
            return new Dense(this);
        }
    }
}
