package dev.gradbook.layers.initializers;

import dev.gradbook.autograd.Tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The weight initialisers Keras offers under these names, as static factories and by name with
 * {@link #get(String)}.
 *
 * <h2>Fan-in and fan-out</h2>
 * For a {@code [in, out]} kernel of a {@code Dense} layer, {@code fanIn = in} (how many inputs
 * each unit sums) and {@code fanOut = out}. Summing {@code fanIn} terms multiplies the variance
 * by {@code fanIn}, so weights of variance {@code 1/fanIn} keep it level going forward; Glorot
 * and Bengio compromise between the forward ({@code fanIn}) and backward ({@code fanOut})
 * directions with {@code 2/(fanIn+fanOut)}; He et al. double it to {@code 2/fanIn} because ReLU
 * zeroes half of its inputs.
 *
 * <h2>Truncated normals</h2>
 * As in Keras, the normal schemes draw from a normal distribution cut off at two standard
 * deviations (values further out are redrawn), widened by the factor {@code 1/0.8796...} that
 * restores the intended variance after the cut.
 */
public final class Initializers {
    /** Standard deviation of a unit normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    private static final Map<String, Supplier<Initializer>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("glorot_uniform", Initializers::glorotUniform);
        BY_NAME.put("glorot_normal", Initializers::glorotNormal);
        BY_NAME.put("he_normal", Initializers::heNormal);
        BY_NAME.put("zeros", Initializers::zeros);
        BY_NAME.put("ones", Initializers::ones);
    }

    private Initializers() {
    }

    /**
     * Uniform in {@code [-limit, limit]} with {@code limit = sqrt(6 / (fanIn + fanOut))}, which
     * gives variance {@code 2 / (fanIn + fanOut)}. The default kernel initialiser of
     * {@code Dense}, as in Keras.
     */
    public static Initializer glorotUniform() {
        return (shape, rng) -> {
            double[] fans = fans(shape);
            double limit = Math.sqrt(6.0 / (fans[0] + fans[1]));
            return fill(shape, () -> (2 * rng.nextDouble() - 1) * limit);
        };
    }

    /** Truncated normal with standard deviation {@code sqrt(2 / (fanIn + fanOut))}. */
    public static Initializer glorotNormal() {
        return (shape, rng) -> {
            double[] fans = fans(shape);
            return truncatedNormal(shape, Math.sqrt(2.0 / (fans[0] + fans[1])), rng);
        };
    }

    /** Truncated normal with standard deviation {@code sqrt(2 / fanIn)}: made for ReLU layers. */
    public static Initializer heNormal() {
        return (shape, rng) -> truncatedNormal(shape, Math.sqrt(2.0 / fans(shape)[0]), rng);
    }

    /** All zeros: the default for biases (the random kernel already breaks the symmetry). */
    public static Initializer zeros() {
        return (shape, rng) -> Tensor.zeros(shape);
    }

    /** All ones. */
    public static Initializer ones() {
        return (shape, rng) -> Tensor.ones(shape);
    }

    /**
     * The initialiser Keras calls {@code name}: {@code glorot_uniform}, {@code glorot_normal},
     * {@code he_normal}, {@code zeros} or {@code ones}. An unknown name fails listing these.
     */
    public static Initializer get(String name) {
        Objects.requireNonNull(name, "Initializers.get: name is null");
        Supplier<Initializer> factory = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("initializer: unknown initializer '" + name + "'; valid names are "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return factory.get();
    }

    /**
     * {@code {fanIn, fanOut}} of a weight shape: a matrix {@code [in, out]} gives {@code in} and
     * {@code out}; a vector counts its length as both; for more dims (convolution kernels
     * {@code [h, w, in, out]}) the leading dims form a receptive field that multiplies both.
     */
    static double[] fans(int[] shape) {
        if (shape.length == 0) {
            return new double[] {1, 1};
        }
        if (shape.length == 1) {
            return new double[] {shape[0], shape[0]};
        }
        double receptiveField = 1;
        for (int d = 0; d < shape.length - 2; d++) {
            receptiveField *= shape[d];
        }
        return new double[] {shape[shape.length - 2] * receptiveField, shape[shape.length - 1] * receptiveField};
    }

    private static Tensor truncatedNormal(int[] shape, double stddev, RandomGenerator rng) {
        double scale = stddev / TRUNCATED_STDDEV;
        return fill(shape, () -> {
            double z;
            do {
                z = rng.nextGaussian();
            } while (Math.abs(z) > 2);
            return z * scale;
        });
    }

    private static Tensor fill(int[] shape, java.util.function.DoubleSupplier draw) {
        Tensor values = Tensor.zeros(shape); // checks the element count and the memory, names the shape
        for (int i = 0, n = values.numel(); i < n; i++) {
            values.view().storage().set(i, draw.getAsDouble());
        }
        return values;
    }
}
