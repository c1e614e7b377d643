package dev.gradbook.backends.simd;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.FloatStorage;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.UpdateRule;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A fast CPU backend written with the Vector API ({@code jdk.incubator.vector}): the same four
 * primitives as the naive backend ({@link #map}, {@link #zip}, {@link #reduce}, {@link #matmul}),
 * computed a whole vector register at a time and, for large matrix products, on several cores;
 * it also replaces the SPI's default {@link #copy}, {@link #gather}, {@link #fill} and
 * {@link #update} with faster ones.
 *
 * <p>How the work is divided:
 * <ul>
 *   <li>This class only deals with <em>layout</em>: it checks the views, walks them row by row with
 *       {@link RowWalk} (which first merges dimensions that every operand walks alike) and hands
 *       each row to a kernel. It never touches a vector itself, so it can be loaded — and report a
 *       clear error — even where the Vector API is missing.</li>
 *   <li>{@link DoubleKernels} (and {@link FloatKernels}, its F32 twin generated from it) hold the
 *       element-wise kernels: a dense row, or a dense row with one broadcast (stride-0) operand,
 *       runs in vectors; anything else runs a strided scalar loop over the op's own definition.
 *       They also hold the fused optimizer updates ({@link #update}), one vectorised pass per
 *       parameter.</li>
 *   <li>{@link MatmulF64} (and {@link MatmulF32}, generated from it) hold the matrix product: pack
 *       panels of {@code B}, then a register-blocked FMA micro-kernel that reads {@code A} in
 *       place, cut into blocks as {@link MatmulPlan} describes and run on a {@link WorkerPool}.</li>
 *   <li>{@link Warmup} gets the JIT to compile all of this in the background as soon as the
 *       backend is created through its provider.</li>
 * </ul>
 *
 * <p>Reproducibility: a matrix product gives the same bits on every run and for every thread
 * count (each output element is one fixed chain of fused multiply-adds), and so does an optimizer
 * update (each element is computed the same way whichever thread's chunk it falls in). Element-wise ops, max and
 * min give exactly the naive backend's bits. Sums differ from the naive backend by rounding only:
 * along a dense line they are grouped in vector lanes, and F32 sums down columns accumulate in
 * {@code float} where the naive backend uses a {@code double}.
 *
 * <p>Storage must be this backend's own heap arrays ({@link DoubleStorage}, {@link FloatStorage}).
 */
public final class SimdBackend implements TensorBackend {

    private final WorkerPool pool;

    /** A backend whose matrix products share one pool with one thread per available processor. */
    public SimdBackend() {
        this(SharedPool.POOL);
    }

    /**
     * A backend with a pool of its own, for experiments such as "how does matmul scale from 1 to 2
     * threads?". The pool's threads are daemons: they end with the program.
     *
     * @param threads threads for large matrix products, the calling thread included; at least 1
     */
    public SimdBackend(int threads) {
        this(new WorkerPool(threads));
    }

    SimdBackend(WorkerPool pool) {
        this.pool = pool;
    }

    /** Threads a large matrix product runs on, the calling thread included. */
    public int threads() {
        return pool.threads();
    }

    /** Created on first use, so that merely loading this class starts no threads. */
    private static final class SharedPool {
        static final WorkerPool POOL = new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "simd";
    }

    // ---------------------------------------------------------------------------------- map / zip

    @Override
    public void map(UnaryOp op, View in, View out) {
        Objects.requireNonNull(op, "SimdBackend.map: op is null");
        Objects.requireNonNull(in, "SimdBackend.map: in is null");
        Objects.requireNonNull(out, "SimdBackend.map: out is null");
        requireSameShape("map " + op, in, out);
        boolean f32 = isF32("map " + op, in, out);
        if (out.size() == 0) {
            return;
        }
        RowWalk walk = new RowWalk(out.shape(), new int[][] {in.strides(), out.strides()},
                new int[] {in.offset(), out.offset()});
        int n = walk.rowLength();
        int xs = walk.rowStride(0);
        int ys = walk.rowStride(1);
        if (f32) {
            float[] x = floats(in);
            float[] y = floats(out);
            double[] wide = FloatKernels.isVectorised(op) ? null : new double[Math.min(n, FloatKernels.REPEAT)];
            for (int r = 0; r < walk.rows(); r++, walk.next()) {
                FloatKernels.map(op, x, walk.position(0), xs, y, walk.position(1), ys, n, wide);
            }
        } else {
            double[] x = doubles(in);
            double[] y = doubles(out);
            for (int r = 0; r < walk.rows(); r++, walk.next()) {
                DoubleKernels.map(op, x, walk.position(0), xs, y, walk.position(1), ys, n);
            }
        }
    }

    @Override
    public void zip(BinaryOp op, View a, View b, View out) {
        Objects.requireNonNull(op, "SimdBackend.zip: op is null");
        Objects.requireNonNull(a, "SimdBackend.zip: a is null");
        Objects.requireNonNull(b, "SimdBackend.zip: b is null");
        Objects.requireNonNull(out, "SimdBackend.zip: out is null");
        requireSameShape("zip " + op, a, out);
        requireSameShape("zip " + op, b, out);
        boolean f32 = isF32("zip " + op, a, b, out);
        if (out.size() == 0) {
            return;
        }
        RowWalk walk = new RowWalk(out.shape(), new int[][] {a.strides(), b.strides(), out.strides()},
                new int[] {a.offset(), b.offset(), out.offset()});
        int n = walk.rowLength();
        int as = walk.rowStride(0);
        int bs = walk.rowStride(1);
        int ys = walk.rowStride(2);
        if (f32) {
            float[] x = floats(a);
            float[] z = floats(b);
            float[] y = floats(out);
            float[] repeated = new float[Math.min(n, FloatKernels.REPEAT)];
            for (int r = 0; r < walk.rows(); r++, walk.next()) {
                FloatKernels.zip(op, x, walk.position(0), as, z, walk.position(1), bs, y, walk.position(2), ys, n,
                        repeated);
            }
        } else {
            double[] x = doubles(a);
            double[] z = doubles(b);
            double[] y = doubles(out);
            double[] repeated = new double[Math.min(n, DoubleKernels.REPEAT)];
            for (int r = 0; r < walk.rows(); r++, walk.next()) {
                DoubleKernels.zip(op, x, walk.position(0), as, z, walk.position(1), bs, y, walk.position(2), ys, n,
                        repeated);
            }
        }
    }

    /**
     * Copies through {@link #map} with {@code IDENTITY}, except the commonest case: dense into
     * dense of the same dtype is one {@link System#arraycopy}. Gathering a shuffled mini-batch
     * copies 128 single rows per step, so the fixed cost per call matters as much as the speed.
     */
    @Override
    public void copy(View in, View out) {
        Objects.requireNonNull(in, "SimdBackend.copy: in is null");
        Objects.requireNonNull(out, "SimdBackend.copy: out is null");
        requireSameShape("copy", in, out);
        boolean f32 = isF32("copy", in, out);
        if (out.size() == 0) {
            return; // an empty view's offset may lie past the end of its storage
        }
        if (in.isContiguous() && out.isContiguous()) {
            System.arraycopy(array(in), in.offset(), array(out), out.offset(), out.size());
            return;
        }
        map(UnaryOp.IDENTITY, in, out);
    }

    /**
     * Along dim 0 of dense views each slice is one run of memory, so a whole batch of rows is a
     * loop of {@link System#arraycopy} in one call; anything else takes the SPI's default, one
     * {@link #copy} per slice.
     */
    @Override
    public void gather(View in, int dim, int[] index, View out) {
        Objects.requireNonNull(in, "SimdBackend.gather: in is null");
        Objects.requireNonNull(out, "SimdBackend.gather: out is null");
        isF32("gather", in, out); // checks the storage kinds and that the dtypes match
        if (out.size() == 0) {
            return;
        }
        if (dim != 0 || !in.isContiguous() || !out.isContiguous()) {
            TensorBackend.super.gather(in, dim, index, out);
            return;
        }
        int slice = out.size() / index.length;
        Object from = array(in);
        Object to = array(out);
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(from, in.offset() + index[i] * slice, to, out.offset() + i * slice, slice);
        }
    }

    @Override
    public void fill(View out, double value) {
        Objects.requireNonNull(out, "SimdBackend.fill: out is null");
        boolean f32 = isF32("fill", out);
        if (out.size() == 0) {
            return;
        }
        RowWalk walk = new RowWalk(out.shape(), new int[][] {out.strides()}, new int[] {out.offset()});
        for (int r = 0; r < walk.rows(); r++, walk.next()) {
            if (f32) {
                FloatKernels.fill(floats(out), walk.position(0), walk.rowStride(0), walk.rowLength(), (float) value);
            } else {
                DoubleKernels.fill(doubles(out), walk.position(0), walk.rowStride(0), walk.rowLength(), value);
            }
        }
    }

    // ---------------------------------------------------------------------------------- update

    /** Elements per task of a parallel optimizer update: big enough to outweigh the hand-over. */
    static final int UPDATE_CHUNK = 1 << 16;

    /**
     * The optimizer update in one vectorised pass ({@link FloatKernels#update}), split over the
     * pool in fixed chunks for large parameters; each element's result is the same whichever thread
     * computes it. Views that are not dense take the SPI's element-by-element default.
     */
    @Override
    public void update(UpdateRule rule, double[] hyper, View param, View grad, View... state) {
        Objects.requireNonNull(rule, "SimdBackend.update: rule is null");
        Objects.requireNonNull(hyper, "SimdBackend.update: hyper is null");
        Objects.requireNonNull(param, "SimdBackend.update: param is null");
        Objects.requireNonNull(grad, "SimdBackend.update: grad is null");
        NullChecks.requireNoNullElements(state, "SimdBackend.update", "state");
        View[] views = UpdateRule.slots(param, grad, state);
        boolean f32 = isF32("update " + rule, views);
        for (View v : views) {
            requireSameShape("update " + rule, v, param);
            if (!v.isContiguous()) {
                TensorBackend.super.update(rule, hyper, param, grad, state);
                return;
            }
        }
        int n = param.size();
        View s = state.length > 0 ? state[0] : param; // unused by rules without state
        View t = state.length > 1 ? state[1] : param;
        IntConsumer chunk = c -> {
            int from = c * UPDATE_CHUNK;
            int length = Math.min(n - from, UPDATE_CHUNK);
            if (f32) {
                FloatKernels.update(rule, hyper, floats(param), param.offset() + from, floats(grad), grad.offset() + from,
                        floats(s), s.offset() + from, floats(t), t.offset() + from, length);
            } else {
                DoubleKernels.update(rule, hyper, doubles(param), param.offset() + from, doubles(grad),
                        grad.offset() + from, doubles(s), s.offset() + from, doubles(t), t.offset() + from, length);
            }
        };
        pool.run(MatmulPlan.ceilDiv(n, UPDATE_CHUNK), chunk); // one chunk runs on the calling thread
    }

    // ---------------------------------------------------------------------------------- reduce

    /**
     * Reduces along {@code dim} in one of two shapes of loop, chosen by layout:
     * <ul>
     *   <li><b>columns</b> — the kept elements next to each other in memory, the reduced dim
     *       strided (the sum over the batch of a {@code [batch, features]} gradient): whole rows are
     *       combined into vector accumulators, in the naive order;</li>
     *   <li><b>lines</b> — everything else, one output at a time: a dense line (a row sum, a row
     *       max for softmax) is folded in vector lanes, a strided line by a scalar loop.</li>
     * </ul>
     */
    @Override
    public void reduce(ReduceOp op, View in, int dim, View out) {
        Objects.requireNonNull(op, "SimdBackend.reduce: op is null");
        Objects.requireNonNull(in, "SimdBackend.reduce: in is null");
        Objects.requireNonNull(out, "SimdBackend.reduce: out is null");
        requireReduceShapes(op, in, dim, out);
        boolean f32 = isF32("reduce " + op, in, out);
        if (out.size() == 0) {
            return;
        }
        int length = in.shape()[dim];
        if (length == 0) {
            fill(out, op.identity());
            return;
        }
        int rank = in.rank();
        int[] keptShape = new int[rank - 1];
        int[] inKept = new int[rank - 1];
        int[] outKept = new int[rank - 1];
        for (int d = 0, kept = 0; d < rank; d++) {
            if (d != dim) {
                keptShape[kept] = in.shape()[d];
                inKept[kept] = in.strides()[d];
                outKept[kept] = out.strides()[d];
                kept++;
            }
        }
        RowWalk walk = new RowWalk(keptShape, new int[][] {inKept, outKept}, new int[] {in.offset(), out.offset()});
        int lineStride = in.strides()[dim];
        int n = walk.rowLength();
        int xs = walk.rowStride(0);
        int ys = walk.rowStride(1);
        boolean columns = lineStride != 1 && xs == 1 && ys == 1 && n > 1;
        if (f32) {
            float[] x = floats(in);
            float[] y = floats(out);
            float[] lanes = new float[FloatKernels.V];
            for (int r = 0; r < walk.rows(); r++, walk.next()) {
                if (columns) {
                    FloatKernels.reduceColumns(op, x, walk.position(0), lineStride, length, y, walk.position(1), n);
                } else {
                    for (int j = 0; j < n; j++) {
                        y[walk.position(1) + j * ys] = (float) FloatKernels.reduceLine(op, x,
                                walk.position(0) + j * xs, lineStride, length, lanes);
                    }
                }
            }
        } else {
            double[] x = doubles(in);
            double[] y = doubles(out);
            double[] lanes = new double[DoubleKernels.V];
            for (int r = 0; r < walk.rows(); r++, walk.next()) {
                if (columns) {
                    DoubleKernels.reduceColumns(op, x, walk.position(0), lineStride, length, y, walk.position(1), n);
                } else {
                    for (int j = 0; j < n; j++) {
                        y[walk.position(1) + j * ys] = DoubleKernels.reduceLine(op, x,
                                walk.position(0) + j * xs, lineStride, length, lanes);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------- matmul

    /**
     * Batched matrix product. Large products are split over the pool's threads inside each matrix;
     * many small products are split over threads one matrix (or a few) per task; small work stays
     * on the calling thread, where starting threads would cost more than it saves.
     */
    @Override
    public void matmul(View a, View b, View out) {
        Objects.requireNonNull(a, "SimdBackend.matmul: a is null");
        Objects.requireNonNull(b, "SimdBackend.matmul: b is null");
        Objects.requireNonNull(out, "SimdBackend.matmul: out is null");
        requireMatmulShapes(a, b, out);
        boolean f32 = isF32("matmul", a, b, out);
        if (out.size() == 0) {
            return;
        }
        int rank = out.rank();
        int m = out.shape()[rank - 2];
        int n = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        int[] batchShape = Arrays.copyOf(out.shape(), rank - 2);
        int batches = View.numel(batchShape);
        long macs = (long) m * n * k;
        if (macs >= MatmulPlan.PARALLEL_MACS || batches == 1 || macs * batches < MatmulPlan.PARALLEL_MACS) {
            // each product may use the pool; the kernels split it only if it is large enough
            // (MatmulPlan.PARALLEL_MACS, or PARALLEL_NARROW_MACS for the narrow path)
            for (int batch = 0; batch < batches; batch++) {
                multiplyOne(f32, a, b, out, batchShape, batch, m, n, k, pool);
            }
        } else { // many small products: a fixed number of tasks, each a run of whole matrices
            int perTask = MatmulPlan.ceilDiv(batches, Math.min(batches, 64));
            pool.run(MatmulPlan.ceilDiv(batches, perTask), task -> {
                int end = Math.min(batches, (task + 1) * perTask);
                for (int batch = task * perTask; batch < end; batch++) {
                    multiplyOne(f32, a, b, out, batchShape, batch, m, n, k, null);
                }
            });
        }
    }

    private static void multiplyOne(boolean f32, View a, View b, View out, int[] batchShape, int batch,
                                    int m, int n, int k, WorkerPool pool) {
        int[] index = new int[batchShape.length];
        View.unravel(batch, batchShape, index);
        MatrixLayout al = layout(a, index);
        MatrixLayout bl = layout(b, index);
        MatrixLayout cl = layout(out, index);
        if (f32) {
            MatmulF32.multiply(floats(a), al, floats(b), bl, floats(out), cl, m, n, k, pool);
        } else {
            MatmulF64.multiply(doubles(a), al, doubles(b), bl, doubles(out), cl, m, n, k, pool);
        }
    }

    /** The matrix at {@code batchIndex} of a batched view, as offset and its last two strides. */
    private static MatrixLayout layout(View v, int[] batchIndex) {
        int offset = v.offset();
        for (int d = 0; d < batchIndex.length; d++) {
            offset += batchIndex[d] * v.strides()[d];
        }
        int rank = v.rank();
        return new MatrixLayout(offset, v.strides()[rank - 2], v.strides()[rank - 1]);
    }

    // ---------------------------------------------------------------------------------- checks

    /** True for F32, false for F64; a clear error for foreign storage or mixed dtypes. */
    private static boolean isF32(String op, View... views) {
        DType dtype = views[0].storage().dtype();
        for (View v : views) {
            Storage s = v.storage();
            if (!(s instanceof FloatStorage) && !(s instanceof DoubleStorage)) {
                throw new IllegalArgumentException("simd " + op + ": storage " + s.getClass().getName()
                        + " is not a heap DoubleStorage or FloatStorage; create the tensors with the simd backend");
            }
            if (s.dtype() != dtype) {
                throw new IllegalArgumentException("simd " + op + ": operands mix " + dtype + " and " + s.dtype()
                        + "; convert one of them first");
            }
        }
        return dtype == DType.F32;
    }

    /** The heap array behind a view, {@code float[]} or {@code double[]}: for {@link System#arraycopy}. */
    private static Object array(View v) {
        return v.storage() instanceof FloatStorage f ? f.data() : ((DoubleStorage) v.storage()).data();
    }

    private static float[] floats(View v) {
        return ((FloatStorage) v.storage()).data();
    }

    private static double[] doubles(View v) {
        return ((DoubleStorage) v.storage()).data();
    }

    private static void requireSameShape(String op, View in, View out) {
        if (!Arrays.equals(in.shape(), out.shape())) {
            throw new IllegalArgumentException("simd " + op + ": operand shape " + View.str(in.shape())
                    + " differs from output shape " + View.str(out.shape())
                    + "; broadcast (expand) the operand before calling the backend");
        }
    }

    private static void requireReduceShapes(ReduceOp op, View in, int dim, View out) {
        if (dim < 0 || dim >= in.rank()) {
            throw new IllegalArgumentException("simd reduce " + op + ": dim " + dim + " is out of range for shape "
                    + View.str(in.shape()));
        }
        int[] expected = in.shape().clone();
        expected[dim] = 1;
        if (!Arrays.equals(expected, out.shape())) {
            throw new IllegalArgumentException("simd reduce " + op + ": reducing " + View.str(in.shape())
                    + " along dim " + dim + " gives " + View.str(expected) + ", but the output is "
                    + View.str(out.shape()));
        }
    }

    private static void requireMatmulShapes(View a, View b, View out) {
        int rank = out.rank();
        if (rank < 2 || a.rank() != rank || b.rank() != rank) {
            throw new IllegalArgumentException("simd matmul: " + shapes(a, b, out)
                    + " — operands and output need the same rank, at least 2 (matrices, maybe batched)");
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        int[] os = out.shape();
        if (as[rank - 1] != bs[rank - 2]) {
            throw new IllegalArgumentException("simd matmul: " + shapes(a, b, out) + " — inner dimensions "
                    + as[rank - 1] + " and " + bs[rank - 2] + " differ");
        }
        boolean ok = as[rank - 2] == os[rank - 2] && bs[rank - 1] == os[rank - 1];
        for (int d = 0; d < rank - 2; d++) {
            ok &= as[d] == os[d] && bs[d] == os[d];
        }
        if (!ok) {
            throw new IllegalArgumentException("simd matmul: " + shapes(a, b, out)
                    + " — the output must be [..., m, n] for [..., m, k] @ [..., k, n], with equal batch dims");
        }
    }

    /** {@code [m, k] @ [k, n] -> [m, n]}, for an error message (built only when one is thrown). */
    private static String shapes(View a, View b, View out) {
        return View.str(a.shape()) + " @ " + View.str(b.shape()) + " -> " + View.str(out.shape());
    }
}
