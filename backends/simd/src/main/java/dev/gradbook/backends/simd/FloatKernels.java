// Generated twin of DoubleKernels.java: do not edit by hand, except inside the "twin region" blocks.
// Edit DoubleKernels.java, then regenerate this file from the repository root with
//     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java
// (TwinsTest fails while the two disagree; the substitution table is in Twins.java.)

package dev.gradbook.backends.simd;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.UpdateRule;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

// twin region class-comment: DoubleKernels's class comment explains the design of both twins; this one, what only F32 does
/**
 * Element-wise kernels on {@code float[]} rows: the F32 twin of {@link DoubleKernels}, generated
 * from it (see the file header). Read {@link DoubleKernels} for the design: rows, which ops are
 * vectorised and why, the fixed order of sums, one loop per op. The twin regions below hold what
 * only F32 does, each with its reason:
 * <ul>
 *   <li>{@link #map} widens a dense row to {@code double} in a pass of its own before the
 *       {@code Math} functions ({@link #mapThroughDoubles});</li>
 *   <li>{@link #reduceLine} sums a long line in float lanes block by block, adding each block to
 *       a {@code double} total;</li>
 *   <li>{@link #update} rounds each hyperparameter to {@code float} once.</li>
 * </ul>
 * Outside the regions the code is {@link DoubleKernels}' with a {@code (float)} cast wherever a
 * {@code double} from an op's scalar definition or from {@code Math} is stored. The vectorised
 * ops still give exactly the naive backend's bits: a {@code float} sum is the same whether
 * computed in a vector lane or as the naive backend's {@code (float) ((double) a + b)}, because a
 * {@code double} holds more than twice a {@code float}'s digits.
 */
