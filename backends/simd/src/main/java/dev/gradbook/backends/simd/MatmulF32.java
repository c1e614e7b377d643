// Generated twin of MatmulF64.java: do not edit by hand.
// Edit MatmulF64.java, then regenerate this file from the repository root with
//     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java
// (TwinsTest fails while the two disagree; the substitution table is in Twins.java.)

package dev.gradbook.backends.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.gradbook.backends.simd.MatmulPlan.KC;
import static dev.gradbook.backends.simd.MatmulPlan.MR;

/**
 * The matrix product {@code C = A·B} on {@code float[]} storage: pack {@code B}, then run a
 * register-blocked micro-kernel; {@link MatmulPlan} explains the blocking.
 *
 * <p>The micro-kernel keeps a {@code 4 × 2}-vector tile of {@code C} (4 rows, {@code 2·V} columns,
 * {@code V} = lanes of the preferred vector) in eight accumulators. Each step {@code p} loads two
 * vectors of a packed {@code B} row, broadcasts one {@code A} number per row, and issues eight
 * fused multiply-adds: 8 FMAs for 6 loads, with the accumulators never leaving registers. Eight
 * independent accumulators are also what keeps both FMA units of a core busy despite each FMA
 * taking several cycles.
 *
 * <p><b>What is packed, and what is not.</b> {@code B} is copied into panels so that the two
 * vectors of each step are contiguous: read in place, the rows of an F32 {@code [784, 512]}
 * weight matrix lie 2 KB apart, and a k-block of them fights over the same few sets of the L1
 * cache (measured in F32: 60 instead of 81 GFLOP/s on one core at 512³). {@code A} is
 * <em>not</em> packed: the kernel reads its four numbers per step straight from {@code A}'s four
 * rows (or, for a transposed view, from one row of the original), given as four start positions
 * and one step, because a broadcast needs no alignment and four sequential streams are
 * cache-friendly. Packing {@code A} was a scalar scatter that took a tenth of a training step.
 *
 * <p>Kept simple on purpose. Measured in F32, side by side in one JVM on the 2-core AVX2 machine
 * this was first written on, none of these changed the speed of a whole product by more than the
 * noise (±5%): a {@code 6 × 2} kernel (12 accumulators), unrolling the {@code p} loop twice,
 * k-blocks of 128 or 512, and larger parallel blocks; storing {@code A} pre-broadcast (vector loads
 * instead of broadcasts) was 20-30% slower in a kernel-only test.
 *
 * <p>Every element of {@code C} starts at 0 (the first k-block starts its accumulators at zero
 * instead of reading {@code C}; the small path zeroes {@code C} first) and is updated by exactly one
 * FMA per {@code p}, in increasing {@code p} — whether it is computed by the vector kernel, through
 * the edge buffer, or by {@link #multiplySmall}. Hence the result is independent of blocking and of
 * threads, and equals the scalar chain {@code c = Math.fma(a[i][p], b[p][j], c)} bit for bit.
 */
