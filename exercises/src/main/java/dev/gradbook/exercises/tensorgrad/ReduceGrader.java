package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ex4.1: {@link BroadcastGradients#reduceToShape}, against gradbook's backward pass. */
@Tag("ex4.1")
@ExtendWith(Seeded.class)
@DisplayName("ex4.1 reducing a broadcast gradient")
class ReduceGrader {

    @Test
    @DisplayName("the book's example: [0..11] of shape [3, 4] gives row sums for [3, 1] and column sums for [4]")
    void example() {
        double[] upstream = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        double[] before = upstream.clone();
        assertArrayEquals(new double[] {6, 22, 38}, BroadcastGradients.reduceToShape(upstream, new int[] {3, 4},
                new int[] {3, 1}), "reduceToShape(upstream, [3, 4], [3, 1]): the row sums");
        assertArrayEquals(new double[] {12, 15, 18, 21}, BroadcastGradients.reduceToShape(upstream, new int[] {3, 4},
                new int[] {4}), "reduceToShape(upstream, [3, 4], [4]): the column sums");
        assertArrayEquals(new double[] {66}, BroadcastGradients.reduceToShape(upstream, new int[] {3, 4}, new int[] {}),
                "reduceToShape(upstream, [3, 4], []): a scalar input was used 12 times, its gradient is the total");
        assertArrayEquals(upstream, BroadcastGradients.reduceToShape(upstream, new int[] {3, 4}, new int[] {3, 4}),
                "reduceToShape(upstream, [3, 4], [3, 4]): nothing was broadcast, nothing to sum");
        assertArrayEquals(before, upstream, "reduceToShape must not change the gradient it is given");
    }

    @Test
    @DisplayName("a shape that does not broadcast to the gradient's is refused, naming both shapes")
    void refusesMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BroadcastGradients.reduceToShape(new double[6], new int[] {2, 3}, new int[] {2}),
                "reduceToShape(grad, [2, 3], [2]): [2] does not broadcast to [2, 3], so it must throw");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[2, 3]") && message.contains("[2]"), "the message should name [2, 3] and [2]: "
                + message);
        assertThrows(IllegalArgumentException.class,
                () -> BroadcastGradients.reduceToShape(new double[3], new int[] {3}, new int[] {1, 3}),
                "reduceToShape(grad, [3], [1, 3]): an input of higher rank than the gradient cannot have been broadcast");
        assertThrows(IllegalArgumentException.class,
                () -> BroadcastGradients.reduceToShape(new double[12], new int[] {3, 4}, new int[] {2, 4}),
                "reduceToShape(grad, [3, 4], [2, 4]): dim 0 does not fit (2 is neither 1 nor 3), even though dim 1"
                        + " does; every dim must fit, not just the last one looked at");
    }

    @Test
    @DisplayName("a gradient whose length is not the number of elements of its shape is refused, naming the shape")
    void refusesWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BroadcastGradients.reduceToShape(new double[5], new int[] {2, 3}, new int[] {3}),
                "reduceToShape(5 numbers, [2, 3], [3]): a gradient of shape [2, 3] holds 6 numbers, so it must throw");
        assertTrue(String.valueOf(e.getMessage()).contains("[2, 3]"), "the message should name the shape [2, 3]: "
                + e.getMessage());
    }

    @Test
    @DisplayName("random shapes: the same gradient as gradbook's backward pass of a broadcast add")
    void randomShapes(Random random) {
        for (int i = 0; i < 200; i++) {
            int[] gradShape = TensorChecks.randomShape(random, 0, 4, 4);
            int[] shape = TensorChecks.broadcastableTo(random, gradShape);
            Tensor grad = TensorChecks.uniform(random, -3, 3, gradShape);
            Tensor expected = TensorChecks.reduceLikeGradbook(grad, shape);
            double[] actual = BroadcastGradients.reduceToShape(grad.toDoubleArray(), gradShape, shape);
            TensorChecks.assertClose(expected.toDoubleArray(), actual, shape, 1e-12,
                    "reduceToShape(grad, " + str(gradShape) + ", " + str(shape) + ")");
        }
    }
}
