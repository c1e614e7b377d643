package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static dev.gradbook.exercises.tensorgrad.TensorChecks.uniform;

/** ex4.2: {@link BackwardRules#mul} and {@link BackwardRules#div}, against gradbook's autograd. */
@Tag("ex4.2")
@ExtendWith(Seeded.class)
@DisplayName("ex4.2 backward of mul and div")
class ElementwiseBackwardGrader {

    @Test
    @DisplayName("the book's examples: [1, 2, 3]·[4, 5, 6] and [6, 1] / [3, 2]")
    void examples() {
        Tensor[] mul = BackwardRules.mul(Tensor.of(new double[] {1, 2, 3}), Tensor.of(new double[] {4, 5, 6}),
                Tensor.ones(3));
        TensorChecks.assertClose(Tensor.of(new double[] {4, 5, 6}), mul[0], 1e-15, "mul([1, 2, 3], [4, 5, 6], g = ones), dL/da = g·b");
        TensorChecks.assertClose(Tensor.of(new double[] {1, 2, 3}), mul[1], 1e-15, "mul([1, 2, 3], [4, 5, 6], g = ones), dL/db = g·a");
        Tensor[] div = BackwardRules.div(Tensor.of(new double[] {6, 1}), Tensor.of(new double[] {3, 2}),
                Tensor.of(new double[] {1, 2}));
        TensorChecks.assertClose(Tensor.of(new double[] {1.0 / 3, 1}), div[0], 1e-15, "div([6, 1], [3, 2], g = [1, 2]), dL/da = g/b");
        TensorChecks.assertClose(Tensor.of(new double[] {-6.0 / 9, -0.5}), div[1], 1e-15,
                "div([6, 1], [3, 2], g = [1, 2]), dL/db = -g·a/b²");
    }

    @Test
    @DisplayName("random tensors of one shape: the same gradients as gradbook's autograd")
    void randomSameShape(Random random) {
        for (int i = 0; i < 60; i++) {
            int[] shape = TensorChecks.randomShape(random, 0, 3, 4);
            Tensor a = uniform(random, -3, 3, shape);
            Tensor b = awayFromZero(random, shape);
            Tensor g = uniform(random, -2, 2, shape);
            RuleChecks.checkBinary("mul, a and b of shape " + str(shape), Tensor::mul, BackwardRules::mul, a, b, g, 1e-12);
            RuleChecks.checkBinary("div, a and b of shape " + str(shape), Tensor::div, BackwardRules::div, a, b, g, 1e-12);
        }
    }

    @Test
    @DisplayName("random broadcasts ([3, 1] with [4] and the like): gradients in the output's shape that sum to autograd's")
    void randomBroadcast(Random random) {
        for (int i = 0; i < 60; i++) {
            int[] out = TensorChecks.randomShape(random, 1, 4, 4);
            int[] sa = TensorChecks.broadcastableTo(random, out);
            int[] sb = TensorChecks.broadcastableTo(random, out);
            sb = sb.length < out.length || random.nextBoolean() ? out : sb; // at least one operand spans out
            Tensor a = uniform(random, -3, 3, sa);
            Tensor b = awayFromZero(random, sb);
            int[] broadcast = a.add(b).shape();
            Tensor g = uniform(random, -2, 2, broadcast);
            String call = "a of shape " + str(sa) + ", b of shape " + str(sb);
            RuleChecks.checkBinary("mul, " + call, Tensor::mul, BackwardRules::mul, a, b, g, 1e-12);
            RuleChecks.checkBinary("div, " + call, Tensor::div, BackwardRules::div, a, b, g, 1e-12);
        }
    }

    /** Divisors in ±[0.5, 3): no gradient blows up. */
    private static Tensor awayFromZero(Random random, int[] shape) {
        Tensor magnitude = uniform(random, 0.5, 3, shape);
        Tensor sign = uniform(random, -1, 1, shape).gt(0).mul(2).sub(1);
        return magnitude.mul(sign);
    }
}
