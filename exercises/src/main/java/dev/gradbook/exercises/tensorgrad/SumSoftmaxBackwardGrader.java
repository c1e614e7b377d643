package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.Random;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static dev.gradbook.exercises.tensorgrad.TensorChecks.uniform;

/** ex4.4: {@link BackwardRules#sum} and {@link BackwardRules#softmax}, against gradbook's autograd. */
@Tag("ex4.4")
@ExtendWith(Seeded.class)
@DisplayName("ex4.4 backward of sum and softmax")
class SumSoftmaxBackwardGrader {

    @Test
    @DisplayName("the book's examples: row sums of arange(6) [2, 3] with g = [1, 10]; softmax([1, 2, 3]) with g = e0 and ones")
    void examples() {
        Tensor m = Tensor.arange(6).reshape(2, 3);
        TensorChecks.assertClose(Tensor.of(new double[] {1, 1, 1, 10, 10, 10}, 2, 3),
                BackwardRules.sum(m, new int[] {1}, false, Tensor.of(new double[] {1, 10})), 1e-15,
                "sum(arange(6) of [2, 3], dims {1}, keepDim false, g = [1, 10])");
        TensorChecks.assertClose(Tensor.of(new double[] {1, 1, 1, 10, 10, 10}, 2, 3),
                BackwardRules.sum(m, new int[] {1}, true, Tensor.of(new double[] {1, 10}, 2, 1)), 1e-15,
                "sum(arange(6) of [2, 3], dims {1}, keepDim true, g = [[1], [10]])");
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        TensorChecks.assertClose(Tensor.of(new double[] {0.0819, -0.0220, -0.0599}),
                BackwardRules.softmax(x, 0, Tensor.of(new double[] {1, 0, 0})), 1e-3,
                "softmax([1, 2, 3], dim 0, g = [1, 0, 0]): row 0 of the Jacobian, p0·(δ0j − pj)");
        TensorChecks.assertClose(Tensor.zeros(3), BackwardRules.softmax(x, 0, Tensor.ones(3)), 1e-15,
                "softmax([1, 2, 3], dim 0, g = [1, 1, 1]): the outputs always add up to 1, so this gradient is 0");
    }

    @Test
    @DisplayName("random tensors and dims (with and without keepDim): the same gradient as gradbook's sum")
    void randomSums(Random random) {
        for (int i = 0; i < 100; i++) {
            int[] shape = TensorChecks.randomShape(random, 1, 4, 4);
            int[] dims = java.util.stream.IntStream.range(0, shape.length).filter(d -> random.nextBoolean()).toArray();
            boolean keepDim = random.nextBoolean();
            Tensor x = uniform(random, -3, 3, shape);
            Tensor g = uniform(random, -2, 2, x.sum(dims, keepDim).shape());
            RuleChecks.checkUnary("sum(x of shape " + str(shape) + ", dims " + Arrays.toString(dims) + ", keepDim "
                    + keepDim + ")", t -> t.sum(dims, keepDim), (t, grad) -> BackwardRules.sum(t, dims, keepDim, grad),
                    x, g, 1e-12);
        }
    }

    @Test
    @DisplayName("random tensors and dims, logits up to ±10: the same gradient as gradbook's softmax")
    void randomSoftmax(Random random) {
        for (int i = 0; i < 100; i++) {
            int[] shape = TensorChecks.randomShape(random, 1, 3, 5);
            int dim = random.nextInt(shape.length);
            Tensor x = uniform(random, -10, 10, shape);
            Tensor g = uniform(random, -2, 2, shape);
            RuleChecks.checkUnary("softmax(x of shape " + str(shape) + ", dim " + dim + ")", t -> t.softmax(dim),
                    (t, grad) -> BackwardRules.softmax(t, dim, grad), x, g, 1e-10);
        }
    }
}
