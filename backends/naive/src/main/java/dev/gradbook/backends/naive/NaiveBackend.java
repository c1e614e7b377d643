package dev.gradbook.backends.naive;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;

import java.util.Objects;

/**
 * The reference backend: every primitive is a plain loop over multi-indices, written to be read.
 *
 * <p>The one idea to take away is how a multi-index becomes a storage position: count the output
 * elements {@code 0, 1, 2, ...} in row-major order, turn each count into a multi-index with
 * {@link View#unravel}, and turn the multi-index into a position in each operand with that
 * operand's own strides ({@link View#position}). Because broadcast dims have stride 0, the same
 * loop serves broadcasting without a single special case.
 *
 * <p>No library calls and no tricks: this is the backend every other one is tested against. The one
 * concession to speed is the loop order of {@link #matmul}, explained there.
 */
public final class NaiveBackend implements TensorBackend {

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public void map(UnaryOp op, View in, View out) {
        Objects.requireNonNull(op, "NaiveBackend.map: op is null");
        Objects.requireNonNull(in, "NaiveBackend.map: in is null");
        Objects.requireNonNull(out, "NaiveBackend.map: out is null");
        int[] index = new int[out.rank()];
        for (int i = 0; i < out.size(); i++) {
            View.unravel(i, out.shape(), index);
            double x = in.storage().get(in.position(index));
            out.storage().set(out.position(index), op.apply(x));
        }
    }

    @Override
    public void zip(BinaryOp op, View a, View b, View out) {
        Objects.requireNonNull(op, "NaiveBackend.zip: op is null");
        Objects.requireNonNull(a, "NaiveBackend.zip: a is null");
        Objects.requireNonNull(b, "NaiveBackend.zip: b is null");
        Objects.requireNonNull(out, "NaiveBackend.zip: out is null");
        int[] index = new int[out.rank()];
        for (int i = 0; i < out.size(); i++) {
            View.unravel(i, out.shape(), index);
            double x = a.storage().get(a.position(index));
            double y = b.storage().get(b.position(index));
            out.storage().set(out.position(index), op.apply(x, y));
        }
    }

    @Override
    public void reduce(ReduceOp op, View in, int dim, View out) {
        Objects.requireNonNull(op, "NaiveBackend.reduce: op is null");
        Objects.requireNonNull(in, "NaiveBackend.reduce: in is null");
        Objects.requireNonNull(out, "NaiveBackend.reduce: out is null");
        int[] index = new int[out.rank()];
        int length = in.shape()[dim];
        for (int i = 0; i < out.size(); i++) {
            View.unravel(i, out.shape(), index); // index[dim] is 0: out has size 1 there
            double acc = op.identity();
            for (int j = 0; j < length; j++) {
                index[dim] = j;
                acc = op.combine(acc, in.storage().get(in.position(index)));
            }
            index[dim] = 0;
            out.storage().set(out.position(index), acc);
        }
    }

    /**
     * Batched matrix product in i-k-j loop order. Why that order: the innermost loop runs
     * along a <em>row</em> of {@code b} and of {@code out}, which are adjacent in memory, so the CPU
     * cache and prefetcher serve it. The "obvious" i-j-k order walks down a column of {@code b}
     * instead, jumping {@code n} elements per step, and runs several times slower at the same FLOPs.
     */
    @Override
    public void matmul(View a, View b, View out) {
        Objects.requireNonNull(a, "NaiveBackend.matmul: a is null");
        Objects.requireNonNull(b, "NaiveBackend.matmul: b is null");
        Objects.requireNonNull(out, "NaiveBackend.matmul: out is null");
        int rank = out.rank();
        int m = out.shape()[rank - 2];
        int n = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        int[] batchShape = java.util.Arrays.copyOf(out.shape(), rank - 2);
        int[] batchIndex = new int[rank - 2];
        int batches = View.numel(batchShape);
        Storage as = a.storage();
        Storage bs = b.storage();
        Storage os = out.storage();
        int aRow = a.strides()[rank - 2];
        int aCol = a.strides()[rank - 1];
        int bRow = b.strides()[rank - 2];
        int bCol = b.strides()[rank - 1];
        int oRow = out.strides()[rank - 2];
        int oCol = out.strides()[rank - 1];
        for (int batch = 0; batch < batches; batch++) {
            View.unravel(batch, batchShape, batchIndex);
            int aBase = batchBase(a, batchIndex);
            int bBase = batchBase(b, batchIndex);
            int oBase = batchBase(out, batchIndex);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    os.set(oBase + i * oRow + j * oCol, 0.0);
                }
                for (int p = 0; p < k; p++) {
                    double aip = as.get(aBase + i * aRow + p * aCol);
                    // walk row i of out and row p of b together, one stride per step
                    int o = oBase + i * oRow;
                    int bp = bBase + p * bRow;
                    for (int j = 0; j < n; j++, o += oCol, bp += bCol) {
                        os.set(o, os.get(o) + aip * bs.get(bp));
                    }
                }
            }
        }
    }

    /** Storage position of element (0, 0) of the matrix at {@code batchIndex}. */
    private static int batchBase(View v, int[] batchIndex) {
        int position = v.offset();
        for (int d = 0; d < batchIndex.length; d++) {
            position += batchIndex[d] * v.strides()[d];
        }
        return position;
    }
}
