package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.exercises.grading.Todo;

import java.util.Arrays;
import java.util.Objects;

/**
 * ex4.1: undoing a broadcast in the backward pass (chapter 4, "Broadcasting, undone in one
 * place"), on plain row-major arrays so that the index arithmetic is yours.
 *
 * <p>When an input of shape {@code [3, 1]} is broadcast to {@code [3, 4]}, each of its elements is
 * used four times, so its gradient is the <em>sum</em> of the four gradients of the places it was
 * used. gradbook's {@code Tensor.reduceToShape} does that with tensor operations; here you do it
 * with one loop over the gradient (chapter 3's {@code unravel} and {@code broadcastIndex} are the
 * two halves of the idea).
 */
public final class BroadcastGradients {

    private BroadcastGradients() {
    }

    /**
     * The gradient of an input of shape {@code shape} that was broadcast to {@code gradShape},
     * given the gradient {@code grad} in the broadcast shape: the sum over the dims broadcasting
     * added in front and over the dims where the input has size 1.
     *
     * <p>Example: {@code grad = [0, 1, ..., 11]} of shape {@code [3, 4]} reduces to
     * {@code [6, 22, 38]} for shape {@code [3, 1]} (the row sums) and to {@code [12, 15, 18, 21]}
     * for shape {@code [4]} (the column sums).
     *
     * @param grad      the gradient, row-major, {@code numel(gradShape)} numbers
     * @param gradShape the broadcast shape
     * @param shape     the input's shape, which must broadcast to {@code gradShape}
     * @return a new row-major array of {@code numel(shape)} numbers ({@code grad} itself is not changed)
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException when {@code grad} does not hold {@code numel(gradShape)}
     *                                  numbers, or {@code shape} does not broadcast to {@code gradShape};
     *                                  the message names both shapes
     */
    public static double[] reduceToShape(double[] grad, int[] gradShape, int[] shape) {
        Objects.requireNonNull(grad, "BroadcastGradients.reduceToShape: grad is null");
        Objects.requireNonNull(gradShape, "BroadcastGradients.reduceToShape: gradShape is null");
        Objects.requireNonNull(shape, "BroadcastGradients.reduceToShape: shape is null");
        // BEGIN SOLUTION ex4.1
        int lead = gradShape.length - shape.length;
        boolean fits = lead >= 0;
        for (int d = 0; fits && d < shape.length; d++) {
            fits = shape[d] == 1 || shape[d] == gradShape[lead + d];
        }
        if (!fits) {
            throw new IllegalArgumentException("reduceToShape: shape " + Arrays.toString(shape)
                    + " does not broadcast to the gradient's shape " + Arrays.toString(gradShape));
        }
        if (grad.length != numel(gradShape)) {
            throw new IllegalArgumentException("reduceToShape: a gradient of shape " + Arrays.toString(gradShape)
                    + " holds " + numel(gradShape) + " numbers, not " + grad.length);
        }
        double[] reduced = new double[numel(shape)];
        int[] index = new int[gradShape.length]; // the multi-index of grad[i], counted like an odometer
        for (int i = 0; i < grad.length; i++) {
            int target = 0;
            for (int d = 0; d < shape.length; d++) {
                target = target * shape[d] + (shape[d] == 1 ? 0 : index[lead + d]);
            }
            reduced[target] += grad[i];
            for (int d = gradShape.length - 1; d >= 0 && ++index[d] == gradShape[d]; d--) {
                index[d] = 0;
            }
        }
        return reduced;
        // END SOLUTION
    }

    /**
     * The number of elements of {@code shape} (1 for rank 0).
     *
     * @throws NullPointerException if {@code shape} is null
     */
    public static int numel(int[] shape) {
        Objects.requireNonNull(shape, "BroadcastGradients.numel: shape is null");
        int n = 1;
        for (int size : shape) {
            n *= size;
        }
        return n;
    }
}
