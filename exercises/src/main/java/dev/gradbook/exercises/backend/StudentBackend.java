package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.exercises.grading.Todo;

import java.util.Arrays;
import java.util.Objects;

/**
 * Your backend, {@code "student"}: the four primitives of {@link TensorBackend} written by you,
 * and checked by the same conformance kit that every bundled backend passes (chapter 5, "Writing
 * your own backend").
 *
 * <p>The engine has done all the bookkeeping before a primitive is called: shapes are checked,
 * broadcast dimensions arrive with stride 0, {@code out} has the right shape. What is left is to
 * read every input <em>through its view</em> (storage, shape, strides, offset) and write every
 * output element. The views may be transposed, narrowed, reversed (negative strides) or broadcast;
 * the kit tries all of these. Read and write elements with {@link Storage#get} and
 * {@link Storage#set}, which work alike for F64 and F32 storage ({@code set} rounds to the
 * storage's dtype).
 *
 * <ul>
 *   <li>ex5.1: {@link #map} (and the {@link Odometer} helper, if you want it);</li>
 *   <li>ex5.2: {@link #zip}, including the in-place case where {@code out} is one of the inputs;</li>
 *   <li>ex5.3: {@link #reduce} along one dimension;</li>
 *   <li>ex5.4: {@link #matmul}, batched over the leading dimensions;</li>
 *   <li>ex5.5: nothing new to write: the seed lesson's model trains on this backend.</li>
 * </ul>
 *
 * <p>The optional methods ({@code allocate}, {@code copy}, {@code fill}, {@code gather},
 * {@code update}) keep the interface's defaults, which are built on {@link #map}: a {@code map}
 * that writes {@code out} through its strides makes them right too.
 */
public final class StudentBackend implements TensorBackend {

    @Override
    public String name() {
        return "student";
    }

