// Twin source: MatmulF32.java is generated from this file by the substitution table in
// Twins.java. After an edit here, regenerate it from the repository root with
//     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java

package dev.gradbook.backends.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.gradbook.backends.simd.MatmulPlan.KC;

/**
 * The matrix product {@code C = A·B} on {@code double[]} storage: pack {@code A} and {@code B},
 * then run a register-blocked micro-kernel; {@link MatmulPlan} explains the blocking.
 *
 * <p>The micro-kernel keeps an {@code MR × 2}-vector tile of {@code C} ({@code MR} rows,
 * {@code 2·V} columns, {@code V} = lanes of the preferred vector) in {@code 2·MR} accumulators.
 * Each step {@code p} loads two vectors of a packed {@code B} row, broadcasts one {@code A}
 * number per row, and issues {@code 2·MR} fused multiply-adds, with the accumulators never
 * leaving registers. The independent accumulators are also what keeps both FMA units of a core
 * busy despite each FMA taking several cycles. {@code MR} is 4 on machines with 16 vector
 * registers (AVX2) and 8 on machines with 32 (AVX-512): {@link MatmulPlan#rowsPerTile} gives the
 * rule, and there is one kernel written out for each height.
 *
 * <p><b>Why both operands are packed.</b> {@code B} is copied, one {@code KC × 2V} piece at a time
 * just before the kernel uses it, so that the two vectors of each step are contiguous: read in
 * place, the rows of an F32 {@code [784, 512]} weight matrix lie 2 KB apart, and a k-block of them
 * fights over the same few sets of the L1 cache (measured in F32: 60 instead of 81 GFLOP/s on one
 * core at 512³). {@code A} is copied into panels of
 * {@code MR} rows, so that the {@code MR} numbers of one step are contiguous too. Then every index
 * in the kernel's loop is a constant plus a constant times {@code p}, and the JIT can prove all of
 * them in bounds before the loop instead of checking each load; with {@code A} read in place from
 * {@code MR} rows a run-time stride apart, the eight-row kernel kept eight checks per step and ran
 * at 100 instead of 150 GFLOP/s on one AVX-512 core. Packing {@code A} costs {@code m·k} copies
 * against {@code m·k·n} multiply-adds.
 *
 * <p>Kept simple on purpose. Measured in F32, side by side in one JVM on the 2-core AVX2 machine
 * this was first written on, neither k-blocks of 128 or 512 nor larger parallel blocks changed the
 * speed of a whole product by more than the noise (±5%); storing {@code A} pre-broadcast (vector
 * loads instead of broadcasts) was 20-30% slower in a kernel-only test.
 *
 * <p>Every element of {@code C} starts at 0 (the first k-block starts its accumulators at zero
 * instead of reading {@code C}; the small path zeroes {@code C} first) and is updated by exactly one
 * FMA per {@code p}, in increasing {@code p} — whether it is computed by the vector kernel, through
 * the edge buffer, or by {@link #multiplySmall}. Hence the result is independent of blocking, of
 * the tile height and of threads, and equals the scalar chain
 * {@code c = Math.fma(a[i][p], b[p][j], c)} bit for bit.
 */
final class MatmulF64 {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** Columns of {@code C} per micro-tile: two vectors. */
    static final int NR = 2 * V;
    /** Rows of {@code C} per micro-tile on this machine: 4 or 8. */
    static final int MR = MatmulPlan.rowsPerTile(S.vectorBitSize(), System.getProperty(MatmulPlan.TILE_ROWS_PROPERTY));

    /** Packed A and each thread's B piece are reused between calls on the same thread, up to this many elements. */
    private static final int KEEP_SCRATCH = 1 << 20;
    private static final ThreadLocal<double[]> SCRATCH_A = ThreadLocal.withInitial(() -> new double[0]);
    private static final ThreadLocal<double[]> SCRATCH_B = ThreadLocal.withInitial(() -> new double[0]);
    /** The narrow-path call whose {@code B} this thread's {@code SCRATCH_B} holds, packed. */
    private static final ThreadLocal<Object> PACKED_FOR = new ThreadLocal<>();

    private MatmulF64() {
    }

