// Twin source: FloatKernels.java is generated from this file by the substitution table in
// Twins.java. After an edit here, regenerate it from the repository root with
//     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java

package dev.gradbook.backends.simd;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.UpdateRule;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

// twin region class-comment: this class comment explains the design of both twins; FloatKernels's says what only F32 does
/**
 * Element-wise kernels on {@code double[]} rows: the ops of {@link SimdBackend#map},
 * {@link SimdBackend#zip} and {@link SimdBackend#reduce}, and the fused optimizer updates of
 * {@link SimdBackend#update}. {@link FloatKernels} is the same code for {@code float[]},
 * generated from this file (Java generics cannot abstract over primitive vectors; the file
 * header says how the twins are kept equal), with a few F32-only details it documents.
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
 *       has lane-wise {@code EXP}/{@code LOG}/{@code TANH}, and its F32 {@code EXP} is about 8
 *       times faster than our scalar loop (0.7 against 6 ns per element), but their last bit
 *       depends on whether the JIT has compiled the loop yet (compiled code calls a vector math
 *       library, interpreted code calls {@code Math} lane by lane; we measured results 1-2 ulp
 *       apart). A training run would then not repeat itself bit for bit. {@code Math.exp} gives
 *       the same bits in every tier, so the scalar loop keeps results reproducible and equal to
 *       the naive backend's.</li>
 * </ul>
 *
 * <p>Reductions never use {@code reduceLanes(ADD)}: the API leaves its order of additions to the
 * implementation, so it may change between platforms or JDK versions (we saw no difference between
 * compiled and interpreted code on this JDK, but nothing promises it). Lane partial sums are instead
 * written out and added in a fixed order.
 *
 * <p>Why the code has one loop per op instead of a neat {@code apply(op, vector)} helper: a
 * {@code DoubleVector} is a Java object that the JIT turns into a register only when it can see
 * everything done with it. Hand one to a method the JIT declines to inline (and it declines
 * bigger ones, e.g. a switch over eleven ops) and every vector becomes a heap allocation — we
 * measured such a loop 25 times slower. So vectors never cross a method boundary here: the
 * switch picks a loop, and each loop is written out.
 */
// end twin region class-comment
final class DoubleKernels {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int V = S.length();

    private DoubleKernels() {
    }

    // ---------------------------------------------------------------------------------- map

