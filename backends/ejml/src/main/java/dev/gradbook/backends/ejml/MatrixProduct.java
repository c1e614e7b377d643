package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.View;

import java.util.Arrays;

/**
 * Batched matrix products through EJML's {@code CommonOps_DDRM} (F64) and {@code CommonOps_FDRM}
 * (F32). This class decides how each operand is handed over and in which pieces the batch is
 * multiplied; the EJML calls themselves are in {@link MatrixProductF64} and its generated F32 twin
 * {@link MatrixProductF32}, one per dtype because EJML's two families share no type.
 *
 * <h2>Handing views to EJML without copying</h2>
 * An EJML {@code DMatrixRMaj} is a row-major {@code double[]} that starts at index 0: no offset, no
 * strides. A view can still be handed over as it is in the two cases that matter most:
 * <ul>
 *   <li><b>row-major</b> (stepping a column moves 1, a row moves {@code cols}) starting at
 *       position 0: {@code DMatrixRMaj.wrap(rows, cols, array)} uses the array itself;</li>
 *   <li><b>transposed</b> (a row moves 1, a column moves {@code rows}): the numbers are the
 *       row-major {@code cols × rows} matrix, transposed. This is exactly how the engine passes
 *       {@code Bᵀ} in the backward pass of {@code C = A·B} ({@code dA = dC·Bᵀ},
 *       {@code dB = Aᵀ·dC}). EJML multiplies by a transposed left operand without forming it
 *       ({@code multTransA}).</li>
 * </ul>
 * A transposed <em>right</em> operand is the exception, decided by measurement: EJML's
 * {@code multTransB} computes each result as a dot product of two rows, a running sum the JIT
 * cannot turn into SIMD instructions, while {@code mult} adds scaled rows into the result, which it
 * can. On this machine {@code multTransB} took twice as long as transposing {@code B} into scratch
 * with EJML's cache-blocked {@code transpose} and then calling {@code mult} — for every product with
 * 4 or more rows (at {@code 128×784×512}: 47 ms against 23 ms), while a single row was faster
 * without the copy (360 µs against 421 µs). The copy costs {@code k·n} moves against
 * {@code m·k·n} multiply-adds, so it pays as soon as there are a few rows;
 * {@link #TRANSPOSE_B_MIN_ROWS} holds the switch. ({@code multTransA} was as fast as transposing,
 * so a transposed left operand is always used as it is.)
 *
 * <p>A matrix that does not start at position 0 (a later batch, a window) is copied into a scratch
 * array first, one {@code System.arraycopy} of {@code rows·cols} numbers against
 * {@code rows·cols·n} multiply-adds. Any other layout (a window of columns, stride-0 rows) is
 * gathered into row-major scratch. The output is fresh and contiguous: its first matrix is written
 * in place, later batches through scratch.
 *
 * <h2>Batches</h2>
 * Leading dims are looped over, reusing the EJML matrix objects and scratch arrays, so nothing is
 * allocated per batch. An operand broadcast over the batch (stride 0, as for
 * {@code [8, m, k] @ [k, n]}) is prepared once. And when {@code b} is shared by every batch and
 * {@code a} is contiguous, the batch is folded into the rows: {@code [8·m, k] @ [k, n]} is one
 * bigger product, which EJML (and its threads) handle better than eight small ones.
 *
 * <h2>Threads</h2>
 * EJML does not decide by itself to use several threads: {@code CommonOps_MT_DDRM} has the same
 * methods, each splitting the rows of the result among the threads of a fork-join pool. Splitting
 * costs a few microseconds, so small products stay single-threaded; see
 * {@link #THREADED_MIN_WORK} for the measured switch-over point.
 */
final class MatrixProduct {

    /**
     * Products with at least this many multiply-adds ({@code m·k·n}) run on EJML's multi-threaded
     * kernels. Chosen with {@code MatmulThreshold} in this module's tests on the 2-core AMD EPYC
     * (Zen 5) development machine, timing {@code CommonOps_DDRM.mult} against
     * {@code CommonOps_MT_DDRM.mult} (fastest of many calls, after warm-up) on cubes of side 16 to
     * 128: two threads were slower up to 24³ (0.3× at 16³, where starting the threads costs more
     * than the product), broke even at 32³, and won from 40³ (1.1×), 48³ (1.25×) and 64³ on
     * (about 1.4×, 1.9× at 128×784×512). The switch sits at 48³ ≈ 110,000, where the gain is clear.
     * On a machine whose other core is busy the threaded kernel gains nothing and loses up to
     * about 20% at these middle sizes — a risk taken for the large products that dominate
     * training.
     */
    static final long THREADED_MIN_WORK = 110_000;

    /** Threads share out the rows of the result, so a one-row product cannot use them. */
    private static final int THREADED_MIN_ROWS = 2;

    /**
     * A transposed right operand is copied into row-major order (EJML's blocked {@code transpose})
     * when the product has at least this many rows; below, {@code multTransB} uses it in place. See
     * the class comment for the measurement.
     */
    static final int TRANSPOSE_B_MIN_ROWS = 4;

    private MatrixProduct() {
    }

    /** How a matrix operand lies in storage, which decides how EJML receives it. */
    enum Kind {
        /** Row after row, each row's numbers adjacent. */
        ROW_MAJOR,
        /** Column after column: the row-major transpose of a {@code cols × rows} matrix. */
        TRANSPOSED,
        /** Anything else: must be gathered. */
        STRIDED
    }

