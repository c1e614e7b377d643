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

/** ex4.3: {@link BackwardRules#matmul}, against gradbook's autograd. */
@Tag("ex4.3")
@ExtendWith(Seeded.class)
@DisplayName("ex4.3 backward of matmul")
class MatmulBackwardGrader {

    @Test
    @DisplayName("the book's example: A [2, 3], B [3, 2], G = [[1, 0], [0, 2]]")
    void example() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {1, 0, -1, 2, 0.5, 1}, 3, 2);
        Tensor g = Tensor.of(new double[] {1, 0, 0, 2}, 2, 2);
        Tensor[] grads = BackwardRules.matmul(a, b, g);
        TensorChecks.assertClose(Tensor.of(new double[] {1, -1, 0.5, 0, 4, 2}, 2, 3), grads[0], 1e-15,
                "matmul(A, B, G), dL/dA = G·Bᵀ");
        TensorChecks.assertClose(Tensor.of(new double[] {1, 8, 2, 10, 3, 12}, 3, 2), grads[1], 1e-15,
                "matmul(A, B, G), dL/dB = Aᵀ·G");
    }

    @Test
    @DisplayName("random matrices [m, k] @ [k, n]: the same gradients as gradbook's autograd")
    void randomMatrices(Random random) {
        for (int i = 0; i < 60; i++) {
            int m = 1 + random.nextInt(5);
            int k = 1 + random.nextInt(5);
            int n = 1 + random.nextInt(5);
            Tensor a = uniform(random, -2, 2, m, k);
            Tensor b = uniform(random, -2, 2, k, n);
            Tensor g = uniform(random, -2, 2, m, n);
            RuleChecks.checkBinary("matmul of [" + m + ", " + k + "] and [" + k + ", " + n + "]", Tensor::matmul,
                    BackwardRules::matmul, a, b, g, 1e-12);
        }
    }

    @Test
    @DisplayName("random batches ([2, m, k] @ [k, n], [3, 1, m, k] @ [2, k, n], ...): transpose the last two dims")
    void randomBatches(Random random) {
        for (int i = 0; i < 60; i++) {
            int m = 1 + random.nextInt(4);
            int k = 1 + random.nextInt(4);
            int n = 1 + random.nextInt(4);
            int[] batch = TensorChecks.randomShape(random, 1, 2, 3);
            int[] batchA = TensorChecks.broadcastableTo(random, batch);
            int[] batchB = random.nextBoolean() ? batch : TensorChecks.broadcastableTo(random, batch);
            Tensor a = uniform(random, -2, 2, concat(batchA, m, k));
            Tensor b = uniform(random, -2, 2, concat(batchB, k, n));
            Tensor g = uniform(random, -2, 2, a.matmul(b).shape());
            RuleChecks.checkBinary("matmul of " + str(a.shape()) + " and " + str(b.shape()), Tensor::matmul,
                    BackwardRules::matmul, a, b, g, 1e-12);
        }
    }

    private static int[] concat(int[] batch, int rows, int columns) {
        int[] shape = java.util.Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = columns;
        return shape;
    }
}