    // twin region map: F32 widens a dense row to double before the Math functions (see FloatKernels.mapThroughDoubles)
    /** {@code y[i] = op(x[i])} for {@code i < n}, positions {@code xo + i*xs} and {@code yo + i*ys}. */
    static void map(UnaryOp op, double[] x, int xo, int xs, double[] y, int yo, int ys, int n) {
        if (xs == 0) { // one input value for the whole row: compute it once
            fill(y, yo, ys, n, op.apply(x[xo]));
        } else if (xs == 1 && ys == 1 && op == UnaryOp.IDENTITY) {
            System.arraycopy(x, xo, y, yo, n);
        } else if (xs == 1 && ys == 1) {
            int done = mapDense(op, x, xo, y, yo, n);
            for (int i = done; i < n; i++) { // the tail, or the whole row for the ops done with Math
                y[yo + i] = op.apply(x[xo + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i * ys] = op.apply(x[xo + i * xs]);
            }
        }
    }
    // end twin region map

    /**
     * Applies {@code op} to whole vectors of a dense row and returns how many elements it did: a
     * multiple of {@code V}, or 0 for an op without a vector loop (see the class comment).
     */
    private static int mapDense(UnaryOp op, double[] x, int xo, double[] y, int yo, int n) {
        int bound = S.loopBound(n);
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        switch (op) {
            case NEG:
                for (int i = 0; i < bound; i += V) {
                    DoubleVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i);
                }
                return bound;
            case ABS:
                for (int i = 0; i < bound; i += V) {
                    DoubleVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i);
                }
                return bound;
            case SQRT:
                for (int i = 0; i < bound; i += V) {
                    DoubleVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i);
                }
                return bound;
            case RELU: // x <= 0 ? 0 : x, so NaN stays NaN and -0.0 gives +0.0, like the scalar definition
                for (int i = 0; i < bound; i += V) {
                    DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
                    v.blend(zero, v.compare(VectorOperators.LE, zero)).intoArray(y, yo + i);
                }
                return bound;
            case STEP:
                for (int i = 0; i < bound; i += V) {
                    DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
                    zero.blend(one, v.compare(VectorOperators.GT, zero)).intoArray(y, yo + i);
                }
                return bound;
            case SIGN: { // Math.signum: ±1 where x is nonzero, x itself (±0, NaN) otherwise
                DoubleVector minusOne = one.neg();
                for (int i = 0; i < bound; i += V) {
                    DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
                    v.blend(one, v.compare(VectorOperators.GT, zero))
                            .blend(minusOne, v.compare(VectorOperators.LT, zero)).intoArray(y, yo + i);
                }
                return bound;
            }
            default:
                return 0;
        }
    }

    // ---------------------------------------------------------------------------------- zip

    /**
     * {@code y[i] = op(a[i], b[i])} along one row; a stride of 0 broadcasts that operand.
     *
     * @param repeated scratch of at least {@code min(n, REPEAT)} elements, for a broadcast operand
     */
    static void zip(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs,
                    double[] y, int yo, int ys, int n, double[] repeated) {
        if (as == 0 && bs == 0) {
            fill(y, yo, ys, n, op.apply(a[ao], b[bo]));
        } else if (ys == 1 && as == 1 && bs == 1) {
            zipDense(op, a, ao, b, bo, y, yo, n);
        } else if (ys == 1 && (as == 1 || bs == 1) && (as == 0 || bs == 0)) {
            // One operand is a single number (x * 0.5, or each row minus its max): serve it from a
            // buffer of copies, so the same dense loops do the work, a chunk at a time.
            int chunk = Math.min(n, REPEAT);
            Arrays.fill(repeated, 0, chunk, as == 0 ? a[ao] : b[bo]);
            for (int start = 0; start < n; start += REPEAT) {
                int length = Math.min(REPEAT, n - start);
                if (as == 0) {
                    zipDense(op, repeated, 0, b, bo + start, y, yo + start, length);
                } else {
                    zipDense(op, a, ao + start, repeated, 0, y, yo + start, length);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i * ys] = op.apply(a[ao + i * as], b[bo + i * bs]);
            }
        }
    }

    /** Elements of a broadcast operand copied into the {@code repeated} buffer at a time. */
    static final int REPEAT = 1024;

    /** {@code y[i] = op(a[i], b[i])} for a dense row: whole vectors, then a scalar tail. */
    private static void zipDense(BinaryOp op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        switch (op) {
            case ADD:
                for (; i < bound; i += V) {
                    DoubleVector.fromArray(S, a, ao + i).add(DoubleVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case SUB:
                for (; i < bound; i += V) {
                    DoubleVector.fromArray(S, a, ao + i).sub(DoubleVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case MUL:
                for (; i < bound; i += V) {
                    DoubleVector.fromArray(S, a, ao + i).mul(DoubleVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case DIV:
                for (; i < bound; i += V) {
                    DoubleVector.fromArray(S, a, ao + i).div(DoubleVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case MAX: // Math.max semantics: NaN wins, max(-0.0, 0.0) = 0.0
                for (; i < bound; i += V) {
                    DoubleVector.fromArray(S, a, ao + i).max(DoubleVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case MIN:
                for (; i < bound; i += V) {
                    DoubleVector.fromArray(S, a, ao + i).min(DoubleVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            // 1 where true, 0 where false (NaN: false). Each comparison gets its own loop: the JIT turns
            // compare() into one instruction only when the operator is a constant at the call.
            case EQ:
                for (; i < bound; i += V) {
                    DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.EQ, DoubleVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case LT:
                for (; i < bound; i += V) {
                    DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.LT, DoubleVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case LE:
                for (; i < bound; i += V) {
                    DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.LE, DoubleVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case GT:
                for (; i < bound; i += V) {
                    DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.GT, DoubleVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case GE:
                for (; i < bound; i += V) {
                    DoubleVector va = DoubleVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.GE, DoubleVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            default:
                break; // POW: no vector form, the scalar loop below does it all
        }
        for (; i < n; i++) {
            y[yo + i] = op.apply(a[ao + i], b[bo + i]);
        }
    }


    // ---------------------------------------------------------------------------------- reduce

    // twin region line-sum: F32 sums a long line block by block into a double total, to keep its rounding error small
    /**
     * The reduction of the {@code n} elements at {@code xo, xo + xs, ...}. A dense line is folded
     * in vector lanes and the lanes are then added in a fixed order (never with
     * {@code reduceLanes(ADD)}, whose order the API leaves open); a strided line is folded
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
                DoubleVector v = DoubleVector.fromArray(S, x, xo + i);
                acc = op == ReduceOp.MAX ? acc.max(v) : acc.min(v);
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
    // end twin region line-sum

    /**
     * Column-wise reduction: {@code y[j] = op over l < lines of x[xo + l*lineStride + j]} for
     * {@code j < n}, where each line is dense. This is the layout of a bias gradient (the sum of a
     * {@code [batch, features]} gradient over the batch). Each output accumulates its column in
     * line order — the naive order — in double registers, four vectors of columns at a time, so
     * every input element is read once and every output written once.
     */
    static void reduceColumns(ReduceOp op, double[] x, int xo, int lineStride, int lines,
                              double[] y, int yo, int n) {
        double identity = op.identity();
        boolean sum = op == ReduceOp.SUM;
        boolean max = op == ReduceOp.MAX;
        int j = 0;
        for (; j + 4 * V <= n; j += 4 * V) {
            DoubleVector c0 = DoubleVector.broadcast(S, identity);
            DoubleVector c1 = c0;
            DoubleVector c2 = c0;
            DoubleVector c3 = c0;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                DoubleVector x0 = DoubleVector.fromArray(S, x, at);
                DoubleVector x1 = DoubleVector.fromArray(S, x, at + V);
                DoubleVector x2 = DoubleVector.fromArray(S, x, at + 2 * V);
                DoubleVector x3 = DoubleVector.fromArray(S, x, at + 3 * V);
                c0 = sum ? c0.add(x0) : max ? c0.max(x0) : c0.min(x0);
                c1 = sum ? c1.add(x1) : max ? c1.max(x1) : c1.min(x1);
                c2 = sum ? c2.add(x2) : max ? c2.max(x2) : c2.min(x2);
                c3 = sum ? c3.add(x3) : max ? c3.max(x3) : c3.min(x3);
            }
            c0.intoArray(y, yo + j);
            c1.intoArray(y, yo + j + V);
            c2.intoArray(y, yo + j + 2 * V);
            c3.intoArray(y, yo + j + 3 * V);
        }
        for (; j + V <= n; j += V) {
            DoubleVector c = DoubleVector.broadcast(S, identity);
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                DoubleVector v = DoubleVector.fromArray(S, x, at);
                c = sum ? c.add(v) : max ? c.max(v) : c.min(v);
            }
            c.intoArray(y, yo + j);
        }
        for (; j < n; j++) { // the same double arithmetic as a lane, so results do not depend on j
            double c = identity;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c = op.combine(c, x[at]);
            }
            y[yo + j] = c;
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

    // ---------------------------------------------------------------------------------- update

    /**
     * One optimizer step over {@code n} elements of dense arrays: the weights {@code w} from
     * {@code wo}, the gradient {@code g} from {@code go}, and the rule's states in slot order,
     * {@code s} from {@code so} and {@code t} from {@code to} (momentum's velocity {@code v},
     * RMSprop's mean square {@code s}, Adam's {@code m} and {@code v}; a rule with fewer states
     * ignores the rest). The hyperparameters get the names {@link UpdateRule}'s Javadoc gives them
     * ({@code lr}, {@code rho}, {@code beta1}, ...), so each kernel below reads as its formula. A
     * kernel evaluates that formula in double arithmetic, operation by operation in the same order,
     * in the vector lanes and in the scalar tail alike: so an element's result does not depend on
     * where it falls, and equals what the chain of F64 {@code zip}s it replaces computed.
     */
    static void update(UpdateRule rule, double[] hyper, double[] w, int wo, double[] g, int go,
                       double[] s, int so, double[] t, int to, int n) {
        switch (rule) {
            // twin region hyperparameters: F32 rounds each hyperparameter to float once, 1 - rho still in double
            case SGD -> {
                double lr = hyper[0];
                sgd(lr, w, wo, g, go, n);
            }
            case SGD_MOMENTUM, SGD_NESTEROV -> {
                double lr = hyper[0];
                double momentum = hyper[1];
                sgdMomentum(lr, momentum, rule == UpdateRule.SGD_NESTEROV, w, wo, g, go, s, so, n);
            }
            case RMSPROP -> {
                double lr = hyper[0];
                double rho = hyper[1];
                double epsilon = hyper[2];
                rmsprop(lr, rho, 1 - rho, epsilon, w, wo, g, go, s, so, n);
            }
            case ADAM -> {
                double alpha = hyper[0];
                double beta1 = hyper[1];
                double beta2 = hyper[2];
                double epsilon = hyper[3];
                adam(alpha, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, w, wo, g, go, s, so, t, to, n);
            }
            // end twin region hyperparameters
            default -> throw new IllegalArgumentException("simd update: no kernel for " + rule);
        }
    }

    /** {@code w ← w - g·lr}. */
    private static void sgd(double lr, double[] w, int wo, double[] g, int go, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            DoubleVector gi = DoubleVector.fromArray(S, g, go + i);
            DoubleVector.fromArray(S, w, wo + i).sub(gi.mul(lr)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            w[wo + i] = w[wo + i] - g[go + i] * lr;
        }
    }

    /** {@code v ← v·momentum - g·lr}, then {@code w ← w + v}, or for Nesterov {@code w ← (w + v·momentum) - g·lr}. */
    private static void sgdMomentum(double lr, double momentum, boolean nesterov, double[] w, int wo, double[] g, int go,
                                 double[] v, int vo, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            DoubleVector step = DoubleVector.fromArray(S, g, go + i).mul(lr);
            DoubleVector vi = DoubleVector.fromArray(S, v, vo + i).mul(momentum).sub(step);
            vi.intoArray(v, vo + i);
            DoubleVector wi = DoubleVector.fromArray(S, w, wo + i);
            (nesterov ? wi.add(vi.mul(momentum)).sub(step) : wi.add(vi)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            double step = g[go + i] * lr;
            double vi = v[vo + i] * momentum - step;
            v[vo + i] = vi;
            w[wo + i] = nesterov ? (w[wo + i] + vi * momentum) - step : w[wo + i] + vi;
        }
    }

    /** {@code s ← s·rho + (g·g)·(1 - rho)}, then {@code w ← w - (g·lr) / √(s + epsilon)}. */
    private static void rmsprop(double lr, double rho, double oneMinusRho, double epsilon, double[] w, int wo,
                                double[] g, int go, double[] s, int so, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            DoubleVector gi = DoubleVector.fromArray(S, g, go + i);
            DoubleVector si = DoubleVector.fromArray(S, s, so + i).mul(rho).add(gi.mul(gi).mul(oneMinusRho));
            si.intoArray(s, so + i);
            DoubleVector root = si.add(epsilon).lanewise(VectorOperators.SQRT);
            DoubleVector.fromArray(S, w, wo + i).sub(gi.mul(lr).div(root)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            double gi = g[go + i];
            double si = s[so + i] * rho + (gi * gi) * oneMinusRho;
            s[so + i] = si;
            w[wo + i] = w[wo + i] - (gi * lr) / Math.sqrt(si + epsilon);
        }
    }

    /**
     * {@code m ← m·beta1 + g·(1 - beta1)}, {@code v ← v·beta2 + (g·g)·(1 - beta2)}, then
     * {@code w ← w - (m·alpha) / (√v + epsilon)}.
     */
    private static void adam(double alpha, double beta1, double oneMinusBeta1, double beta2, double oneMinusBeta2,
                             double epsilon, double[] w, int wo, double[] g, int go, double[] m, int mo,
                             double[] v, int vo, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            DoubleVector gi = DoubleVector.fromArray(S, g, go + i);
            DoubleVector mi = DoubleVector.fromArray(S, m, mo + i).mul(beta1).add(gi.mul(oneMinusBeta1));
            DoubleVector vi = DoubleVector.fromArray(S, v, vo + i).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            DoubleVector denominator = vi.lanewise(VectorOperators.SQRT).add(epsilon);
            DoubleVector.fromArray(S, w, wo + i).sub(mi.mul(alpha).div(denominator)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            double gi = g[go + i];
            double mi = m[mo + i] * beta1 + gi * oneMinusBeta1;
            double vi = v[vo + i] * beta2 + (gi * gi) * oneMinusBeta2;
            m[mo + i] = mi;
            v[vo + i] = vi;
            w[wo + i] = w[wo + i] - (mi * alpha) / (Math.sqrt(vi) + epsilon);
        }
    }
}
