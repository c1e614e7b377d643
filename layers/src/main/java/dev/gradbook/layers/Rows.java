package dev.gradbook.layers;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;

import java.util.Arrays;

/**
 * The samples of a data tensor, kept as one flat array so that a shuffled mini-batch can be
 * gathered row by row. The tensor API has no "gather rows by index" operation, and a batch of
 * data needs no gradient, so the rows are copied here and the batch is made with
 * {@link Tensor#of}: a data-loading step, not arithmetic.
 */
final class Rows {
    private final double[] data;
    private final int[] sampleShape;
    private final int rowSize;
    private final int count;
    private final DType dtype;

    Rows(Tensor t) {
        this.count = t.size(0);
        this.sampleShape = Arrays.copyOfRange(t.shape(), 1, t.rank());
        this.rowSize = count == 0 ? 0 : t.numel() / count;
        this.data = t.toDoubleArray();
        this.dtype = t.dtype();
    }

    int count() {
        return count;
    }

    /** The rows {@code order[from] .. order[to-1]}, in that order, as one batch tensor. */
    Tensor take(int[] order, int from, int to) {
        int n = to - from;
        double[] batch = new double[n * rowSize];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, order[from + i] * rowSize, batch, i * rowSize, rowSize);
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return Tensor.of(batch, shape).to(dtype);
    }
}
