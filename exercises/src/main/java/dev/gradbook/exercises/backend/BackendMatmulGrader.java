package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.View;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.assertClose;

/**
 * ex5.4: {@link StudentBackend#matmul}. These examples come first; then {@link ConformanceGrader}'s
 * group {@code conformance-matmul} compares your matmul with the naive backend's: odd sizes, every
 * layout of each operand, a large product, batches with an operand shared across the batch, and
 * empty matrices.
 */
@Tag("ex5.4")
@DisplayName("ex5.4 matmul, batched")
class BackendMatmulGrader {

    private static final Tensor A = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    private static final Tensor B = Tensor.of(new double[] {1, 0, -1, 2, 0.5, 1}, 3, 2);

    @Test
    @DisplayName("an example: [[1, 2, 3], [4, 5, 6]] @ [[1, 0], [-1, 2], [0.5, 1]] = [[0.5, 7], [2, 16]], overwriting out")
    void example() {
        Tensor out = Tensor.full(Double.NaN, 2, 2); // whatever out held must be overwritten, not added to
        new StudentBackend().matmul(A.view(), B.view(), out.view());
        assertClose(Tensor.of(new double[] {0.5, 7, 2, 16}, 2, 2), out, 1e-15, "matmul of [2, 3] @ [3, 2]");
    }

    @Test
    @DisplayName("through the views: Aᵀ @ A (a transposed), and a batch of two with B shared across it (stride 0)")
    void transposedAndBatched() {
        Tensor gram = Tensor.zeros(3, 3);
        new StudentBackend().matmul(A.t().view(), A.view(), gram.view());
        assertClose(Tensor.of(new double[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, 3, 3), gram, 1e-15,
                "matmul of Aᵀ (strides [1, 3]) @ A");

        Tensor batchOfA = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, -1, 0, 0, 0, 0, 1}, 2, 2, 3);
        View sharedB = B.view().unsqueeze(0).expand(2, 3, 2); // strides [0, 2, 1]: both batches read B
        Tensor out = Tensor.zeros(2, 2, 2);
        new StudentBackend().matmul(batchOfA.view(), sharedB, out.view());
        assertClose(Tensor.of(new double[] {0.5, 7, 2, 16, -1, 0, 0.5, 1}, 2, 2, 2), out, 1e-15,
                "matmul of a [2, 2, 3] batch @ B broadcast to [2, 3, 2]");
    }
}