// end twin region class-comment
final class FloatKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();

    private FloatKernels() {
    }

    // ---------------------------------------------------------------------------------- map

    // twin region map: F32 widens a dense row to double in a pass of its own before the Math functions
    /**
     * {@code y[i] = op(x[i])} for {@code i < n}, positions {@code xo + i*xs} and {@code yo + i*ys}.
     *
     * @param wide scratch of at least {@code min(n, REPEAT)} elements when {@code op} has no
     *             vector form ({@link #isVectorised}), else may be {@code null}
     */
    static void map(UnaryOp op, float[] x, int xo, int xs, float[] y, int yo, int ys, int n, double[] wide) {
        if (xs == 0) { // one input value for the whole row: compute it once
            fill(y, yo, ys, n, (float) op.apply(x[xo]));
        } else if (xs == 1 && ys == 1 && op == UnaryOp.IDENTITY) {
            System.arraycopy(x, xo, y, yo, n);
        } else if (xs == 1 && ys == 1 && !isVectorised(op)) {
            mapThroughDoubles(op, x, xo, y, yo, n, wide);
        } else if (xs == 1 && ys == 1) {
            int done = mapDense(op, x, xo, y, yo, n);
            for (int i = done; i < n; i++) { // the last, partial vector's worth
                y[yo + i] = (float) op.apply(x[xo + i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i * ys] = (float) op.apply(x[xo + i * xs]);
            }
        }
    }

    /** True if {@code op} has a vector loop here; the others run {@code Math} (see the class comment). */
    static boolean isVectorised(UnaryOp op) {
        switch (op) {
            case EXP: case LOG: case TANH: case SIGMOID:
                return false;
            default:
                return true;
        }
    }

    /**
     * The scalar ops on a dense row, a chunk at a time through a {@code double} buffer. Widening
     * each float in the same loop as {@code Math.exp} ran almost 3 times slower than widening the
     * chunk in a pass of its own (17 against 6 ns per element here; a float-to-double conversion
     * that waits on the previous iteration's register is the likely cause). Same arithmetic, same
     * bits as the naive backend.
     */
    private static void mapThroughDoubles(UnaryOp op, float[] x, int xo, float[] y, int yo, int n, double[] wide) {
        for (int start = 0; start < n; start += wide.length) {
            int length = Math.min(wide.length, n - start);
            for (int i = 0; i < length; i++) {
                wide[i] = x[xo + start + i];
            }
            for (int i = 0; i < length; i++) {
                wide[i] = op.apply(wide[i]);
            }
            for (int i = 0; i < length; i++) {
                y[yo + start + i] = (float) wide[i];
            }
        }
    }
    // end twin region map

    /**
     * Applies {@code op} to whole vectors of a dense row and returns how many elements it did: a
     * multiple of {@code V}, or 0 for an op without a vector loop (see the class comment).
     */
    private static int mapDense(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (op) {
            case NEG:
                for (int i = 0; i < bound; i += V) {
                    FloatVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i);
                }
                return bound;
            case ABS:
                for (int i = 0; i < bound; i += V) {
                    FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i);
                }
                return bound;
            case SQRT:
                for (int i = 0; i < bound; i += V) {
                    FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i);
                }
                return bound;
            case RELU: // x <= 0 ? 0 : x, so NaN stays NaN and -0.0 gives +0.0, like the scalar definition
                for (int i = 0; i < bound; i += V) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    v.blend(zero, v.compare(VectorOperators.LE, zero)).intoArray(y, yo + i);
                }
                return bound;
            case STEP:
                for (int i = 0; i < bound; i += V) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
                    zero.blend(one, v.compare(VectorOperators.GT, zero)).intoArray(y, yo + i);
                }
                return bound;
            case SIGN: { // Math.signum: ±1 where x is nonzero, x itself (±0, NaN) otherwise
                FloatVector minusOne = one.neg();
                for (int i = 0; i < bound; i += V) {
                    FloatVector v = FloatVector.fromArray(S, x, xo + i);
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
    static void zip(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
                    float[] y, int yo, int ys, int n, float[] repeated) {
        if (as == 0 && bs == 0) {
            fill(y, yo, ys, n, (float) op.apply(a[ao], b[bo]));
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
                y[yo + i * ys] = (float) op.apply(a[ao + i * as], b[bo + i * bs]);
            }
        }
    }

    /** Elements of a broadcast operand copied into the {@code repeated} buffer at a time. */
    static final int REPEAT = 1024;

    /** {@code y[i] = op(a[i], b[i])} for a dense row: whole vectors, then a scalar tail. */
    private static void zipDense(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        switch (op) {
            case ADD:
                for (; i < bound; i += V) {
                    FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case SUB:
                for (; i < bound; i += V) {
                    FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case MUL:
                for (; i < bound; i += V) {
                    FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case DIV:
                for (; i < bound; i += V) {
                    FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case MAX: // Math.max semantics: NaN wins, max(-0.0, 0.0) = 0.0
                for (; i < bound; i += V) {
                    FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            case MIN:
                for (; i < bound; i += V) {
                    FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
                }
                break;
            // 1 where true, 0 where false (NaN: false). Each comparison gets its own loop: the JIT turns
            // compare() into one instruction only when the operator is a constant at the call.
            case EQ:
                for (; i < bound; i += V) {
                    FloatVector va = FloatVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.EQ, FloatVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case LT:
                for (; i < bound; i += V) {
                    FloatVector va = FloatVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.LT, FloatVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case LE:
                for (; i < bound; i += V) {
                    FloatVector va = FloatVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.LE, FloatVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case GT:
                for (; i < bound; i += V) {
                    FloatVector va = FloatVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.GT, FloatVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            case GE:
                for (; i < bound; i += V) {
                    FloatVector va = FloatVector.fromArray(S, a, ao + i);
                    zero.blend(one, va.compare(VectorOperators.GE, FloatVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
                }
                break;
            default:
                break; // POW: no vector form, the scalar loop below does it all
        }
        for (; i < n; i++) {
            y[yo + i] = (float) op.apply(a[ao + i], b[bo + i]);
        }
    }


    // ---------------------------------------------------------------------------------- reduce

    // twin region line-sum: F32 sums a long line block by block into a double total, to keep its rounding error small
    /** Elements summed in float lanes before the partial sum is added to a double total. */
    private static final int SUM_BLOCK = 1024;

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
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                acc = op == ReduceOp.MAX ? acc.max(v) : acc.min(v);
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
    // end twin region line-sum

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
        boolean sum = op == ReduceOp.SUM;
        boolean max = op == ReduceOp.MAX;
        int j = 0;
        for (; j + 4 * V <= n; j += 4 * V) {
            FloatVector c0 = FloatVector.broadcast(S, identity);
            FloatVector c1 = c0;
            FloatVector c2 = c0;
            FloatVector c3 = c0;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                FloatVector x0 = FloatVector.fromArray(S, x, at);
                FloatVector x1 = FloatVector.fromArray(S, x, at + V);
                FloatVector x2 = FloatVector.fromArray(S, x, at + 2 * V);
                FloatVector x3 = FloatVector.fromArray(S, x, at + 3 * V);
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
            FloatVector c = FloatVector.broadcast(S, identity);
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                FloatVector v = FloatVector.fromArray(S, x, at);
                c = sum ? c.add(v) : max ? c.max(v) : c.min(v);
            }
            c.intoArray(y, yo + j);
        }
        for (; j < n; j++) { // the same float arithmetic as a lane, so results do not depend on j
            float c = identity;
            for (int l = 0, at = xo + j; l < lines; l++, at += lineStride) {
                c = (float) op.combine(c, x[at]);
            }
            y[yo + j] = c;
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

    // ---------------------------------------------------------------------------------- update

    /**
     * One optimizer step over {@code n} elements of dense arrays: the weights {@code w} from
     * {@code wo}, the gradient {@code g} from {@code go}, and the rule's states in slot order,
     * {@code s} from {@code so} and {@code t} from {@code to} (momentum's velocity {@code v},
     * RMSprop's mean square {@code s}, Adam's {@code m} and {@code v}; a rule with fewer states
     * ignores the rest). The hyperparameters get the names {@link UpdateRule}'s Javadoc gives them
     * ({@code lr}, {@code rho}, {@code beta1}, ...), so each kernel below reads as its formula. A
     * kernel evaluates that formula in float arithmetic, operation by operation in the same order,
     * in the vector lanes and in the scalar tail alike: so an element's result does not depend on
     * where it falls, and equals what the chain of F32 {@code zip}s it replaces computed.
     */
    static void update(UpdateRule rule, double[] hyper, float[] w, int wo, float[] g, int go,
                       float[] s, int so, float[] t, int to, int n) {
        switch (rule) {
            // twin region hyperparameters: F32 rounds each hyperparameter to float once (1 - rho in double first)
            case SGD -> {
                float lr = (float) hyper[0];
                sgd(lr, w, wo, g, go, n);
            }
            case SGD_MOMENTUM, SGD_NESTEROV -> {
                float lr = (float) hyper[0];
                float momentum = (float) hyper[1];
                sgdMomentum(lr, momentum, rule == UpdateRule.SGD_NESTEROV, w, wo, g, go, s, so, n);
            }
            case RMSPROP -> {
                float lr = (float) hyper[0];
                float rho = (float) hyper[1];
                float oneMinusRho = (float) (1 - hyper[1]);
                float epsilon = (float) hyper[2];
                rmsprop(lr, rho, oneMinusRho, epsilon, w, wo, g, go, s, so, n);
            }
            case ADAM -> {
                float alpha = (float) hyper[0];
                float beta1 = (float) hyper[1];
                float oneMinusBeta1 = (float) (1 - hyper[1]);
                float beta2 = (float) hyper[2];
                float oneMinusBeta2 = (float) (1 - hyper[2]);
                float epsilon = (float) hyper[3];
                adam(alpha, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, w, wo, g, go, s, so, t, to, n);
            }
            // end twin region hyperparameters
            default -> throw new IllegalArgumentException("simd update: no kernel for " + rule);
        }
    }

    /** {@code w ← w - g·lr}. */
    private static void sgd(float lr, float[] w, int wo, float[] g, int go, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector gi = FloatVector.fromArray(S, g, go + i);
            FloatVector.fromArray(S, w, wo + i).sub(gi.mul(lr)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            w[wo + i] = w[wo + i] - g[go + i] * lr;
        }
    }

    /** {@code v ← v·momentum - g·lr}, then {@code w ← w + v}, or for Nesterov {@code w ← (w + v·momentum) - g·lr}. */
    private static void sgdMomentum(float lr, float momentum, boolean nesterov, float[] w, int wo, float[] g, int go,
                                 float[] v, int vo, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector step = FloatVector.fromArray(S, g, go + i).mul(lr);
            FloatVector vi = FloatVector.fromArray(S, v, vo + i).mul(momentum).sub(step);
            vi.intoArray(v, vo + i);
            FloatVector wi = FloatVector.fromArray(S, w, wo + i);
            (nesterov ? wi.add(vi.mul(momentum)).sub(step) : wi.add(vi)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float step = g[go + i] * lr;
            float vi = v[vo + i] * momentum - step;
            v[vo + i] = vi;
            w[wo + i] = nesterov ? (w[wo + i] + vi * momentum) - step : w[wo + i] + vi;
        }
    }

    /** {@code s ← s·rho + (g·g)·(1 - rho)}, then {@code w ← w - (g·lr) / √(s + epsilon)}. */
    private static void rmsprop(float lr, float rho, float oneMinusRho, float epsilon, float[] w, int wo,
                                float[] g, int go, float[] s, int so, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector gi = FloatVector.fromArray(S, g, go + i);
            FloatVector si = FloatVector.fromArray(S, s, so + i).mul(rho).add(gi.mul(gi).mul(oneMinusRho));
            si.intoArray(s, so + i);
            FloatVector root = si.add(epsilon).lanewise(VectorOperators.SQRT);
            FloatVector.fromArray(S, w, wo + i).sub(gi.mul(lr).div(root)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float si = s[so + i] * rho + (gi * gi) * oneMinusRho;
            s[so + i] = si;
            w[wo + i] = w[wo + i] - (gi * lr) / (float) Math.sqrt(si + epsilon);
        }
    }

    /**
     * {@code m ← m·beta1 + g·(1 - beta1)}, {@code v ← v·beta2 + (g·g)·(1 - beta2)}, then
     * {@code w ← w - (m·alpha) / (√v + epsilon)}.
     */
    private static void adam(float alpha, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                             float epsilon, float[] w, int wo, float[] g, int go, float[] m, int mo,
                             float[] v, int vo, int n) {
        int i = 0;
        for (; i + V <= n; i += V) {
            FloatVector gi = FloatVector.fromArray(S, g, go + i);
            FloatVector mi = FloatVector.fromArray(S, m, mo + i).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector vi = FloatVector.fromArray(S, v, vo + i).mul(beta2).add(gi.mul(gi).mul(oneMinusBeta2));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            FloatVector denominator = vi.lanewise(VectorOperators.SQRT).add(epsilon);
            FloatVector.fromArray(S, w, wo + i).sub(mi.mul(alpha).div(denominator)).intoArray(w, wo + i);
        }
        for (; i < n; i++) {
            float gi = g[go + i];
            float mi = m[mo + i] * beta1 + gi * oneMinusBeta1;
            float vi = v[vo + i] * beta2 + (gi * gi) * oneMinusBeta2;
            m[mo + i] = mi;
            v[vo + i] = vi;
            w[wo + i] = w[wo + i] - (mi * alpha) / ((float) Math.sqrt(vi) + epsilon);
        }
    }
}