    /**
     * {@code out[i] = op(in[i])} for every multi-index {@code i}: call {@code op.apply} on each
     * input element. {@code out} may be exactly {@code in} (an in-place update): read each element
     * before you write the same position, and never write a position you have not yet read.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void map(UnaryOp op, View in, View out) {
        Objects.requireNonNull(op, "StudentBackend.map: op is null");
        Objects.requireNonNull(in, "StudentBackend.map: in is null");
        Objects.requireNonNull(out, "StudentBackend.map: out is null");
        // BEGIN SOLUTION ex5.1
        Storage source = in.storage();
        Storage target = out.storage();
        Odometer walk = new Odometer(out.shape(), in, out);
        for (int i = 0; i < out.size(); i++, walk.advance()) {
            target.set(walk.position(1), op.apply(source.get(walk.position(0))));
        }
        // END SOLUTION
    }

    /**
     * {@code out[i] = op(a[i], b[i])} for every multi-index {@code i}. All three views have the
     * same shape; a broadcast operand has stride 0 along the broadcast dimensions, so reading it
     * through its strides repeats its elements with no special case. {@code out} may be exactly
     * {@code a}, exactly {@code b}, or both (in-place updates, as an optimizer does).
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void zip(BinaryOp op, View a, View b, View out) {
        Objects.requireNonNull(op, "StudentBackend.zip: op is null");
        Objects.requireNonNull(a, "StudentBackend.zip: a is null");
        Objects.requireNonNull(b, "StudentBackend.zip: b is null");
        Objects.requireNonNull(out, "StudentBackend.zip: out is null");
        // BEGIN SOLUTION ex5.2
        Storage left = a.storage();
        Storage right = b.storage();
        Storage target = out.storage();
        Odometer walk = new Odometer(out.shape(), a, b, out);
        for (int i = 0; i < out.size(); i++, walk.advance()) {
            double x = left.get(walk.position(0));
            double y = right.get(walk.position(1));
            target.set(walk.position(2), op.apply(x, y)); // both inputs read before out is written
        }
        // END SOLUTION
    }

    /**
     * Folds {@code in} along dimension {@code dim}: {@code out} has {@code in}'s shape with size 1
     * at {@code dim}, and each of its elements is {@code op} folded over the line of inputs that
     * shares its other indices, starting from {@code op.identity()} (so an empty line gives the
     * identity: 0 for a sum, -∞ for a maximum).
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void reduce(ReduceOp op, View in, int dim, View out) {
        Objects.requireNonNull(op, "StudentBackend.reduce: op is null");
        Objects.requireNonNull(in, "StudentBackend.reduce: in is null");
        Objects.requireNonNull(out, "StudentBackend.reduce: out is null");
        // BEGIN SOLUTION ex5.3
        Storage source = in.storage();
        int length = in.shape()[dim];
        int step = in.strides()[dim];
        // Walking out's shape moves in's position through every line's first element: out has
        // size 1 at dim, so the odometer never moves along dim itself.
        Odometer lines = new Odometer(out.shape(), in, out);
        for (int i = 0; i < out.size(); i++, lines.advance()) {
            double folded = op.identity();
            int position = lines.position(0);
            for (int j = 0; j < length; j++, position += step) {
                folded = op.combine(folded, source.get(position));
            }
            out.storage().set(lines.position(1), folded);
        }
        // END SOLUTION
    }

    /**
     * The matrix product of the last two dimensions, batched over the leading ones: {@code a} is
     * {@code [..., m, k]}, {@code b} is {@code [..., k, n]}, {@code out} is {@code [..., m, n]},
     * and the leading (batch) dimensions of the three are equal; an operand shared by the whole
     * batch has stride 0 there. Overwrite {@code out}: whatever it held before is not added to.
     *
     * <p>Speed matters here: the capstone (ex5.5) trains the seed model on this backend, and
     * almost all of its time goes into matmul. Loop in i-k-j order (for each row {@code i} of
     * {@code a}, for each {@code p}, add {@code a[i, p]} times row {@code p} of {@code b} to row
     * {@code i} of {@code out}): the innermost loop then runs along rows, which sit next to each
     * other in memory. Chapter 6 measures why the textbook's i-j-k order is several times slower.
     *
     * @throws NullPointerException if an argument is null
     */
    @Override
    public void matmul(View a, View b, View out) {
        Objects.requireNonNull(a, "StudentBackend.matmul: a is null");
        Objects.requireNonNull(b, "StudentBackend.matmul: b is null");
        Objects.requireNonNull(out, "StudentBackend.matmul: out is null");
        // BEGIN SOLUTION ex5.4
        int rank = out.rank();
        int m = out.shape()[rank - 2];
        int n = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        // Each matrix of the batch is first read into a plain row-major array, whatever its
        // strides: the inner loop then runs over adjacent doubles, for a transposed b (the
        // backward pass's Wᵀ) as fast as for an ordinary one. Accumulating a row in doubles and
        // storing it once also rounds an F32 result only once.
        double[] aMatrix = new double[m * k];
        double[] bMatrix = new double[k * n];
        double[] outRow = new double[n];
        int[] batchShape = Arrays.copyOf(out.shape(), rank - 2);
        Odometer batch = new Odometer(batchShape, a, b, out); // where each operand's matrix starts
        for (int t = 0; t < View.numel(batchShape); t++, batch.advance()) {
            readMatrix(a, batch.position(0), aMatrix);
            readMatrix(b, batch.position(1), bMatrix);
            int outRowStride = out.strides()[rank - 2];
            int outColumnStride = out.strides()[rank - 1];
            for (int i = 0; i < m; i++) {
                Arrays.fill(outRow, 0.0);
                for (int p = 0; p < k; p++) {
                    double aip = aMatrix[i * k + p];
                    int bRow = p * n;
                    for (int j = 0; j < n; j++) {
                        outRow[j] += aip * bMatrix[bRow + j];
                    }
                }
                int position = batch.position(2) + i * outRowStride;
                for (int j = 0; j < n; j++, position += outColumnStride) {
                    out.storage().set(position, outRow[j]);
                }
            }
        }
        // END SOLUTION
    }

    // BEGIN SOLUTION ex5.4
    // PROMPT:
    /**
     * Copies the matrix of {@code view}'s last two dimensions that starts at storage position
     * {@code start} into {@code into}, row by row.
     */
    private static void readMatrix(View view, int start, double[] into) {
        int rank = view.rank();
        int rows = view.shape()[rank - 2];
        int columns = view.shape()[rank - 1];
        int rowStride = view.strides()[rank - 2];
        int columnStride = view.strides()[rank - 1];
        Storage storage = view.storage();
        for (int r = 0; r < rows; r++) {
            int position = start + r * rowStride;
            for (int c = 0; c < columns; c++, position += columnStride) {
                into[r * columns + c] = storage.get(position);
            }
        }
    }
    // END SOLUTION
}
