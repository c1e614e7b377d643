package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;

/**
 * Gathers the samples of a shuffled mini-batch. The tensor API has no "take these rows by index"
 * operation (NumPy's {@code x[order]}), so it is composed here from two that exist: each wanted
 * row is a one-row {@link Tensor#narrow} view (no copy), and {@link Tensor#concat} copies them,
 * in order, into one batch. A batch of data needs no gradient, so no graph is involved.
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
        Tensor[] rows = new Tensor[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = data.narrow(0, order[from + i], 1);
        }
        return Tensor.concat(0, rows);
    }
}
