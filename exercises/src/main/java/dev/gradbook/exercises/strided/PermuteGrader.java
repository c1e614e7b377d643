package dev.gradbook.exercises.strided;

import dev.gradbook.autograd.spi.View;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.gradbook.exercises.strided.Shapes.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ex3.4: {@link StridedArray#permute}, a view that shares storage. */
@Tag("ex3.4")
@ExtendWith(Seeded.class)
@DisplayName("ex3.4 permute")
class PermuteGrader {

    @Test
    @DisplayName("the book's example: the transpose of a 2x3 array, and a write seen through both")
    void example() {
        double[] numbers = {0, 1, 2, 3, 4, 5};
        StridedArray matrix = StridedArray.contiguous(numbers, 2, 3);
        StridedArray transposed = matrix.permute(1, 0);
        assertArrayEquals(new int[] {3, 2}, transposed.shape(), "the shape of [2, 3].permute(1, 0)");
        assertArrayEquals(new int[] {1, 3}, transposed.strides(), "the strides of [2, 3] (strides [3, 1]).permute(1, 0)");
        assertEquals(5.0, transposed.get(2, 1), "transposed.get(2, 1) is matrix.get(1, 2)");
        assertSame(numbers, transposed.storage(), "permute must share the storage, not copy it");
        transposed.set(99, 0, 1);
        assertEquals(99.0, matrix.get(1, 0), "a write through the transposed view is seen by the original");
    }

    @Test
    @DisplayName("orders that are not permutations are refused, naming the order and the shape")
    void refusesBadOrders() {
        StridedArray array = StridedArray.contiguous(new double[6], 2, 3);
        for (int[] order : new int[][] {{0}, {0, 0}, {0, 2}, {-1, 0}, {0, 1, 2}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> array.permute(order),
                    "[2, 3].permute(" + str(order) + ") must throw IllegalArgumentException");
            String message = String.valueOf(e.getMessage());
            assertTrue(message.contains(str(order)) && message.contains("[2, 3]"),
                    "the message should name the order " + str(order) + " and the shape [2, 3]: " + message);
        }
    }

    @Test
    @DisplayName("random layouts and orders: the same shape, strides and offset as gradbook's View.permute, same numbers")
    void randomPermutes(Random random) {
        for (int i = 0; i < 100; i++) {
            int[] shape = Shapes.randomShape(random, 5, 4);
            int[] strides = new int[shape.length];
            int span = 1;
            for (int d = 0; d < shape.length; d++) {
                strides[d] = 1 + random.nextInt(6);
                span += (shape[d] - 1) * strides[d];
            }
            int offset = random.nextInt(5);
            double[] numbers = new double[offset + span];
            for (int k = 0; k < numbers.length; k++) {
                numbers[k] = random.nextInt(1000);
            }
            int[] order = Shapes.randomPermutation(random, shape.length);
            View expected = Shapes.view(numbers, shape, strides, offset).permute(order);
            StridedArray original = new StridedArray(numbers, shape, strides, offset);
            StridedArray permuted = original.permute(order);
            String call = "a " + str(shape) + " array with strides " + str(strides) + ", offset " + offset
                    + ", .permute(" + str(order) + ")";
            assertArrayEquals(expected.shape(), permuted.shape(), call + ": the shape");
            assertArrayEquals(expected.strides(), permuted.strides(), call + ": the strides");
            assertEquals(expected.offset(), permuted.offset(), call + ": the offset");
            assertSame(numbers, permuted.storage(), call + ": the storage must be shared");
            int[] index = Shapes.randomIndex(random, permuted.shape());
            int[] back = new int[index.length];
            for (int d = 0; d < order.length; d++) {
                back[order[d]] = index[d];
            }
            assertEquals(original.get(back), permuted.get(index), call + ": element " + str(index)
                    + " must be the original's element " + str(back));
        }
    }
}