    /**
     * {@code c = a·b} for one {@code m×k} by {@code k×n} product in any layouts.
     *
     * @param pool splits the product over threads if it is large enough to gain from it (each
     *             path has its own threshold: {@link MatmulPlan#PARALLEL_MACS},
     *             {@link MatmulPlan#PARALLEL_NARROW_MACS}); {@code null} runs on the calling thread
     */
    static void multiply(double[] a, MatrixLayout al, double[] b, MatrixLayout bl,
                         double[] c, MatrixLayout cl, int m, int n, int k, WorkerPool pool) {
        multiply(a, al, b, bl, c, cl, m, n, k, pool, MR);
    }

    /** The same with tiles of {@code mr} rows (4 or 8), so that tests can run both kernels anywhere. */
    static void multiply(double[] a, MatrixLayout al, double[] b, MatrixLayout bl,
                         double[] c, MatrixLayout cl, int m, int n, int k, WorkerPool pool, int mr) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || (long) m * n * k <= MatmulPlan.SMALL_MACS) {
            zero(c, cl, m, n); // the small loops accumulate into C; with k = 0, zeros are the answer
            multiplySmall(a, al, b, bl, c, cl, m, n, k);
            return;
        }
        if (n <= NR && (al.colStride() == 1 || (al.rowStride() == 1 && m >= narrowTileRows(n)))) {
            multiplyNarrow(a, al, b, bl, c, cl, m, n, k, pool);
            return;
        }
        MatmulPlan plan = new MatmulPlan(m, n, k, mr, NR);
        double[] pa = scratch(SCRATCH_A, plan.packedASize());
        if (pool == null || pool.threads() == 1 || (long) m * n * k < MatmulPlan.PARALLEL_MACS) {
            for (int panel = 0; panel < plan.rowPanels; panel++) {
                packAPanel(a, al, m, k, mr, panel, pa);
            }
            for (int block = 0; block < plan.blocks(); block++) {
                computeBlock(plan, block, pa, b, bl, c, cl);
            }
        } else {
            pool.run(plan.rowPanels, panel -> packAPanel(a, al, m, k, mr, panel, pa));
            pool.run(plan.blocks(), block -> computeBlock(plan, block, pa, b, bl, c, cl));
        }
    }

    /**
     * A product at most two vectors wide ({@code n ≤ 2V}, like the seed's 10-class layer) whose
     * {@code A} has dense rows or dense columns (a transposed matrix: the weight gradient
     * {@code hᵀ·dY} of that layer). The general path would waste much of its work here: it packs all
     * of {@code A} to use each number once, and its tiles are two vectors wide whatever {@code n}
     * (with {@code n = 10} and {@code V = 16}, 22 of 32 columns are padding). So this path packs
     * only {@code B} (into {@code k} rows of {@code w·V} numbers, where {@code w} is 1 or 2
     * vectors), reads {@code A} in place, and keeps an {@code 8 × 1}-vector tile
     * ({@link #kernelNarrow1}) or a {@code 4 × 2}-vector one ({@link #kernelNarrow2}) in eight
     * accumulators. Each element of {@code C} still receives one FMA per {@code p}, in increasing
     * {@code p}. For a transposed {@code A}, the tile's rows of column {@code p} are next to each
     * other in memory, and the kernels {@link #kernelNarrow1T} and {@link #kernelNarrow2T} read
     * them there. Against the general path, the seed's {@code [512, 128]ᵀ @ [128, 10]} went from
     * 64 to 25–28 µs in F32 (AVX-512 code; 60 to 31 µs with AVX2 code) and from 70–74 to 49 µs
     * in F64 (see {@code docs/benchmarks.md}).
     *
     * <p>When {@code B}'s rows are dense, each row is copied as whole vectors, so the lanes past
     * {@code n} receive whatever follows the row in memory (the next row's first numbers, say)
     * instead of zeros. That is harmless: lane {@code j} of an accumulator only ever meets lane
     * {@code j} of {@code B}, and the sums of the lanes past {@code n} are never stored. Copying
     * vectors instead of numbers one by one made the seed's {@code [128, 512] @ [512, 10]} 1.4
     * times faster on one core (F32: 52 → 73 GFLOP/s with AVX-512 code, 39 → 51 with AVX2 code;
     * see {@code docs/benchmarks.md}).
     */
    private static void multiplyNarrow(double[] a, MatrixLayout al, double[] b, MatrixLayout bl,
                                       double[] c, MatrixLayout cl, int m, int n, int k, WorkerPool pool) {
        int width = n <= V ? V : NR;
        int tasks = MatmulPlan.ceilDiv(m, MatmulPlan.NARROW_ROWS_PER_TASK);
        boolean parallel = pool != null && pool.threads() > 1 && tasks > 1
                && (long) m * n * k >= MatmulPlan.PARALLEL_NARROW_MACS;
        if (!parallel || (long) k * width > KEEP_SCRATCH) { // one packed B for all tasks
            double[] piece = packNarrowB(b, bl, n, k, width);
            if (parallel) {
                pool.run(tasks, task -> narrowRows(a, al, piece, width, c, cl, m, n, k, task));
            } else {
                for (int task = 0; task < tasks; task++) {
                    narrowRows(a, al, piece, width, c, cl, m, n, k, task);
                }
            }
            return;
        }
        // Each thread packs B for itself, the first time it takes a task of this call (its scratch
        // then holds it: k·width is at most KEEP_SCRATCH). A piece packed by one core and read by
        // the other crosses between their caches on every call, which cost about 10 µs, as much
        // as the product itself.
        Object call = new Object();
        pool.run(tasks, task -> {
            double[] piece;
            if (PACKED_FOR.get() != call) {
                piece = packNarrowB(b, bl, n, k, width);
                PACKED_FOR.set(call);
            } else {
                piece = scratch(SCRATCH_B, k * width);
            }
            narrowRows(a, al, piece, width, c, cl, m, n, k, task);
        });
    }

    /** {@code B} packed for the narrow path, into the calling thread's scratch: {@code k} rows of {@code width}. */
    private static double[] packNarrowB(double[] b, MatrixLayout bl, int n, int k, int width) {
        double[] piece = scratch(SCRATCH_B, Math.multiplyExact(k, width));
        int p = 0;
        if (bl.colStride() == 1) { // dense rows: copy each whole vector, spare lanes included
            for (int from = bl.at(0, 0); p < k && from + width <= b.length; p++, from += bl.rowStride()) {
                DoubleVector.fromArray(S, b, from).intoArray(piece, p * width);
                if (width == NR) {
                    DoubleVector.fromArray(S, b, from + V).intoArray(piece, p * width + V);
                }
            }
        }
        for (; p < k; p++) { // other layouts, and the last rows, which may end too near the array's end
            for (int j = 0; j < width; j++) {
                piece[p * width + j] = j < n ? b[bl.at(p, j)] : 0.0;
            }
        }
        return piece;
    }

    /** Rows per tile of the narrow path: eight for one vector's width, four for two. */
    private static int narrowTileRows(int n) {
        return n <= V ? 8 : 4;
    }

    /** Rows {@code 64·task ...} of a narrow product, a tile at a time through a small buffer. */
    private static void narrowRows(double[] a, MatrixLayout al, double[] piece, int width, double[] c,
                                   MatrixLayout cl, int m, int n, int k, int task) {
        int tileRows = narrowTileRows(n);
        double[] tile = new double[tileRows * width];
        int[] starts = new int[8];
        int end = Math.min(m, (task + 1) * MatmulPlan.NARROW_ROWS_PER_TASK);
        for (int row = task * MatmulPlan.NARROW_ROWS_PER_TASK; row < end; row += tileRows) {
            int rows = Math.min(tileRows, end - row);
            int top = row; // the tile's first row
            if (al.colStride() == 1) { // dense rows
                for (int r = 0; r < tileRows; r++) {
                    // a tile that hangs over the last row re-reads that row; its sums are dropped below
                    starts[r] = al.at(row + Math.min(r, rows - 1), 0);
                }
                if (width == V) {
                    kernelNarrow1(a, starts[0], starts[1], starts[2], starts[3], starts[4], starts[5], starts[6],
                            starts[7], piece, k, tile);
                } else {
                    kernelNarrow2(a, starts[0], starts[1], starts[2], starts[3], piece, k, tile);
                }
            } else { // dense columns (m >= tileRows): a tile that would hang over row m - 1 starts higher
                top = Math.min(row, m - tileRows); // rows above `row` are computed again, the same way, and not stored
                if (width == V) {
                    kernelNarrow1T(a, al.at(top, 0), al.colStride(), piece, k, tile);
                } else {
                    kernelNarrow2T(a, al.at(top, 0), al.colStride(), piece, k, tile);
                }
            }
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    c[cl.at(row + r, j)] = tile[(row - top + r) * width + j];
                }
            }
        }
    }

    /**
     * {@link #kernelNarrow1} for a transposed {@code A}: its eight rows' numbers of column
     * {@code p} lie side by side at {@code a[top + p·ld + r]}. The JIT checks that run of eight
     * once per {@code p}.
     */
    private static void kernelNarrow1T(double[] a, int top, int ld, double[] piece, int k, double[] tile) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector c4 = c0;
        DoubleVector c5 = c0;
        DoubleVector c6 = c0;
        DoubleVector c7 = c0;
        for (int p = 0, at = top; p < k; p++, at += ld) {
            DoubleVector bp = DoubleVector.fromArray(S, piece, p * V);
            c0 = DoubleVector.broadcast(S, a[at]).fma(bp, c0);
            c1 = DoubleVector.broadcast(S, a[at + 1]).fma(bp, c1);
            c2 = DoubleVector.broadcast(S, a[at + 2]).fma(bp, c2);
            c3 = DoubleVector.broadcast(S, a[at + 3]).fma(bp, c3);
            c4 = DoubleVector.broadcast(S, a[at + 4]).fma(bp, c4);
            c5 = DoubleVector.broadcast(S, a[at + 5]).fma(bp, c5);
            c6 = DoubleVector.broadcast(S, a[at + 6]).fma(bp, c6);
            c7 = DoubleVector.broadcast(S, a[at + 7]).fma(bp, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, V);
        c2.intoArray(tile, 2 * V);
        c3.intoArray(tile, 3 * V);
        c4.intoArray(tile, 4 * V);
        c5.intoArray(tile, 5 * V);
        c6.intoArray(tile, 6 * V);
        c7.intoArray(tile, 7 * V);
    }

    /** {@link #kernelNarrow2} for a transposed {@code A}, as {@link #kernelNarrow1T}. */
    private static void kernelNarrow2T(double[] a, int top, int ld, double[] piece, int k, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int p = 0, at = top; p < k; p++, at += ld) {
            DoubleVector b0 = DoubleVector.fromArray(S, piece, p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, piece, p * NR + V);
            DoubleVector ar = DoubleVector.broadcast(S, a[at]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(S, a[at + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(S, a[at + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(S, a[at + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
    }

    /**
     * The narrow micro-kernel one vector wide: {@code tile[r·V + j] = Σ_p A[r][p]·B[p][j]} for
     * eight rows of {@code A} that start at {@code a0 ... a7} and step by one. Each index is a
     * start that does not change in the loop plus {@code p} itself, so the JIT proves all of them
     * in bounds before the loop, as it does for the packed kernels.
     */
    private static void kernelNarrow1(double[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7,
                                      double[] piece, int k, double[] tile) {
        DoubleVector c0 = DoubleVector.zero(S);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector c4 = c0;
        DoubleVector c5 = c0;
        DoubleVector c6 = c0;
        DoubleVector c7 = c0;
        for (int p = 0; p < k; p++) {
            DoubleVector bp = DoubleVector.fromArray(S, piece, p * V);
            c0 = DoubleVector.broadcast(S, a[a0 + p]).fma(bp, c0);
            c1 = DoubleVector.broadcast(S, a[a1 + p]).fma(bp, c1);
            c2 = DoubleVector.broadcast(S, a[a2 + p]).fma(bp, c2);
            c3 = DoubleVector.broadcast(S, a[a3 + p]).fma(bp, c3);
            c4 = DoubleVector.broadcast(S, a[a4 + p]).fma(bp, c4);
            c5 = DoubleVector.broadcast(S, a[a5 + p]).fma(bp, c5);
            c6 = DoubleVector.broadcast(S, a[a6 + p]).fma(bp, c6);
            c7 = DoubleVector.broadcast(S, a[a7 + p]).fma(bp, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, V);
        c2.intoArray(tile, 2 * V);
        c3.intoArray(tile, 3 * V);
        c4.intoArray(tile, 4 * V);
        c5.intoArray(tile, 5 * V);
        c6.intoArray(tile, 6 * V);
        c7.intoArray(tile, 7 * V);
    }

    /** The narrow micro-kernel two vectors wide, for four rows: {@code tile[r·NR + j]}. */
    private static void kernelNarrow2(double[] a, int a0, int a1, int a2, int a3, double[] piece, int k,
                                      double[] tile) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int p = 0; p < k; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, piece, p * NR);
            DoubleVector b1 = DoubleVector.fromArray(S, piece, p * NR + V);
            DoubleVector ar = DoubleVector.broadcast(S, a[a0 + p]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(S, a[a1 + p]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(S, a[a2 + p]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(S, a[a3 + p]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
    }

    /** A scratch array of at least {@code size} elements owned by the calling thread. */
    private static double[] scratch(ThreadLocal<double[]> kept, int size) {
        if (size > KEEP_SCRATCH) {
            return new double[size]; // too big to keep alive between calls
        }
        double[] mine = kept.get();
        if (mine.length < size) {
            mine = new double[size];
            kept.set(mine);
        }
        return mine;
    }

    private static void zero(double[] c, MatrixLayout cl, int m, int n) {
        for (int i = 0; i < m; i++) {
            DoubleKernels.fill(c, cl.at(i, 0), cl.colStride(), n, 0.0);
        }
    }

    /** Plain loops for tiny products, where packing would cost more than it saves. */
    static void multiplySmall(double[] a, MatrixLayout al, double[] b, MatrixLayout bl,
                              double[] c, MatrixLayout cl, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[al.at(i, p)];
                for (int j = 0, bAt = bl.at(p, 0), cAt = cl.at(i, 0); j < n;
                     j++, bAt += bl.colStride(), cAt += cl.colStride()) {
                    c[cAt] = Math.fma(aip, b[bAt], c[cAt]);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------- packing

    /**
     * Copies steps {@code pc ... pc+kc-1} of columns {@code col0 ... col0+NR-1} of {@code B} into
     * {@code piece}, so that the {@code NR} numbers the kernel loads at step {@code p} are
     * contiguous: {@code piece[p·NR + j] = B[pc + p][col0 + j]}. Columns past {@code n} become zeros.
     */
    private static void packBPiece(double[] b, MatrixLayout bl, int n, int pc, int kc, int col0, double[] piece) {
        int cols = Math.min(NR, n - col0);
        if (bl.colStride() == 1 && cols == NR) { // the usual case: two vectors per step, copied as vectors
            for (int p = 0, from = bl.at(pc, col0); p < kc; p++, from += bl.rowStride()) {
                DoubleVector.fromArray(S, b, from).intoArray(piece, p * NR);
                DoubleVector.fromArray(S, b, from + V).intoArray(piece, p * NR + V);
            }
        } else if (Math.abs(bl.colStride()) <= Math.abs(bl.rowStride())) { // rows are dense: copy row pieces
            for (int p = 0; p < kc; p++) {
                int from = bl.at(pc + p, col0);
                for (int j = 0; j < cols; j++) {
                    piece[p * NR + j] = b[from + j * bl.colStride()];
                }
                for (int j = cols; j < NR; j++) {
                    piece[p * NR + j] = 0.0;
                }
            }
        } else { // columns are dense (e.g. Bᵀ in a backward pass): read down them
            for (int j = 0; j < NR; j++) {
                if (j < cols && bl.rowStride() == 1) { // contiguous: index start + p, checked once
                    int from = bl.at(pc, col0 + j);
                    for (int p = 0; p < kc; p++) {
                        piece[p * NR + j] = b[from + p];
                    }
                } else if (j < cols) {
                    for (int p = 0, from = bl.at(pc, col0 + j); p < kc; p++, from += bl.rowStride()) {
                        piece[p * NR + j] = b[from];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        piece[p * NR + j] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Copies rows {@code mr·panel ...} of {@code A} so that the {@code mr} numbers the kernel
     * broadcasts at step {@code p} are contiguous: {@code pa[(panel·k + p)·mr + r] = A[mr·panel + r][p]}.
     * Rows past {@code m} become zeros (their sums are computed and dropped at the edge).
     */
    private static void packAPanel(double[] a, MatrixLayout al, int m, int k, int mr, int panel, double[] pa) {
        int base = panel * k * mr;
        int row0 = panel * mr;
        int rows = Math.min(mr, m - row0);
        if (al.rowStride() == 1 && rows == mr) { // columns are dense (e.g. Xᵀ in a weight gradient)
            // each step's mr numbers lie side by side; a copy of constant length is compiled into
            // plain loads and stores, without a call and with one bounds check per copy
            for (int p = 0; p < k; p++) {
                if (mr == 8) {
                    System.arraycopy(a, al.at(row0, p), pa, base + p * 8, 8);
                } else {
                    System.arraycopy(a, al.at(row0, p), pa, base + p * 4, 4);
                }
            }
        } else if (al.colStride() == 1 && rows == mr) { // rows are dense, the usual case: read along each row
            // with the panel height a constant, both indices are constant + constant·p, so the JIT
            // checks bounds once before each loop instead of at every element
            for (int r = 0; r < mr; r++) {
                int from = al.at(row0 + r, 0);
                if (mr == 8) {
                    for (int p = 0; p < k; p++) {
                        pa[base + r + 8 * p] = a[from + p];
                    }
                } else {
                    for (int p = 0; p < k; p++) {
                        pa[base + r + 4 * p] = a[from + p];
                    }
                }
            }
        } else if (Math.abs(al.colStride()) <= Math.abs(al.rowStride())) { // rows are dense, strided
            for (int r = 0; r < rows; r++) {
                for (int p = 0, from = al.at(row0 + r, 0); p < k; p++, from += al.colStride()) {
                    pa[base + p * mr + r] = a[from];
                }
            }
        } else { // columns are dense, but not contiguous: each step's rows lie a stride apart
            for (int p = 0; p < k; p++) {
                for (int r = 0, from = al.at(row0, p); r < rows; r++, from += al.rowStride()) {
                    pa[base + p * mr + r] = a[from];
                }
            }
        }
        for (int r = rows; r < mr; r++) {
            for (int p = 0; p < k; p++) {
                pa[base + p * mr + r] = 0.0;
            }
        }
    }

    // ---------------------------------------------------------------------------------- compute

    /**
     * Computes block {@code block} of {@code C}: for each k-block, for each column panel of the
     * block, pack that piece of {@code B} ({@code KC × NR} numbers, which stay in L1), then run the
     * kernel against each A panel of the block. Full tiles are written in place; tiles that hang
     * over the edge of {@code C} (or a {@code C} whose rows are not dense) go through the small
     * {@code edge} buffer.
     */
    private static void computeBlock(MatmulPlan plan, int block, double[] pa, double[] b, MatrixLayout bl,
                                     double[] c, MatrixLayout cl) {
        int rowBlock = block / plan.colBlocks;
        int colBlock = block % plan.colBlocks;
        int k = plan.k;
        int mr = plan.mr;
        double[] piece = scratch(SCRATCH_B, plan.packedBPieceSize());
        double[] edge = new double[mr * NR];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean first = pc == 0; // the first k-block starts from zero instead of reading C
            for (int jp = plan.firstColPanel(colBlock); jp < plan.endColPanel(colBlock); jp++) {
                int col = jp * NR;
                int cols = Math.min(NR, plan.n - col);
                packBPiece(b, bl, plan.n, pc, kc, col, piece);
                for (int ip = plan.firstRowPanel(rowBlock); ip < plan.endRowPanel(rowBlock); ip++) {
                    int row = ip * mr;
                    int rows = Math.min(mr, plan.m - row);
                    int aAt = (ip * k + pc) * mr;
                    if (rows == mr && cols == NR && cl.colStride() == 1) {
                        kernel(mr, pa, aAt, piece, 0, kc, first, c, cl.at(row, col), cl.rowStride());
                    } else {
                        for (int r = 0; r < rows && !first; r++) {
                            for (int j = 0; j < cols; j++) {
                                edge[r * NR + j] = c[cl.at(row + r, col + j)];
                            }
                        }
                        kernel(mr, pa, aAt, piece, 0, kc, first, edge, 0, NR);
                        for (int r = 0; r < rows; r++) {
                            for (int j = 0; j < cols; j++) {
                                c[cl.at(row + r, col + j)] = edge[r * NR + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The micro-kernel for tiles of {@code mr} rows. */
    private static void kernel(int mr, double[] pa, int aAt, double[] pb, int bAt, int kc,
                               boolean first, double[] c, int cAt, int ldc) {
        if (mr == 8) {
            kernel8(pa, aAt, pb, bAt, kc, first, c, cAt, ldc);
        } else {
            kernel4(pa, aAt, pb, bAt, kc, first, c, cAt, ldc);
        }
    }

    /**
     * The four-row micro-kernel, for machines with 16 vector registers: adds
     * {@code Σ_p A[r][p]·B[p][j]} over one k-block to the {@code 4 × NR} tile of {@code c} at
     * {@code cAt} (row stride {@code ldc}), one FMA per {@code p}. Written out by hand, because the
     * eight accumulators must be plain local variables for the JIT to keep them in registers.
     *
     * <p>Each pass of the loop does two steps. One step is only 8 FMAs, and the loop's own work
     * (the index arithmetic, the counter, the branch) then takes about as many instruction slots as
     * the FMAs; two steps per pass halve that share. Measured on one core with AVX2 code
     * ({@code -XX:UseAVX=2}, F32, {@code [256, 784] @ [784, 512]}), three runs each, interleaved:
     * 67-79 GFLOP/s with one step per pass, 84-88 with two. The eight-row kernel's 16 FMAs per step
     * hide the loop's work already (unrolled, it measured 128-136 instead of 138-147).
     *
     * <p>The loop counts pairs ({@code q}), not steps. Written as {@code for (; p + 1 < kc; p += 2)}
     * it compiled with every bounds check and a safepoint poll left in the loop (the JIT did not
     * treat it as a counted loop): 71-77 GFLOP/s against 76-87 for this form, three runs each,
     * interleaved, {@code [256, 784] @ [784, 512]} with AVX2 code.
     */
    private static void kernel4(double[] pa, int aAt, double[] pb, int bAt, int kc,
                                boolean first, double[] c, int cAt, int ldc) {
        int c1 = cAt + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector c00 = first ? zero : DoubleVector.fromArray(S, c, cAt);
        DoubleVector c01 = first ? zero : DoubleVector.fromArray(S, c, cAt + V);
        DoubleVector c10 = first ? zero : DoubleVector.fromArray(S, c, c1);
        DoubleVector c11 = first ? zero : DoubleVector.fromArray(S, c, c1 + V);
        DoubleVector c20 = first ? zero : DoubleVector.fromArray(S, c, c2);
        DoubleVector c21 = first ? zero : DoubleVector.fromArray(S, c, c2 + V);
        DoubleVector c30 = first ? zero : DoubleVector.fromArray(S, c, c3);
        DoubleVector c31 = first ? zero : DoubleVector.fromArray(S, c, c3 + V);
        int pairs = kc / 2;
        for (int q = 0; q < pairs; q++) { // steps 2q and 2q + 1; every index is a constant plus a constant times q
            int bp = bAt + q * 2 * NR;
            int ap = aAt + q * 8;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bp + V);
            DoubleVector ar = DoubleVector.broadcast(S, pa[ap]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(S, pa[ap + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(S, pa[ap + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(S, pa[ap + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            b0 = DoubleVector.fromArray(S, pb, bp + NR); // step p + 1
            b1 = DoubleVector.fromArray(S, pb, bp + NR + V);
            ar = DoubleVector.broadcast(S, pa[ap + 4]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(S, pa[ap + 5]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(S, pa[ap + 6]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(S, pa[ap + 7]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
        }
        if (kc % 2 == 1) { // an odd depth leaves one step
            int bp = bAt + (kc - 1) * NR;
            int ap = aAt + (kc - 1) * 4;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bp + V);
            DoubleVector ar = DoubleVector.broadcast(S, pa[ap]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(S, pa[ap + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(S, pa[ap + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(S, pa[ap + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + V);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + V);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + V);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + V);
    }

    /**
     * The eight-row micro-kernel, for machines with 32 vector registers: the same as
     * {@link #kernel4} for a tile twice as tall, sixteen accumulators. Each step's two {@code B}
     * vectors now serve eight rows, so a step does 16 FMAs for 10 loads instead of 8 for 6.
     */
    private static void kernel8(double[] pa, int aAt, double[] pb, int bAt, int kc,
                                boolean first, double[] c, int cAt, int ldc) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector c00 = first ? zero : DoubleVector.fromArray(S, c, cAt);
        DoubleVector c01 = first ? zero : DoubleVector.fromArray(S, c, cAt + V);
        DoubleVector c10 = first ? zero : DoubleVector.fromArray(S, c, cAt + 1 * ldc);
        DoubleVector c11 = first ? zero : DoubleVector.fromArray(S, c, cAt + 1 * ldc + V);
        DoubleVector c20 = first ? zero : DoubleVector.fromArray(S, c, cAt + 2 * ldc);
        DoubleVector c21 = first ? zero : DoubleVector.fromArray(S, c, cAt + 2 * ldc + V);
        DoubleVector c30 = first ? zero : DoubleVector.fromArray(S, c, cAt + 3 * ldc);
        DoubleVector c31 = first ? zero : DoubleVector.fromArray(S, c, cAt + 3 * ldc + V);
        DoubleVector c40 = first ? zero : DoubleVector.fromArray(S, c, cAt + 4 * ldc);
        DoubleVector c41 = first ? zero : DoubleVector.fromArray(S, c, cAt + 4 * ldc + V);
        DoubleVector c50 = first ? zero : DoubleVector.fromArray(S, c, cAt + 5 * ldc);
        DoubleVector c51 = first ? zero : DoubleVector.fromArray(S, c, cAt + 5 * ldc + V);
        DoubleVector c60 = first ? zero : DoubleVector.fromArray(S, c, cAt + 6 * ldc);
        DoubleVector c61 = first ? zero : DoubleVector.fromArray(S, c, cAt + 6 * ldc + V);
        DoubleVector c70 = first ? zero : DoubleVector.fromArray(S, c, cAt + 7 * ldc);
        DoubleVector c71 = first ? zero : DoubleVector.fromArray(S, c, cAt + 7 * ldc + V);
        for (int p = 0; p < kc; p++) { // every index is a constant plus a constant times p
            int bp = bAt + p * NR;
            int ap = aAt + p * 8;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bp + V);
            DoubleVector ar = DoubleVector.broadcast(S, pa[ap]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(S, pa[ap + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(S, pa[ap + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(S, pa[ap + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = DoubleVector.broadcast(S, pa[ap + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            ar = DoubleVector.broadcast(S, pa[ap + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
            ar = DoubleVector.broadcast(S, pa[ap + 6]);
            c60 = ar.fma(b0, c60);
            c61 = ar.fma(b1, c61);
            ar = DoubleVector.broadcast(S, pa[ap + 7]);
            c70 = ar.fma(b0, c70);
            c71 = ar.fma(b1, c71);
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + V);
        c10.intoArray(c, cAt + 1 * ldc);
        c11.intoArray(c, cAt + 1 * ldc + V);
        c20.intoArray(c, cAt + 2 * ldc);
        c21.intoArray(c, cAt + 2 * ldc + V);
        c30.intoArray(c, cAt + 3 * ldc);
        c31.intoArray(c, cAt + 3 * ldc + V);
        c40.intoArray(c, cAt + 4 * ldc);
        c41.intoArray(c, cAt + 4 * ldc + V);
        c50.intoArray(c, cAt + 5 * ldc);
        c51.intoArray(c, cAt + 5 * ldc + V);
        c60.intoArray(c, cAt + 6 * ldc);
        c61.intoArray(c, cAt + 6 * ldc + V);
        c70.intoArray(c, cAt + 7 * ldc);
        c71.intoArray(c, cAt + 7 * ldc + V);
    }
}
