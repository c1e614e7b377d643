package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.gradbook.autograd.TensorErrorsTest.assertBadArgument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** {@code indexSelect}: NumPy's {@code x[indices]}, how a shuffled mini-batch is gathered. */
@DisplayName("indexSelect: slices picked by index")
class TensorIndexSelectTest {
    private final Tensor m = Tensor.of(new double[] {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}, 4, 3);

    @Test
    @DisplayName("rows in any order, repeats allowed")
    void rows() {
        Tensor picked = m.indexSelect(0, 3, 0, 3);
        assertArrayEquals(new int[] {3, 3}, picked.shape());
        assertArrayEquals(new double[] {30, 31, 32, 0, 1, 2, 30, 31, 32}, picked.toDoubleArray());
    }

    @Test
    @DisplayName("columns, and of a transposed view")
    void columnsAndViews() {
        assertArrayEquals(new double[] {2, 0, 12, 10, 22, 20, 32, 30}, m.indexSelect(1, 2, 0).toDoubleArray());
        assertArrayEquals(new double[] {1, 11, 21, 31}, m.t().indexSelect(0, 1).toDoubleArray());
    }

    @Test
    @DisplayName("no indices give an empty dim")
    void none() {
        assertArrayEquals(new int[] {0, 3}, m.indexSelect(0).shape());
    }

    @Test
    @DisplayName("the gradient sums where an index repeats")
    void gradient() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        x.indexSelect(0, 2, 2, 0).sum().backward();
        assertArrayEquals(new double[] {1, 0, 2}, x.grad().toDoubleArray());
    }

    @Test
    @DisplayName("an index outside the dim is named, with the valid range")
    void outOfRange() {
        assertBadArgument(() -> m.indexSelect(0, 1, 4), "indexSelect", "index 4 (at position 1)", "[4, 3]",
                "0 to 3");
        assertBadArgument(() -> m.indexSelect(1, -1), "index -1", "0 to 2");
        assertBadArgument(() -> m.indexSelect(2, 0), "indexSelect");
    }
}