    /** One matrix of an operand: its size, its strides and the resulting {@link Kind}. */
    record Matrix(int rows, int cols, int rowStride, int colStride, Kind kind) {
        static Matrix of(int rows, int cols, int rowStride, int colStride) {
            // A dim of size 1 is never stepped along, so its stride does not matter.
            boolean rowMajor = (cols == 1 || colStride == 1) && (rows == 1 || rowStride == cols);
            boolean transposed = (rows == 1 || rowStride == 1) && (cols == 1 || colStride == rows);
            Kind kind = rowMajor ? Kind.ROW_MAJOR : transposed ? Kind.TRANSPOSED : Kind.STRIDED;
            return new Matrix(rows, cols, rowStride, colStride, kind);
        }

        /** The last two dims of {@code v}. */
        static Matrix last2(View v) {
            int r = v.rank();
            return of(v.shape()[r - 2], v.shape()[r - 1], v.strides()[r - 2], v.strides()[r - 1]);
        }

        int size() {
            return rows * cols;
        }
    }

    static void matmul(EjmlBackend backend, View a, View b, View out) {
        int rank = out.rank();
        int m = out.shape()[rank - 2];
        int n = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        if (out.size() == 0) {
            return;
        }
        if (k == 0) {
            Elementwise.fill(out, 0.0); // an empty sum is 0
            return;
        }
        if (!out.isContiguous()) { // not expected from the engine; stay correct anyway
            View compact = backend.freshLike(out);
            matmul(backend, a, b, compact);
            Elementwise.copy(compact, out);
            return;
        }
        Product product = Elementwise.f64(out.storage()) != null ? new MatrixProductF64(a, b, out)
                : new MatrixProductF32(a, b, out);
        int[] batchShape = Arrays.copyOf(out.shape(), rank - 2);
        int batches = View.numel(batchShape);
        Matrix left = Matrix.last2(a);
        Matrix right = Matrix.last2(b);

        if (batches > 1 && sharedAcrossBatch(b) && a.isContiguous()) {
            Matrix folded = Matrix.of(batches * m, k, k, 1);
            product.multiply(folded, a.offset(), right, b.offset(), out.offset());
            return;
        }
        int[] batchIndex = new int[rank - 2];
        for (int batch = 0; batch < batches; batch++) {
            View.unravel(batch, batchShape, batchIndex);
            product.multiply(left, batchBase(a, batchIndex), right, batchBase(b, batchIndex),
                    out.offset() + batch * m * n);
        }
    }

    /** Every batch dim of {@code v} has stride 0 (or size 1): all batches read the same matrix. */
    private static boolean sharedAcrossBatch(View v) {
        for (int d = 0; d < v.rank() - 2; d++) {
            if (v.strides()[d] != 0 && v.shape()[d] != 1) {
                return false;
            }
        }
        return true;
    }

    /** Storage position of element (0, 0) of the matrix at {@code batchIndex}. */
    private static int batchBase(View v, int[] batchIndex) {
        int position = v.offset();
        for (int d = 0; d < batchIndex.length; d++) {
            position += batchIndex[d] * v.strides()[d];
        }
        return position;
    }

    static boolean threaded(int m, int k, int n) {
        return m >= THREADED_MIN_ROWS && (long) m * k * n >= THREADED_MIN_WORK;
    }

    /**
     * One dtype's products: prepares EJML matrices over the operands and multiplies. The steps are
     * the same for both dtypes; {@link MatrixProductF64} does them over {@code double[]} and
     * {@code DMatrixRMaj}, its twin {@link MatrixProductF32} over {@code float[]} and
     * {@code FMatrixRMaj}.
     */
    abstract static class Product {
        private int loadedA = -1;
        private int loadedB = -1;

        /** {@code out[outPosition...] = A · B} for the matrices of a and b at the given bases. */
        final void multiply(Matrix a, int aBase, Matrix b, int bBase, int outPosition) {
            if (aBase != loadedA) { // a broadcast operand is prepared once for all batches
                loadA(a, aBase);
                loadedA = aBase;
            }
            int m = a.rows();
            int n = b.cols();
            // The same for every batch of one call, so a B loaded for an earlier batch still fits.
            boolean transB = b.kind() == Kind.TRANSPOSED && m < TRANSPOSE_B_MIN_ROWS;
            if (bBase != loadedB) {
                loadB(b, bBase, b.kind() == Kind.TRANSPOSED && !transB);
                loadedB = bBase;
            }
            prepareC(m, n, outPosition);
            // A gathered operand is row-major, so "transposed" only for a TRANSPOSED view.
            run(a.kind() == Kind.TRANSPOSED, transB, threaded(m, a.cols(), n));
            commitC(m, n, outPosition);
        }

        abstract void loadA(Matrix a, int base);

        /** Prepares B; with {@code toRowMajor}, a TRANSPOSED B is transposed into scratch. */
        abstract void loadB(Matrix b, int base, boolean toRowMajor);

        abstract void prepareC(int m, int n, int position);

        abstract void run(boolean transA, boolean transB, boolean threaded);

        abstract void commitC(int m, int n, int position);
    }

    /** Whether EJML can use the storage array itself: a row-major or transposed matrix at position 0. */
    static boolean needsScratch(Matrix v, int base) {
        return base != 0 || v.kind() == Kind.STRIDED;
    }
}
