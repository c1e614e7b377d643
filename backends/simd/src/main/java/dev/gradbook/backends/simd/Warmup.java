package dev.gradbook.backends.simd;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.UpdateRule;
import dev.gradbook.autograd.spi.View;

/**
 * Gets the JIT compiler to compile the SIMD kernels before a program's first training steps need
 * them, on a background thread, while the program does something else (typically: loading data).
 *
 * <p><b>Why.</b> Vector API code is fast only once the JIT's optimising compiler (C2) has compiled
 * it: until then every {@code FloatVector} is an ordinary Java object and every lane-wise operation
 * a method call. Measured on the seed MLP, the first 50 training steps of a fresh JVM took about
 * 22 ms each, the later ones about 5 ms: a second of warm-up inside the first epoch. The JIT
 * compiles a method once it has run often enough, whoever called it, so running every kernel on
 * small private arrays for a few hundred rounds moves that second off the critical path.
 *
 * <p><b>One dtype: the program's.</b> Each round exercises the kernels of
 * {@link Tensor#defaultDType()} as it is when the round starts, so the F32 training of the seed
 * lesson warms F32 only. Warming both dtypes, as this class first did, cost a Fashion-MNIST run's
 * first epoch about 0.4 s (four runs each, alternating: 3.18-3.37 s with both, 2.80-2.95 s with
 * F32 only, warm epochs 2.1-2.4 s either way): compiling the F64 kernels kept the JIT busy on the
 * two cores the training needed, and running both dtypes through the Vector API's shared code can
 * spoil the profiles the JIT compiles the other dtype's kernels from.
 *
 * <p>The work covers the branches that real use takes (a product deeper than one k-block, tiles on
 * the edge, transposed operands, broadcast operands, every update rule) because code compiled
 * without ever seeing a branch must be thrown away and recompiled when the branch is first taken.
 * It runs once per JVM, on a daemon thread (it never keeps a program alive), through a private
 * one-thread backend (it never touches the shared worker pool), on arrays nobody else sees. It
 * changes no result: it only decides <em>when</em> code gets compiled.
 *
 * <p>Off with {@code -Dgradbook.simd.warmup=false}, e.g. to watch the warm-up happen in a profile.
 */
final class Warmup implements Runnable {
    /** The system property that turns the warm-up off. */
    static final String PROPERTY = "gradbook.simd.warmup";
    /**
     * Rounds of the whole work list. Measured here: the first round takes about 0.3 s, the tenth
     * 25 ms, from the thirtieth on about 2 ms (compiled); 100 rounds take about 0.6 s of one core.
     */
    static final int ROUNDS = 100;

    private static boolean started;

    private final TensorBackend backend;

    Warmup(TensorBackend backend) {
        this.backend = backend;
    }

    /**
     * Starts the warm-up thread, the first time only, unless the property turns it off.
     *
     * @return whether this call started it
     */
    static synchronized boolean startOnce() {
        if (started || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return false;
        }
        started = true;
        Thread thread = new Thread(new Warmup(new SimdBackend(new WorkerPool(1))), "gradbook-simd-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return true;
    }

    @Override
    public void run() {
        try {
            for (int round = 0; round < ROUNDS; round++) {
                exercise(Tensor.defaultDType());
            }
        } catch (RuntimeException e) {
            // Only an optimisation: if it ever fails, the program must not notice (the same code
            // paths, reached by real work, report their own errors), so stop quietly.
        }
    }

    /** One round for one dtype: shapes small enough to be quick, large enough to take every path. */
    private void exercise(DType dtype) {
        // matmul: k = 300 spans two k-blocks; 37 rows and 50 columns leave edge tiles
        View a = filled(dtype, 37, 300);
        View b = filled(dtype, 300, 50);
        View c = filled(dtype, 37, 50);
        backend.matmul(a, b, c);
        backend.matmul(transposed(filled(dtype, 300, 37)), b, c); // x.t() @ dy, as for a weight gradient
        backend.matmul(a, transposed(filled(dtype, 50, 300)), c); // dy @ w.t(), as for an input gradient
        View m = filled(dtype, 32, 64);
        View row = new View(filled(dtype, 64).storage(), new int[] {32, 64}, new int[] {0, 1}, 0); // a bias row
        View out = filled(dtype, 32, 64);
        // Repeating these cheap calls 8 times per round (so the JIT sees more calls) made the
        // warm-up take longer than loading the data, and the first epoch 0.5 s slower: it then
        // competed with training for the two cores. Once per round it is.
        elementwise(dtype, m, row, out);
    }

    /** Element-wise ops, reductions, copies and every update rule on one small matrix. */
    private void elementwise(DType dtype, View m, View row, View out) {
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.GE,
            BinaryOp.EQ, BinaryOp.MAX}) {
            backend.zip(op, m, row, out);
            backend.zip(op, out, m, out);
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.STEP, UnaryOp.EXP, UnaryOp.LOG, UnaryOp.NEG,
            UnaryOp.SQRT, UnaryOp.IDENTITY}) {
            backend.map(op, m, out);
        }
        backend.reduce(ReduceOp.SUM, m, 0, filled(dtype, 1, 64));
        backend.reduce(ReduceOp.SUM, m, 1, filled(dtype, 32, 1));
        backend.reduce(ReduceOp.MAX, m, 1, filled(dtype, 32, 1));
        backend.copy(m, out);
        for (UpdateRule rule : UpdateRule.values()) {
            View[] state = new View[rule.stateCount()];
            for (int i = 0; i < state.length; i++) {
                state[i] = filled(dtype, 32, 64);
            }
            double[] hyper = new double[rule.hyperCount()];
            java.util.Arrays.fill(hyper, 0.5);
            backend.update(rule, hyper, out, m, state);
        }
    }

    /** A contiguous view of the given shape holding small positive numbers. */
    private View filled(DType dtype, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        Storage storage = backend.allocate(dtype, size);
        for (int i = 0; i < size; i++) {
            storage.set(i, 0.5 + (i % 7) * 0.125);
        }
        return View.contiguous(storage, shape);
    }

    /** The transpose of a contiguous matrix, as a view. */
    private static View transposed(View matrix) {
        int[] shape = matrix.shape();
        int[] strides = matrix.strides();
        return new View(matrix.storage(), new int[] {shape[1], shape[0]}, new int[] {strides[1], strides[0]},
                matrix.offset());
    }
}
