package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.spi.View;
import dev.gradbook.exercises.grading.Todo;

/**
 * Counts through every multi-index of a shape in row-major order, the way a car's odometer counts:
 * the last digit turns fastest, and when a digit reaches its dimension's size it goes back to 0 and
 * carries one into the digit on its left. Shape {@code [2, 3]} reads {@code (0,0) (0,1) (0,2)
 * (1,0) (1,1) (1,2)}.
 *
 * <p>Along with the index it keeps, for each of several views, the storage position of the element
 * at that index. Moving one step along dimension {@code d} moves a view's position by its stride
 * {@code strides[d]}, so the position is updated with one addition per view instead of being
 * recomputed as {@code offset + Σ index[d]·strides[d]} for every element (which is what
 * {@link View#unravel} followed by {@link View#position} does). Transposed, narrowed and broadcast
 * views need nothing special: a transposed view just has other strides, a broadcast one a stride
 * of 0, which keeps its position still along that dimension.
 *
 * <pre>{@code
 * Odometer walk = new Odometer(out.shape(), in, out);     // views 0 and 1
 * for (int i = 0; i < out.size(); i++, walk.advance()) {
 *     double x = in.storage().get(walk.position(0));
 *     out.storage().set(walk.position(1), x * x);
 * }
 * }</pre>
 *
 * <p>The shape may also be a view's leading dimensions only: {@code new Odometer([4], a, b, out)}
 * for three {@code [4, m, n]} views walks their four matrices (the batch of a matmul), each
 * position then being where a matrix starts.
 *
 * <p>A helper for your backend, part of task ex5.1: use it, change it, or walk the views your own
 * way; the graders test the backend, not this class.
 */
final class Odometer {

    /** The dimensions counted through. */
    private final int[] shape;
    /** The current multi-index, one digit per dimension of {@link #shape}. */
    private final int[] index;
    /** {@code strides[v][d]}: how far view {@code v}'s position moves for one step along dimension {@code d}. */
    private final int[][] strides;
    /** {@code positions[v]}: the storage position, in view {@code v}, of the element at {@link #index}. */
    private final int[] positions;

    /**
     * An odometer at index {@code (0, ..., 0)} of {@code shape}, where each view's position is its
     * offset.
     *
     * @param shape the dimensions to count through: every view's shape, or its first
     *              {@code shape.length} dimensions
     * @param views the views whose positions to keep; {@link #position(int)} numbers them in this order
     */
    Odometer(int[] shape, View... views) {
        // BEGIN SOLUTION ex5.1
        this.shape = shape.clone();
        this.index = new int[shape.length];
        this.strides = new int[views.length][];
        this.positions = new int[views.length];
        for (int v = 0; v < views.length; v++) {
            strides[v] = views[v].strides(); // only the first shape.length are used
            positions[v] = views[v].offset();
        }
        // END SOLUTION
    }

    /** The storage position, in the {@code view}-th view given to the constructor, of the current index. */
    int position(int view) {
        // BEGIN SOLUTION ex5.1
        return positions[view];
        // END SOLUTION
    }

    /**
     * Moves to the next multi-index in row-major order. After the last one it wraps round to
     * {@code (0, ..., 0)}, so a loop may call it once more than there are elements.
     */
    void advance() {
        // BEGIN SOLUTION ex5.1
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d]++;
            for (int v = 0; v < positions.length; v++) {
                positions[v] += strides[v][d];
            }
            if (index[d] < shape[d]) {
                return; // no carry: the digits on the left stay as they are
            }
            // This digit went past its last value: back to 0, and carry one into dimension d - 1.
            for (int v = 0; v < positions.length; v++) {
                positions[v] -= strides[v][d] * index[d];
            }
            index[d] = 0;
        }
        // END SOLUTION
    }
}
