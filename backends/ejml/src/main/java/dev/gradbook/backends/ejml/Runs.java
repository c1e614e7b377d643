package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.View;

/**
 * Walks several views of one shape together, in row-major order, as <em>runs</em>: stretches
 * along the innermost dimension, where each view advances by a fixed step. The loops of this
 * backend then work on whole runs — a tight inner loop per run — instead of computing a storage
 * position from a multi-index for every element as the naive backend does.
 *
 * <p>Before walking, dimensions are merged where every view allows it: if in each view stepping
 * dim {@code d} once equals stepping dim {@code d+1} through all its sizes, the two dims are one
 * longer dim. So contiguous views of any rank become a single run over all their elements, a
 * transposed matrix becomes {@code rows} runs with step {@code cols}, and size-1 dims vanish.
 *
 * <pre>{@code
 * Runs runs = new Runs(in, out);
 * while (runs.next()) {
 *     // elements runs.start(v) + i * runs.step(v), for i in [0, runs.length())
 * }
 * }</pre>
 */
final class Runs {
    private final int length;
    private final int[] steps;
    private final int[] starts;
    /** The merged dims outside the run, outermost first, and each view's stride along them. */
    private final int[] outerSizes;
    private final int[][] outerStrides;
    private final int[] index;
    private long remaining;
    private boolean started;

    /** Prepares the walk; all views must have the same shape. */
    Runs(View... views) {
        int[] shape = views[0].shape();
        int rank = shape.length;
        int[] sizes = new int[rank];
        int[][] strides = new int[views.length][rank];
        int merged = 0; // dims kept so far, built from the innermost outwards
        boolean empty = false;
        for (int d = rank - 1; d >= 0; d--) {
            if (shape[d] == 0) {
                empty = true;
            }
            if (shape[d] == 1) {
                continue; // a size-1 dim is never stepped along, whatever its stride
            }
            if (merged > 0 && mergesWithInner(views, d, strides, sizes[merged - 1], merged - 1)) {
                sizes[merged - 1] *= shape[d];
                continue;
            }
            sizes[merged] = shape[d];
            for (int v = 0; v < views.length; v++) {
                strides[v][merged] = views[v].strides()[d];
            }
            merged++;
        }
        steps = new int[views.length];
        starts = new int[views.length];
        for (int v = 0; v < views.length; v++) {
            starts[v] = views[v].offset();
        }
        if (empty) {
            length = 0;
            remaining = 0;
            outerSizes = new int[0];
            outerStrides = new int[views.length][0];
        } else if (merged == 0) {
            length = 1; // a single element (rank 0, or all sizes 1)
            remaining = 1;
            outerSizes = new int[0];
            outerStrides = new int[views.length][0];
        } else {
            length = sizes[0];
            int outer = merged - 1;
            outerSizes = new int[outer];
            outerStrides = new int[views.length][outer];
            long runs = 1;
            for (int i = 0; i < outer; i++) {
                outerSizes[i] = sizes[merged - 1 - i]; // back to outermost first
                runs *= outerSizes[i];
            }
            for (int v = 0; v < views.length; v++) {
                steps[v] = strides[v][0];
                for (int i = 0; i < outer; i++) {
                    outerStrides[v][i] = strides[v][merged - 1 - i];
                }
            }
            remaining = runs;
        }
        index = new int[outerSizes.length];
    }

    /** Dim {@code d} continues the kept dim {@code inner} in every view: the two can be one dim. */
    private static boolean mergesWithInner(View[] views, int d, int[][] strides, int innerSize, int inner) {
        for (int v = 0; v < views.length; v++) {
            if (views[v].strides()[d] != strides[v][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** Moves to the next run; false when all runs have been visited. Call it before the first run. */
    boolean next() {
        if (remaining == 0) {
            return false;
        }
        remaining--;
        if (!started) {
            started = true;
            return true;
        }
        // An odometer over the outer dims: step the innermost one, carrying into outer ones.
        for (int d = index.length - 1; d >= 0; d--) {
            index[d]++;
            for (int v = 0; v < starts.length; v++) {
                starts[v] += outerStrides[v][d];
            }
            if (index[d] < outerSizes[d]) {
                return true;
            }
            for (int v = 0; v < starts.length; v++) {
                starts[v] -= outerStrides[v][d] * outerSizes[d];
            }
            index[d] = 0;
        }
        throw new IllegalStateException("ran past the last run"); // unreachable: remaining counts runs
    }

    /** Elements in each run. */
    int length() {
        return length;
    }

    /** Storage position of the current run's first element in view {@code v}. */
    int start(int v) {
        return starts[v];
    }

    /** How far view {@code v} moves in storage from one element of a run to the next. */
    int step(int v) {
        return steps[v];
    }
}
