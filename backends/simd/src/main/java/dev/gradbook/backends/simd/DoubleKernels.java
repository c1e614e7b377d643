package dev.gradbook.backends.simd;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Element-wise kernels on {@code double[]} rows, the F64 twin of {@link FloatKernels} (Java
 * generics cannot abstract over primitive vectors, so the two are kept line for line parallel;
 * read that class for the reasoning, this one differs only in the element type).
 *
 * <p>Every method works on one <em>row</em>: a start position and a stride per operand, as
 * {@link RowWalk} hands them out. A row whose operands are all dense (stride 1), or dense with one
 * broadcast operand (stride 0), runs through {@link DoubleVector}s of the machine's preferred width;
 * any other row runs a plain strided loop over the op's own scalar definition
 * ({@link UnaryOp#apply}), exactly like the naive backend.
 *
 * <p>Which ops are vectorised, and why the others are not:
 * <ul>
 *   <li>Vectorised: IDENTITY, NEG, ABS, SQRT, RELU, STEP, SIGN; ADD, SUB, MUL, DIV, MAX, MIN and the
 *       comparisons. Each is exactly rounded (or exact) in IEEE arithmetic, so the vector result is
 *       bit-for-bit the naive one.</li>
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
final class DoubleKernels {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int V = S.length();

    private DoubleKernels() {
    }

    // ---------------------------------------------------------------------------------- map

    /** {@code y[i] = op(x[i])} for {@code i < n}, positions {@code xo + i*xs} and {@code yo + i*ys}. */
    static void map(UnaryOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, int n) {
        if (xs == 0) { // one input value for the whole row: compute it once
            fill(y, yo, ys, n, op.apply(x[xo]));
        } else if (xs == 1 && ys == 1 && op == UnaryOp.IDENTITY) {
            System.arraycopy(x, xo, y, yo, n);
        } else if (xs == 1 && ys == 1 && isVectorised(op)) {
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, DoubleVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = op.apply(x[xo + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i * ys] = op.apply(x[xo + i * xs]);
            }
        }
    }

    /** True if {@link #apply(UnaryOp, DoubleVector)} has a vector form of {@code op}. */
    static boolean isVectorised(UnaryOp op) {
        switch (op) {
            case EXP: case LOG: case TANH: case SIGMOID:
                return false; // see the class comment: reproducibility over speed
            default:
                return true;
        }
    }

    private static DoubleVector apply(UnaryOp op, DoubleVector x) {
        DoubleVector zero = DoubleVector.zero(S);
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
                return zero.blend(x, x.compare(VectorOperators.GT, 0.0));
            case STEP:
                return zero.blend(1.0, x.compare(VectorOperators.GT, 0.0));
            case SIGN: // Math.signum: ±1 where x is nonzero, x itself (±0, NaN) otherwise
                return x.blend(1.0, x.compare(VectorOperators.GT, 0.0))
                        .blend(-1.0, x.compare(VectorOperators.LT, 0.0));
            default:
                throw new AssertionError("no vector form of " + op);
        }
    }

    // ---------------------------------------------------------------------------------- zip

    /** {@code y[i] = op(a[i], b[i])} along one row; a stride of 0 broadcasts that operand. */
    static void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs,
                    double[] y, int yo, int ys, int n) {
        if (as == 0 && bs == 0) {
            fill(y, yo, ys, n, op.apply(a[ao], b[bo]));
            return;
        }
        boolean vector = ys == 1 && op != BinaryOp.POW;
        int i = 0;
        if (vector && as == 1 && bs == 1) {
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, DoubleVector.fromArray(S, a, ao + i), DoubleVector.fromArray(S, b, bo + i))
                        .intoArray(y, yo + i);
            }
        } else if (vector && as == 1 && bs == 0) { // e.g. x * 0.5, or each row minus its max
            DoubleVector bb = DoubleVector.broadcast(S, b[bo]);
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, DoubleVector.fromArray(S, a, ao + i), bb).intoArray(y, yo + i);
            }
        } else if (vector && as == 0 && bs == 1) {
            DoubleVector aa = DoubleVector.broadcast(S, a[ao]);
            for (int bound = S.loopBound(n); i < bound; i += V) {
                apply(op, aa, DoubleVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) { // the tail of a vector loop, or the whole of a strided row
            y[yo + i * ys] = op.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    private static DoubleVector apply(BinaryOp op, DoubleVector a, DoubleVector b) {
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
    private static DoubleVector isTrue(VectorMask<Double> mask) {
        return DoubleVector.zero(S).blend(1.0, mask);
    }

    // ---------------------------------------------------------------------------------- reduce

    /**
     * The reduction of the {@code n} elements at {@code xo, xo + xs, ...}. A dense line is folded
     * in vector lanes and the lanes are then added in a fixed order (never with
     * {@code reduceLanes(ADD)}, whose order is up to the implementation); a strided line is folded
     * one element at a time, like the naive backend does.
     */
    static double reduceLine(ReduceOp op, double[] x, int xo, int xs, int n, double[] lanes) {
        if (xs != 1 || n < V) {
            double acc = op.identity();
            for (int i = 0; i < n; i++) {
                acc = op.combine(acc, x[xo + i * xs]);
            }
            return acc;
        }
        if (op != ReduceOp.SUM) { // max and min do not round: any grouping gives the same answer
            DoubleVector acc = DoubleVector.broadcast(S, op.identity());
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += V) {
                acc = combine(op, acc, DoubleVector.fromArray(S, x, xo + i));
            }
            double result = acc.reduceLanes(op == ReduceOp.MAX ? VectorOperators.MAX : VectorOperators.MIN);
            for (; i < n; i++) {
                result = op.combine(result, x[xo + i]);
            }
            return result;
        }
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        int i = 0;
        int bound = S.loopBound(n);
        for (; i + 2 * V <= bound; i += 2 * V) { // two accumulators hide the add latency
            s0 = s0.add(DoubleVector.fromArray(S, x, xo + i));
            s1 = s1.add(DoubleVector.fromArray(S, x, xo + i + V));
        }
        if (i < bound) {
            s0 = s0.add(DoubleVector.fromArray(S, x, xo + i));
            i += V;
        }
        s0.add(s1).intoArray(lanes, 0);
        double total = 0.0;
        for (int l = 0; l < V; l++) {
            total += lanes[l];
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
     * line order — the naive order — in registers, four vectors of columns at a time, so
     * every input element is read once and every output written once.
     */
    static void reduceColumns(ReduceOp op, double[] x, int xo, int lineStride, int lines,
                              double[] y, int yo, int n) {
        double identity = op.identity();
        int j = 0;
        for (; j + 4 * V <= n; j += 4 * V) {
            DoubleVector c0 = DoubleVector.broadcast(S, identity);
            DoubleVector c1 = c0;
            DoubleVector c2 = c0;
            DoubleVector c3 = c0;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c0 = combine(op, c0, DoubleVector.fromArray(S, x, at));
                c1 = combine(op, c1, DoubleVector.fromArray(S, x, at + V));
                c2 = combine(op, c2, DoubleVector.fromArray(S, x, at + 2 * V));
                c3 = combine(op, c3, DoubleVector.fromArray(S, x, at + 3 * V));
            }
            c0.intoArray(y, yo + j);
            c1.intoArray(y, yo + j + V);
            c2.intoArray(y, yo + j + 2 * V);
            c3.intoArray(y, yo + j + 3 * V);
        }
        for (; j + V <= n; j += V) {
            DoubleVector c = DoubleVector.broadcast(S, identity);
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c = combine(op, c, DoubleVector.fromArray(S, x, at));
            }
            c.intoArray(y, yo + j);
        }
        for (; j < n; j++) { // the same arithmetic as a lane, so results do not depend on j
            double c = identity;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c = op.combine(c, x[at]);
            }
            y[yo + j] = c;
        }
    }

    private static DoubleVector combine(ReduceOp op, DoubleVector acc, DoubleVector x) {
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
    static void fill(double[] y, int yo, int ys, int n, double value) {
        if (ys == 1) {
            Arrays.fill(y, yo, yo + n, value);
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i * ys] = value;
            }
        }
    }
}
