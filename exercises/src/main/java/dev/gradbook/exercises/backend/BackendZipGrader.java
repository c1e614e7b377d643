package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.View;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.assertClose;

/**
 * ex5.2: {@link StudentBackend#zip}. These examples come first; then {@link ConformanceGrader}'s
 * groups {@code conformance-zip} (every binary op, every pair of layouts, special values) and
 * {@code conformance-in-place} ({@code out} exactly an input, as optimizers update parameters)
 * compare your zip with the naive backend's.
 */
@Tag("ex5.2")
@DisplayName("ex5.2 zip: strided, broadcast, in place")
class BackendZipGrader {

    @Test
    @DisplayName("the book's example: [[0, 1, 2], [3, 4, 5]] transposed + [100, 200] broadcast to [3, 2] (strides [0, 1])")
    void example() {
        Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        View row = Tensor.of(new double[] {100, 200}, 2).view().expand(3, 2);
        Tensor out = Tensor.zeros(3, 2);
        new StudentBackend().zip(BinaryOp.ADD, x.t().view(), row, out.view());
        assertClose(Tensor.of(new double[] {100, 203, 101, 204, 102, 205}, 3, 2), out, 0,
                "zip(ADD) of x.t() (strides [1, 3]) and a row broadcast with strides [0, 1]");
    }

    @Test
    @DisplayName("in place: zip(MUL, x, x, x) squares x; zip(SUB, w, step, w) on w's last column changes only that column")
    void inPlace() {
        Tensor x = Tensor.of(new double[] {1, -2, 3}, 3);
        new StudentBackend().zip(BinaryOp.MUL, x.view(), x.view(), x.view());
        assertClose(Tensor.of(new double[] {1, 4, 9}, 3), x, 0, "zip(MUL, x, x, x) of [1, -2, 3], in place");

        Tensor w = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        View lastColumn = w.view().narrow(1, 2, 1); // shape [2, 1], strides [3, 1], offset 2
        Tensor step = Tensor.of(new double[] {0.5, 1.5}, 2, 1);
        new StudentBackend().zip(BinaryOp.SUB, lastColumn, step.view(), lastColumn);
        assertClose(Tensor.of(new double[] {1, 2, 2.5, 4, 5, 4.5}, 2, 3), w, 0,
                "zip(SUB, column, [[0.5], [1.5]], column) on the last column of [[1, 2, 3], [4, 5, 6]]");
    }
}
