package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.ReduceOp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.assertClose;

/**
 * ex5.3: {@link StudentBackend#reduce}. These examples come first; then {@link ConformanceGrader}'s
 * group {@code conformance-reduce} compares your reduce with the naive backend's for every
 * reduction, layout and dimension of odd, long and empty shapes.
 */
@Tag("ex5.3")
@DisplayName("ex5.3 reduce along a dimension")
class BackendReduceGrader {

    @Test
    @DisplayName("the book's example: MAX along dim 1 of [[1, 5, 2], [8, 3, 4]] is [[5], [8]]; SUM along dim 0 is [[9, 8, 6]]")
    void example() {
        Tensor m = Tensor.of(new double[] {1, 5, 2, 8, 3, 4}, 2, 3);
        Tensor rowMax = Tensor.zeros(2, 1);
        new StudentBackend().reduce(ReduceOp.MAX, m.view(), 1, rowMax.view());
        assertClose(Tensor.of(new double[] {5, 8}, 2, 1), rowMax, 0, "reduce(MAX) along dim 1 of [[1, 5, 2], [8, 3, 4]]");
        Tensor columnSum = Tensor.zeros(1, 3);
        new StudentBackend().reduce(ReduceOp.SUM, m.view(), 0, columnSum.view());
        assertClose(Tensor.of(new double[] {9, 8, 6}, 1, 3), columnSum, 0, "reduce(SUM) along dim 0 of [[1, 5, 2], [8, 3, 4]]");
    }

    @Test
    @DisplayName("a transposed input, and empty lines: SUM of a [2, 0] along dim 1 is [[0], [0]], MIN is [[+∞], [+∞]]")
    void transposedAndEmpty() {
        Tensor m = Tensor.of(new double[] {1, 5, 2, 8, 3, 4}, 2, 3);
        Tensor sums = Tensor.zeros(3, 1);
        new StudentBackend().reduce(ReduceOp.SUM, m.t().view(), 1, sums.view()); // the rows of mᵀ: m's columns
        assertClose(Tensor.of(new double[] {9, 8, 6}, 3, 1), sums, 0, "reduce(SUM) along dim 1 of m.t() (strides [1, 3])");
        Tensor empty = Tensor.zeros(2, 0);
        Tensor emptySums = Tensor.full(7, 2, 1);
        new StudentBackend().reduce(ReduceOp.SUM, empty.view(), 1, emptySums.view());
        assertClose(Tensor.of(new double[] {0, 0}, 2, 1), emptySums, 0,
                "reduce(SUM) along an empty dim: each output is the identity, 0");
        Tensor emptyMins = Tensor.zeros(2, 1);
        new StudentBackend().reduce(ReduceOp.MIN, empty.view(), 1, emptyMins.view());
        assertClose(Tensor.of(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, 2, 1), emptyMins, 0,
                "reduce(MIN) along an empty dim: each output is the identity, +∞");
    }
}
