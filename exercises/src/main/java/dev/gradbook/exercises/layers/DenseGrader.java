package dev.gradbook.exercises.layers;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.tensorgrad.TensorChecks;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.optimizers.SGD;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static dev.gradbook.exercises.tensorgrad.TensorChecks.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ex7.1: {@link Dense}, against gradbook's {@link dev.gradbook.layers.Dense} with the same weights. */
@Tag("ex7.1")
@ExtendWith(Seeded.class)
@DisplayName("ex7.1 a Dense layer")
class DenseGrader {

    @Test
    @DisplayName("an example by hand: Dense(2) on [[1, 2, 3], [0, 1, 0]] with kernel [[1, 0], [0, 1], [1, 1]] and bias [0.5, -1]")
    void example() {
        Dense dense = new Dense(2);
        assertEquals(List.of(), dense.parameters(), "parameters() before build: none yet");
        dense.build(new int[] {3}, new SplittableRandom(1));
        assertArrayEquals(new int[] {2}, dense.outputShape(new int[] {3}), "outputShape([3]) of Dense(2)");
        setWeights(dense, Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2), Tensor.of(new double[] {0.5, -1}));
        Tensor out = dense.forward(Tensor.of(new double[] {1, 2, 3, 0, 1, 0}, 2, 3), false);
        TensorChecks.assertClose(Tensor.of(new double[] {4.5, 4, 0.5, 0}, 2, 2), out, 1e-15,
                "forward: row 0 is [1+3, 2+3] + [0.5, -1], row 1 is [0, 1] + [0.5, -1]");
        assertEquals(8, dense.paramCount(), "a [3] -> 2 Dense layer has 3·2 + 2 parameters");
    }

    @Test
    @DisplayName("build: a [in, units] Glorot-uniform kernel drawn from the generator, a zero bias, both wanting gradients")
    void build(Random random) {
        int in = 40 + random.nextInt(40);
        int units = 20 + random.nextInt(40);
        long seed = random.nextLong();
        Dense dense = new Dense(units);
        dense.build(new int[] {in}, new SplittableRandom(seed));
        String layer = "Dense(" + units + ") built for [" + in + "]";
        List<Tensor> parameters = dense.parameters();
        assertEquals(2, parameters.size(), layer + ": parameters() should be the kernel and the bias");
        Tensor kernel = parameters.get(0);
        Tensor bias = parameters.get(1);
        assertArrayEquals(new int[] {in, units}, kernel.shape(), layer + ": the kernel's shape");
        assertArrayEquals(new int[] {units}, bias.shape(), layer + ": the bias's shape");
        assertTrue(kernel == dense.kernel() && bias == dense.bias(), layer + ": kernel() and bias() are parameters()' tensors");
        for (Tensor p : parameters) {
            assertTrue(p.requiresGrad() && p.isLeaf(), layer + ": parameters must be leaves with requiresGrad(true)");
        }
        TensorChecks.assertClose(Tensor.zeros(units), bias, 0, layer + ": the bias starts at zero");
        double limit = Math.sqrt(6.0 / (in + units));
        double[] values = kernel.toDoubleArray();
        double sumSquares = 0;
        for (double v : values) {
            assertTrue(v >= -limit && v < limit, layer + ": kernel entry " + v + " is outside the Glorot range ±" + limit);
            sumSquares += v * v;
        }
        double variance = sumSquares / values.length;
        assertEquals(limit * limit / 3, variance, 0.15 * limit * limit / 3, layer + ": the kernel's mean square should be"
                + " near limit²/3 = " + limit * limit / 3 + " (uniform on ±limit)");
        Dense twin = new Dense(units);
        twin.build(new int[] {in}, new SplittableRandom(seed));
        TensorChecks.assertClose(kernel, twin.kernel(), 0, layer + ": built twice from generators with the same seed,"
                + " the kernels must be equal (draw from the generator build is given, and only from it)");
        Dense other = new Dense(units);
        other.build(new int[] {in}, new SplittableRandom(seed + 1));
        assertFalse(java.util.Arrays.equals(values, other.kernel().toDoubleArray()),
                layer + ": generators with different seeds should give different kernels");
    }

    @Test
    @DisplayName("random batches: the same outputs and gradients (kernel, bias, input) as gradbook's Dense with the same weights")
    void matchesGradbook(Random random) {
        for (int i = 0; i < 20; i++) {
            int batch = 1 + random.nextInt(6);
            int in = 1 + random.nextInt(6);
            int units = 1 + random.nextInt(6);
            dev.gradbook.layers.Dense reference = new dev.gradbook.layers.Dense(units);
            reference.build(new int[] {in}, new SplittableRandom(random.nextLong()));
            try (Scope off = GradMode.noGrad()) {
                reference.bias().assign(uniform(random, -1, 1, units));
            }
            Dense dense = new Dense(units);
            dense.build(new int[] {in}, new SplittableRandom(random.nextLong()));
            setWeights(dense, reference.kernel(), reference.bias());

            Tensor x = uniform(random, -2, 2, batch, in);
            Tensor weights = uniform(random, -1, 1, batch, units); // loss = Σ weights·out: every output matters
            Tensor xExpected = TensorChecks.leaf(x);
            Tensor expected = reference.forward(xExpected, true);
            expected.mul(weights).sum().backward();
            Tensor xActual = TensorChecks.leaf(x);
            Tensor actual = dense.forward(xActual, true);
            String call = "Dense(" + units + ").forward(x of shape " + str(x.shape()) + ")";
            TensorChecks.assertClose(expected, actual, 1e-12, call);
            actual.mul(weights).sum().backward();
            TensorChecks.assertClose(reference.kernel().grad(), dense.kernel().grad(), 1e-12, call + ", the kernel's gradient");
            TensorChecks.assertClose(reference.bias().grad(), dense.bias().grad(), 1e-12, call
                    + ", the bias's gradient (the sum over the batch)");
            TensorChecks.assertClose(xExpected.grad(), xActual.grad(), 1e-12, call + ", the input's gradient");
        }
    }

    @Test
    @DisplayName("inputs with the wrong feature count, or without a batch dim, are refused, naming the shape and the size")
    void refusesWrongFeatures() {
        Dense dense = new Dense(2);
        dense.build(new int[] {3}, new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dense.forward(Tensor.zeros(4, 5), false), "Dense built for 3 features, given shape [4, 5]");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[4, 5]") && message.contains("3"), "the message should name the shape [4, 5] and"
                + " the expected feature count 3: " + message);
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> dense.forward(Tensor.zeros(3), false), "Dense built for 3 features, given shape [3]: the"
                        + " input is [batch, features], so a rank-1 tensor is refused even though its size fits");
        assertTrue(String.valueOf(flat.getMessage()).contains("[3]"), "the message should name the shape [3]: "
                + flat.getMessage());
    }

    @Test
    @DisplayName("a layer of no units is refused, naming the number; forward before build is refused too")
    void refusesMisuse() {
        for (int units : new int[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dense(units),
                    "new Dense(" + units + ") should throw IllegalArgumentException: units must be positive");
            assertTrue(String.valueOf(e.getMessage()).contains(String.valueOf(units)), "the message should name "
                    + units + ": " + e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> new Dense(2).forward(Tensor.zeros(1, 3), false),
                "forward on a Dense that was never built should throw IllegalStateException (build creates the kernel)");
    }

    @Test
    @DisplayName("inside a Sequential: two of your Dense layers count 3·4+4 + 4·1+1 parameters and learn a linear map")
    void trainsInSequential(Random random) {
        Sequential model = new Sequential(random.nextLong());
        model.add(new Dense(4));
        model.add(new Dense(1));
        model.build(3);
        assertEquals(21, model.countParams(), "Sequential(Dense(4), Dense(1)) built for [3]: parameters");
        assertArrayEquals(new int[] {1}, model.outputShape(), "the model's output shape, from your outputShape");
        model.compile(new SGD(0.05), "mse");
        Tensor x = uniform(random, -1, 1, 32, 3);
        Tensor y = x.matmul(Tensor.of(new double[] {1, -2, 0.5}, 3, 1)).add(0.3);
        double first = model.trainOnBatch(x, y)[0];
        double last = first;
        for (int step = 0; step < 300; step++) {
            last = model.trainOnBatch(x, y)[0];
        }
        assertNotNull(model.trainableParameters());
        assertTrue(last < 0.05 * first, "300 SGD steps on y = x·[1, -2, 0.5] + 0.3 should cut the loss to a twentieth:"
                + " it went from " + first + " to " + last + " (are parameters() the tensors forward uses?)");
    }

    /** Puts these numbers into the layer's own parameters, in place (as an optimizer would). */
    static void setWeights(Dense dense, Tensor kernel, Tensor bias) {
        List<Tensor> parameters = dense.parameters();
        assertEquals(2, parameters.size(), "parameters() of a built Dense: the kernel and the bias");
        try (Scope off = GradMode.noGrad()) {
            parameters.get(0).assign(kernel.detach());
            parameters.get(1).assign(bias.detach());
        }
    }
}
