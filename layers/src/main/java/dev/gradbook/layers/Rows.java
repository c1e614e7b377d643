package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;

import java.util.Arrays;

/**
 * Gathers the samples of a shuffled mini-batch: rows {@code order[from] .. order[to-1]} of the
 * data, with {@link Tensor#indexSelect} (NumPy's {@code x[order]}), or a plain slice when the
 * order is unshuffled. A batch of data needs no gradient, so no graph is involved.
 */
final class Rows {
    private Rows() {
    }

    /** Rows {@code order[from] .. order[to-1]} of {@code data}, in that order, as one tensor. */
    static Tensor take(Tensor data, int[] order, int from, int to) {
        boolean consecutive = true;
        for (int i = from + 1; i < to && consecutive; i++) {
            consecutive = order[i] == order[i - 1] + 1;
        }
        if (consecutive) {
            return data.narrow(0, order[from], to - from); // unshuffled: a plain slice, no copy
        }
        return data.indexSelect(0, Arrays.copyOfRange(order, from, to));
    }
}
