package dev.gradbook.exercises.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.tensorgrad.TensorChecks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;
import java.util.function.BiFunction;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ex7.3: {@link StableSoftmax}, against gradbook's {@code softmax} and {@code logSoftmax}, at logits where the naive formula overflows. */
@Tag("ex7.3")
@ExtendWith(Seeded.class)
@DisplayName("ex7.3 stable softmax and log-softmax")
class SoftmaxGrader {

    @Test
    @DisplayName("the book's examples: [1, 2, 3] and [1001, 1002, 1003] both give [0.0900, 0.2447, 0.6652]; logSoftmax([0, 1000]) is [-1000, 0]")
    void examples() {
        Tensor expected = Tensor.of(new double[] {0.0900, 0.2447, 0.6652});
        TensorChecks.assertClose(expected, StableSoftmax.softmax(Tensor.of(new double[] {1, 2, 3}), 0), 1e-4,
                "softmax([1, 2, 3], 0)");
        TensorChecks.assertClose(expected, StableSoftmax.softmax(Tensor.of(new double[] {1001, 1002, 1003}), 0), 1e-4,
                "softmax([1001, 1002, 1003], 0): e^1001 is infinite, so subtract the max first");
        TensorChecks.assertClose(Tensor.of(new double[] {-1000, 0}), StableSoftmax.logSoftmax(Tensor.of(new double[] {0, 1000}), 0),
                1e-12, "logSoftmax([0, 1000], 0): log(softmax) would be log(0) = -∞ for the first element");
        TensorChecks.assertClose(Tensor.of(new double[] {0.5, 0.5, 0.5, 0.5}, 2, 2),
                StableSoftmax.softmax(Tensor.of(new double[] {-800, -800, 7, 7}, 2, 2), 1), 1e-15,
                "softmax([[-800, -800], [7, 7]], 1): each row on its own (e^-800 underflows to 0 without the shift)");
    }

    @Test
    @DisplayName("random logits, scaled up to ±5000, any dim: the same values and gradients as gradbook's")
    void randomLogits(Random random) {
        for (int i = 0; i < 100; i++) {
            int[] shape = TensorChecks.randomShape(random, 1, 3, 5);
            int dim = random.nextInt(shape.length);
            double scale = Math.pow(10, -1 + 4.7 * random.nextDouble());
            Tensor logits = TensorChecks.uniform(random, -scale, scale, shape);
            Tensor g = TensorChecks.uniform(random, -1, 1, shape);
            String where = "(logits of shape " + str(shape) + " in ±" + (float) scale + ", dim " + dim + ")";
            compare("softmax" + where, (t, d) -> t.softmax(d), StableSoftmax::softmax, logits, dim, g);
            compare("logSoftmax" + where, (t, d) -> t.logSoftmax(d), StableSoftmax::logSoftmax, logits, dim, g);
        }
    }

    private static void compare(String call, BiFunction<Tensor, Integer, Tensor> oracle,
                                BiFunction<Tensor, Integer, Tensor> yours, Tensor logits, int dim, Tensor g) {
        Tensor expectedLeaf = TensorChecks.leaf(logits);
        Tensor expected = oracle.apply(expectedLeaf, dim);
        expected.backward(g);
        Tensor actualLeaf = TensorChecks.leaf(logits);
        Tensor actual = yours.apply(actualLeaf, dim);
        for (double v : actual.toDoubleArray()) {
            assertTrue(Double.isFinite(v), call + " gave " + v + ": subtract each slice's maximum before exp");
        }
        TensorChecks.assertClose(expected, actual, 1e-10, call);
        assertTrue(actual.requiresGrad(), call + ": the result should be recorded by autograd (use tensor operations)");
        actual.backward(g);
        TensorChecks.assertClose(expectedLeaf.grad(), actualLeaf.grad(), 1e-9, call + ", the gradient for a random g"
                + " (detach the maximum: it is a constant)");
    }
}
