package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.View;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Reductions along one dim of a contiguous block.
 *
 * <p>A contiguous tensor reduced along dim {@code d} is, in memory, a stack of {@code outer}
 * matrices of {@code length × inner} numbers: {@code outer} is the product of the sizes before
 * {@code d}, {@code length} the size of {@code d}, {@code inner} the product of the sizes after.
 * Two cases then cover everything:
 * <ul>
 *   <li>{@code inner == 1} (the last dim): each output is the reduction of {@code length}
 *       consecutive numbers — a row sum. For F64 sums of a whole array this is EJML's
 *       {@code CommonOps_DDRM.sumRows} on the {@code outer × length} matrix.</li>
 *   <li>otherwise: each output row of {@code inner} numbers accumulates the {@code length} rows
 *       of its block, one whole row at a time, so the inner loop runs over consecutive numbers
 *       (the same lesson as the naive matmul's i-k-j order). For F64 sums over the first dim this
 *       is EJML's {@code CommonOps_DDRM.sumCols}.</li>
 * </ul>
 * A non-contiguous input (transposed, broadcast, a window) is first copied into a compact array:
 * one extra pass over memory buys cache-friendly loops.
 *
 * <p>Max and min use {@code Math.max}/{@code Math.min}, exactly as the op's definition, so a NaN
 * anywhere in a line makes its result NaN (EJML's own element max skips NaN, which is why it is not
 * used). F32 reductions accumulate in double and round once at the end, as the reference does:
 * EJML's F32 sums accumulate in float and lose digits over long lines, for no gain in speed.
 */
final class Reductions {
    private Reductions() {
    }

    static void reduce(EjmlBackend backend, ReduceOp op, View in, int dim, View out) {
        if (out.size() == 0) {
            return;
        }
        View source = in.isContiguous() ? in : backend.compact(in);
        int[] shape = source.shape();
        int outer = 1;
        for (int d = 0; d < dim; d++) {
            outer *= shape[d];
        }
        int length = shape[dim];
        int inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        double[] x64 = Elementwise.f64(source.storage());
        double[] y64 = Elementwise.f64(out.storage());
        if (x64 != null) {
            reduceF64(op, x64, source.offset(), outer, length, inner, y64, out.offset());
        } else {
            reduceF32(op, Elementwise.f32(source.storage()), source.offset(), outer, length, inner,
                    Elementwise.f32(out.storage()), out.offset());
        }
    }

    private static void reduceF64(ReduceOp op, double[] x, int xOffset, int outer, int length, int inner,
                                  double[] y, int yOffset) {
        boolean wholeArrays = xOffset == 0 && yOffset == 0 && length > 0;
        if (op == ReduceOp.SUM && wholeArrays && inner == 1) {
            CommonOps_DDRM.sumRows(DMatrixRMaj.wrap(outer, length, x), DMatrixRMaj.wrap(outer, 1, y));
            return;
        }
        if (op == ReduceOp.SUM && wholeArrays && outer == 1) {
            CommonOps_DDRM.sumCols(DMatrixRMaj.wrap(length, inner, x), DMatrixRMaj.wrap(1, inner, y));
            return;
        }
        for (int o = 0; o < outer; o++) {
            int block = xOffset + o * length * inner;
            if (inner == 1) {
                y[yOffset + o] = line(op, x, block, length);
            } else {
                int row = yOffset + o * inner;
                java.util.Arrays.fill(y, row, row + inner, op.identity());
                for (int p = 0; p < length; p++) {
                    accumulate(op, x, block + p * inner, y, row, inner);
                }
            }
        }
    }

    private static void reduceF32(ReduceOp op, float[] x, int xOffset, int outer, int length, int inner,
                                  float[] y, int yOffset) {
        double[] accumulator = new double[inner]; // double, so a long float sum keeps its digits
        for (int o = 0; o < outer; o++) {
            int block = xOffset + o * length * inner;
            if (inner == 1) {
                y[yOffset + o] = (float) line(op, x, block, length);
            } else {
                java.util.Arrays.fill(accumulator, op.identity());
                for (int p = 0; p < length; p++) {
                    accumulate(op, x, block + p * inner, accumulator, inner);
                }
                for (int j = 0; j < inner; j++) {
                    y[yOffset + o * inner + j] = (float) accumulator[j];
                }
            }
        }
    }

    /** The reduction of {@code x[from], ..., x[from + n - 1]}. */
    private static double line(ReduceOp op, double[] x, int from, int n) {
        double acc = op.identity();
        switch (op) {
            case SUM:
                for (int i = 0; i < n; i++) {
                    acc += x[from + i];
                }
                return acc;
            case MAX:
                for (int i = 0; i < n; i++) {
                    acc = Math.max(acc, x[from + i]);
                }
                return acc;
            case MIN:
                for (int i = 0; i < n; i++) {
                    acc = Math.min(acc, x[from + i]);
                }
                return acc;
            default:
                for (int i = 0; i < n; i++) {
                    acc = op.combine(acc, x[from + i]);
                }
                return acc;
        }
    }

    /** The reduction of {@code x[from], ..., x[from + n - 1]}, accumulated in double. */
    private static double line(ReduceOp op, float[] x, int from, int n) {
        double acc = op.identity();
        switch (op) {
            case SUM:
                for (int i = 0; i < n; i++) {
                    acc += x[from + i];
                }
                return acc;
            case MAX:
                for (int i = 0; i < n; i++) {
                    acc = Math.max(acc, x[from + i]);
                }
                return acc;
            case MIN:
                for (int i = 0; i < n; i++) {
                    acc = Math.min(acc, x[from + i]);
                }
                return acc;
            default:
                for (int i = 0; i < n; i++) {
                    acc = op.combine(acc, x[from + i]);
                }
                return acc;
        }
    }

    /** {@code acc[a + j] = op(acc[a + j], x[from + j])} for {@code j < n}: folds one row in. */
    private static void accumulate(ReduceOp op, double[] x, int from, double[] acc, int a, int n) {
        switch (op) {
            case SUM:
                for (int j = 0; j < n; j++) {
                    acc[a + j] += x[from + j];
                }
                break;
            case MAX:
                for (int j = 0; j < n; j++) {
                    acc[a + j] = Math.max(acc[a + j], x[from + j]);
                }
                break;
            case MIN:
                for (int j = 0; j < n; j++) {
                    acc[a + j] = Math.min(acc[a + j], x[from + j]);
                }
                break;
            default:
                for (int j = 0; j < n; j++) {
                    acc[a + j] = op.combine(acc[a + j], x[from + j]);
                }
        }
    }

    /** {@code acc[j] = op(acc[j], x[from + j])} for {@code j < n}, widening each float. */
    private static void accumulate(ReduceOp op, float[] x, int from, double[] acc, int n) {
        switch (op) {
            case SUM:
                for (int j = 0; j < n; j++) {
                    acc[j] += x[from + j];
                }
                break;
            case MAX:
                for (int j = 0; j < n; j++) {
                    acc[j] = Math.max(acc[j], x[from + j]);
                }
                break;
            case MIN:
                for (int j = 0; j < n; j++) {
                    acc[j] = Math.min(acc[j], x[from + j]);
                }
                break;
            default:
                for (int j = 0; j < n; j++) {
                    acc[j] = op.combine(acc[j], x[from + j]);
                }
        }
    }
}