final class MatmulF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** Columns of {@code C} per micro-tile: two vectors. */
    static final int NR = 2 * V;

    /** Packed panels are reused between calls on the same thread, up to this many elements. */
    private static final int KEEP_SCRATCH = 1 << 20;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private MatmulF32() {
    }

    /**
     * {@code c = a·b} for one {@code m×k} by {@code k×n} product in any layouts.
     *
     * @param pool splits large products over threads; {@code null} runs on the calling thread
     */
    static void multiply(float[] a, MatrixLayout al, float[] b, MatrixLayout bl,
                         float[] c, MatrixLayout cl, int m, int n, int k, WorkerPool pool) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || (long) m * n * k <= MatmulPlan.SMALL_MACS) {
            zero(c, cl, m, n); // the small loops accumulate into C; with k = 0, zeros are the answer
            multiplySmall(a, al, b, bl, c, cl, m, n, k);
            return;
        }
        MatmulPlan plan = new MatmulPlan(m, n, k, NR);
        float[] pb = scratch(plan.packedBSize());
        if (pool == null || pool.threads() == 1) {
            for (int colBlock = 0; colBlock < plan.colBlocks; colBlock++) {
                packB(plan, colBlock, b, bl, pb);
            }
            float[] edge = new float[MR * NR];
            for (int block = 0; block < plan.blocks(); block++) {
                computeBlock(plan, block, a, al, pb, c, cl, edge);
            }
        } else {
            pool.run(plan.colBlocks, colBlock -> packB(plan, colBlock, b, bl, pb));
            pool.run(plan.blocks(), block -> computeBlock(plan, block, a, al, pb, c, cl, new float[MR * NR]));
        }
    }

    /** A scratch array of at least {@code size} elements owned by the calling thread. */
    private static float[] scratch(int size) {
        if (size > KEEP_SCRATCH) {
            return new float[size]; // too big to keep alive between calls
        }
        float[] mine = SCRATCH.get();
        if (mine.length < size) {
            mine = new float[size];
            SCRATCH.set(mine);
        }
        return mine;
    }

    private static void zero(float[] c, MatrixLayout cl, int m, int n) {
        for (int i = 0; i < m; i++) {
            FloatKernels.fill(c, cl.at(i, 0), cl.colStride(), n, 0f);
        }
    }

    /** Plain loops for tiny products, where packing would cost more than it saves. */
    static void multiplySmall(float[] a, MatrixLayout al, float[] b, MatrixLayout bl,
                              float[] c, MatrixLayout cl, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float aip = a[al.at(i, p)];
                for (int j = 0, bAt = bl.at(p, 0), cAt = cl.at(i, 0); j < n;
                     j++, bAt += bl.colStride(), cAt += cl.colStride()) {
                    c[cAt] = Math.fma(aip, b[bAt], c[cAt]);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------- packing

    /** Packs the B panels of column block {@code colBlock}. */
    private static void packB(MatmulPlan plan, int colBlock, float[] b, MatrixLayout bl, float[] pb) {
        for (int panel = plan.firstColPanel(colBlock); panel < plan.endColPanel(colBlock); panel++) {
            packBPanel(b, bl, plan.n, plan.k, panel, pb);
        }
    }

    /**
     * Copies columns {@code NR·panel ...} of {@code B} so that the {@code NR} numbers the kernel
     * loads at step {@code p} are contiguous: {@code pb[(panel·k + p)·NR + j] = B[p][NR·panel + j]}.
     * Columns past {@code n} become zeros.
     */
    private static void packBPanel(float[] b, MatrixLayout bl, int n, int k, int panel, float[] pb) {
        int base = panel * k * NR;
        int col0 = panel * NR;
        int cols = Math.min(NR, n - col0);
        if (Math.abs(bl.colStride()) <= Math.abs(bl.rowStride())) { // rows are dense: copy row pieces
            for (int p = 0; p < k; p++) {
                int to = base + p * NR;
                int from = bl.at(p, col0);
                if (bl.colStride() == 1) {
                    System.arraycopy(b, from, pb, to, cols);
                } else {
                    for (int j = 0; j < cols; j++) {
                        pb[to + j] = b[from + j * bl.colStride()];
                    }
                }
                for (int j = cols; j < NR; j++) {
                    pb[to + j] = 0f;
                }
            }
        } else { // columns are dense (e.g. Bᵀ in a backward pass): read down them
            for (int j = 0; j < NR; j++) {
                if (j < cols) {
                    for (int p = 0, from = bl.at(0, col0 + j); p < k; p++, from += bl.rowStride()) {
                        pb[base + p * NR + j] = b[from];
                    }
                } else {
                    for (int p = 0; p < k; p++) {
                        pb[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------- compute

    /**
     * Computes block {@code block} of {@code C}: for each k-block, for each B panel of the block
     * (its {@code KC × NR} piece stays in L1), run the kernel against each group of four rows of
     * {@code A} in the block. Full tiles are written in place; tiles that hang over the edge of
     * {@code C} (or a {@code C} whose rows are not dense) go through the small {@code edge} buffer.
     * In a group that hangs over the last row of {@code A}, the missing rows re-read the last real
     * row: their sums land in the edge buffer and are dropped.
     */
    private static void computeBlock(MatmulPlan plan, int block, float[] a, MatrixLayout al, float[] pb,
                                     float[] c, MatrixLayout cl, float[] edge) {
        int rowBlock = block / plan.colBlocks;
        int colBlock = block % plan.colBlocks;
        int k = plan.k;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int jp = plan.firstColPanel(colBlock); jp < plan.endColPanel(colBlock); jp++) {
                int col = jp * NR;
                int cols = Math.min(NR, plan.n - col);
                int bAt = (jp * k + pc) * NR;
                for (int ip = plan.firstRowPanel(rowBlock); ip < plan.endRowPanel(rowBlock); ip++) {
                    int row = ip * MR;
                    int rows = Math.min(MR, plan.m - row);
                    int a0 = al.at(row, pc);
                    int a1 = al.at(row + Math.min(1, rows - 1), pc);
                    int a2 = al.at(row + Math.min(2, rows - 1), pc);
                    int a3 = al.at(row + Math.min(3, rows - 1), pc);
                    int as = al.colStride();
                    boolean first = pc == 0; // the first k-block starts from zero instead of reading C
                    if (rows == MR && cols == NR && cl.colStride() == 1) {
                        kernel(a, a0, a1, a2, a3, as, pb, bAt, kc, first, c, cl.at(row, col), cl.rowStride());
                    } else {
                        for (int r = 0; r < rows && !first; r++) {
                            for (int j = 0; j < cols; j++) {
                                edge[r * NR + j] = c[cl.at(row + r, col + j)];
                            }
                        }
                        kernel(a, a0, a1, a2, a3, as, pb, bAt, kc, first, edge, 0, NR);
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

    /**
     * The micro-kernel: adds {@code Σ_p A[r][p]·B[p][j]} over one k-block to the {@code 4 × NR}
     * tile of {@code c} at {@code cAt} (row stride {@code ldc}), one FMA per {@code p}. Written out
     * by hand, because the eight accumulators must be plain local variables for the JIT to keep
     * them in registers.
     */
    private static void kernel(float[] a, int a0, int a1, int a2, int a3, int as, float[] pb, int bAt, int kc,
                               boolean first, float[] c, int cAt, int ldc) {
        int c1 = cAt + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = first ? zero : FloatVector.fromArray(S, c, cAt);
        FloatVector c01 = first ? zero : FloatVector.fromArray(S, c, cAt + V);
        FloatVector c10 = first ? zero : FloatVector.fromArray(S, c, c1);
        FloatVector c11 = first ? zero : FloatVector.fromArray(S, c, c1 + V);
        FloatVector c20 = first ? zero : FloatVector.fromArray(S, c, c2);
        FloatVector c21 = first ? zero : FloatVector.fromArray(S, c, c2 + V);
        FloatVector c30 = first ? zero : FloatVector.fromArray(S, c, c3);
        FloatVector c31 = first ? zero : FloatVector.fromArray(S, c, c3 + V);
        for (int p = 0; p < kc; p++) {
            // indices computed from p (not bumped pointers) let the JIT drop the bounds checks on
            // the packed B; A's step is only known at run time, so its four loads keep theirs
            int bp = bAt + p * NR;
            int ap = p * as;
            FloatVector b0 = FloatVector.fromArray(S, pb, bp);
            FloatVector b1 = FloatVector.fromArray(S, pb, bp + V);
            FloatVector ar = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = FloatVector.broadcast(S, a[a3 + ap]);
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
}
