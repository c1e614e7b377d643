package dev.gradbook.backends.simd;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Element-wise kernels on {@code float[]} rows, the F32 twin of {@link DoubleKernels} (Java
 * generics cannot abstract over primitive vectors, so the two are kept line for line parallel).
 *
 * <p>Every method works on one <em>row</em>: a start position and a stride per operand, as
 * {@link RowWalk} hands them out. A row whose operands are all dense (stride 1), or dense with one
 * broadcast operand (stride 0), runs through {@link FloatVector}s of the machine's preferred width;
 * any other row runs a plain strided loop over the op's own scalar definition
 * ({@link UnaryOp#apply}), exactly like the naive backend.
 *
 * <p>Which ops are vectorised, and why the others are not:
 * <ul>
 *   <li>Vectorised: IDENTITY, NEG, ABS, SQRT, RELU, STEP, SIGN; ADD, SUB, MUL, DIV, MAX, MIN and the
 *       comparisons. Each is exactly rounded (or exact) in IEEE arithmetic, so the vector result is
 *       bit-for-bit the naive one: a {@code float} sum is the same whether computed in a vector lane
 *       or as the naive backend's {@code (float) ((double) a + b)}.</li>
 *   <li>Scalar loops over {@code java.lang.Math}: EXP, LOG, TANH, SIGMOID and POW. The Vector API
 *       has lane-wise {@code EXP}/{@code LOG}/{@code TANH}, about 20x faster here, but their last
 *       bit depends on whether the JIT has compiled the loop yet (compiled code calls a vector math
 *       library, interpreted code calls {@code Math} lane by lane; we measured 1-2 ulp apart). A
 *       training run would then not repeat itself bit for bit. {@code Math.exp} gives the same bits
 *       in every tier, so the scalar loop keeps results reproducible and equal to the naive
 *       backend's.</li>
 * </ul>
 *
 * <p>Reductions never use {@code reduceLanes(ADD)}: its order of additions is up to the
 * implementation (and differs between compiled and interpreted code). Lane partial sums are
 * instead written out and added in a fixed order.
 */
final class FloatKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();

    /** Elements summed in float lanes before the partial sum is added to a double total. */
    private static final int SUM_BLOCK = 1024;

    private FloatKernels() {
    }

    // ---------------------------------------------------------------------------------- map

    /** {@code y[i] = op(x[i])} for {@code i < n}, positions {@code xo + i*xs} and {@code yo + i*ys}. */
    static void map(UnaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, int n) {
        if (xs == 0) { // one input value for the whole row: compute it once
            fill(y, yo, ys, n, (float) op.apply(x[xo]));
        } else if (xs == 1 && ys == 1 && op == UnaryOp.IDENTITY) {
            System.arraycopy(x, xo, y, yo, n);
        } else if (xs == 1 && ys == 1 && isVectorised(op)) {
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = (float) op.apply(x[xo + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i * ys] = (float) op.apply(x[xo + i * xs]);
            }
        }
    }

    /** True if {@link #apply(UnaryOp, FloatVector)} has a vector form of {@code op}. */
    static boolean isVectorised(UnaryOp op) {
        switch (op) {
            case EXP: case LOG: case TANH: case SIGMOID:
                return false; // see the class comment: reproducibility over speed
            default:
                return true;
        }
    }

    private static FloatVector apply(UnaryOp op, FloatVector x) {
        FloatVector zero = FloatVector.zero(S);
        switch (op) {
            case IDENTITY:
                return x;
            case NEG:
                return x.neg();
            case ABS:
                return x.abs();
            case SQRT:
                return x.sqrt();
            case RELU: // x > 0 ? x : 0, so NaN and -0.0 give +0.0 like the scalar definition
                return zero.blend(x, x.compare(VectorOperators.GT, 0f));
            case STEP:
                return zero.blend(1f, x.compare(VectorOperators.GT, 0f));
            case SIGN: // Math.signum: ±1 where x is nonzero, x itself (±0, NaN) otherwise
                return x.blend(1f, x.compare(VectorOperators.GT, 0f))
                        .blend(-1f, x.compare(VectorOperators.LT, 0f));
            default:
                throw new AssertionError("no vector form of " + op);
        }
    }

    // ---------------------------------------------------------------------------------- zip

    /** {@code y[i] = op(a[i], b[i])} along one row; a stride of 0 broadcasts that operand. */
    static void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
                    float[] y, int yo, int ys, int n) {
        if (as == 0 && bs == 0) {
            fill(y, yo, ys, n, (float) op.apply(a[ao], b[bo]));
            return;
        }
        boolean vector = ys == 1 && op != BinaryOp.POW;
        int i = 0;
        if (vector && as == 1 && bs == 1) {
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i))
                        .intoArray(y, yo + i);
            }
        } else if (vector && as == 1 && bs == 0) { // e.g. x * 0.5, or each row minus its max
            FloatVector bb = FloatVector.broadcast(S, b[bo]);
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, FloatVector.fromArray(S, a, ao + i), bb).intoArray(y, yo + i);
            }
        } else if (vector && as == 0 && bs == 1) {
            FloatVector aa = FloatVector.broadcast(S, a[ao]);
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, aa, FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) { // the tail of a vector loop, or the whole of a strided row
            y[yo + i * ys] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        switch (op) {
            case ADD:
                return a.add(b);
            case SUB:
                return a.sub(b);
            case MUL:
                return a.mul(b);
            case DIV:
                return a.div(b);
            case MAX:
                return a.max(b); // Math.max semantics: NaN wins, max(-0.0, 0.0) = 0.0
            case MIN:
                return a.min(b);
            case EQ:
                return isTrue(a.compare(VectorOperators.EQ, b));
            case LT:
                return isTrue(a.compare(VectorOperators.LT, b));
            case LE:
                return isTrue(a.compare(VectorOperators.LE, b));
            case GT:
                return isTrue(a.compare(VectorOperators.GT, b));
            case GE:
                return isTrue(a.compare(VectorOperators.GE, b));
            default:
                throw new AssertionError("no vector form of " + op);
        }
    }

    /** A comparison's mask as numbers: 1 where true, 0 where false (NaN compares false). */
    private static FloatVector isTrue(VectorMask<Float> mask) {
        return FloatVector.zero(S).blend(1f, mask);
    }

    // ---------------------------------------------------------------------------------- reduce

    /**
     * The reduction of the {@code n} elements at {@code xo, xo + xs, ...}, returned as a double.
     * A dense line is folded in float vector lanes, block by block, and each block's partial
     * result is added to a double total in a fixed order: the lanes keep it fast, the blocks keep
     * the rounding error of a long sum close to that of a short one. A strided line is folded in
     * double, like the naive backend does.
     */
    static double reduceLine(ReduceOp op, float[] x, int xo, int xs, int n, float[] lanes) {
        if (xs != 1 || n < V) {
            double acc = op.identity();
            for (int i = 0; i < n; i++) {
                acc = op.combine(acc, x[xo + i * xs]);
            }
            return acc;
        }
        if (op != ReduceOp.SUM) { // max and min do not round: any grouping gives the same answer
            FloatVector acc = FloatVector.broadcast(S, (float) op.identity());
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += V) {
                acc = combine(op, acc, FloatVector.fromArray(S, x, xo + i));
            }
            double result = acc.reduceLanes(op == ReduceOp.MAX ? VectorOperators.MAX : VectorOperators.MIN);
            for (; i < n; i++) {
                result = op.combine(result, x[xo + i]);
            }
            return result;
        }
        double total = 0.0;
        int i = 0;
        int bound = S.loopBound(n);
        while (i < bound) {
            int blockEnd = Math.min(bound, i + SUM_BLOCK);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            for (; i + 2 * V <= blockEnd; i += 2 * V) { // two accumulators hide the add latency
                s0 = s0.add(FloatVector.fromArray(S, x, xo + i));
                s1 = s1.add(FloatVector.fromArray(S, x, xo + i + V));
            }
            if (i < blockEnd) {
                s0 = s0.add(FloatVector.fromArray(S, x, xo + i));
                i += V;
            }
            s0.add(s1).intoArray(lanes, 0);
            float block = 0f;
            for (int l = 0; l < V; l++) {
                block += lanes[l];
            }
            total += block;
        }
        for (; i < n; i++) {
            total += x[xo + i];
        }
        return total;
    }

    /**
     * Column-wise reduction: {@code y[j] = op over l < lines of x[xo + l*lineStride + j]} for
     * {@code j < n}, where each line is dense. This is the layout of a bias gradient (the sum of a
     * {@code [batch, features]} gradient over the batch). Each output accumulates its column in
     * line order — the naive order — in float registers, four vectors of columns at a time, so
     * every input element is read once and every output written once.
     */
    static void reduceColumns(ReduceOp op, float[] x, int xo, int lineStride, int lines,
                              float[] y, int yo, int n) {
        float identity = (float) op.identity();
        int j = 0;
        for (; j + 4 * V <= n; j += 4 * V) {
            FloatVector c0 = FloatVector.broadcast(S, identity);
            FloatVector c1 = c0;
            FloatVector c2 = c0;
            FloatVector c3 = c0;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c0 = combine(op, c0, FloatVector.fromArray(S, x, at));
                c1 = combine(op, c1, FloatVector.fromArray(S, x, at + V));
                c2 = combine(op, c2, FloatVector.fromArray(S, x, at + 2 * V));
                c3 = combine(op, c3, FloatVector.fromArray(S, x, at + 3 * V));
            }
            c0.intoArray(y, yo + j);
            c1.intoArray(y, yo + j + V);
            c2.intoArray(y, yo + j + 2 * V);
            c3.intoArray(y, yo + j + 3 * V);
        }
        for (; j + V <= n; j += V) {
            FloatVector c = FloatVector.broadcast(S, identity);
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c = combine(op, c, FloatVector.fromArray(S, x, at));
            }
            c.intoArray(y, yo + j);
        }
        for (; j < n; j++) { // same float accumulation as a lane, so results do not depend on j
            float c = identity;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c = (float) op.combine(c, x[at]);
            }
            y[yo + j] = c;
        }
    }

    private static FloatVector combine(ReduceOp op, FloatVector acc, FloatVector x) {
        switch (op) {
            case SUM:
                return acc.add(x);
            case MAX:
                return acc.max(x);
            case MIN:
                return acc.min(x);
            default:
                throw new AssertionError("no vector form of " + op);
        }
    }

    // ---------------------------------------------------------------------------------- fill

    /** {@code y[yo + i*ys] = value} for {@code i < n}. */
    static void fill(float[] y, int yo, int ys, int n, float value) {
        if (ys == 1) {
            Arrays.fill(y, yo, yo + n, value);
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i * ys] = value;
            }
        }
    }
}
