package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.UnaryOp;

/**
 * The element-wise loops: one tight loop per operation over consecutive doubles.
 *
 * <p>Why a {@code switch} with a loop in each case rather than one loop calling
 * {@code op.apply(x)}? Inside a single shared loop the call could go to any of the ops, so the JIT
 * compiler cannot inline it and pays a virtual call per element. With one loop per op the body is
 * known, gets inlined, and simple ones ({@code -x}, {@code a + b}, relu) are compiled to SIMD
 * instructions. Each case spells out exactly the definition in the op's enum constant — relu is
 * {@code x <= 0 ? 0.0 : x}, so {@code relu(NaN)} stays NaN here too — and the conformance kit
 * checks that they agree. The {@code default} branches keep the backend correct if an op is added
 * to the enum before a loop is written for it here.
 *
 * <p>These loops see doubles only. F32 tensors reach them through a widening buffer (see
 * {@link Elementwise}), which is also exactly how the reference computes F32: in double, rounded
 * once when stored.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    /** {@code out[o + i] = op(in[x + i])} for {@code i < n}. */
    static void map(UnaryOp op, double[] in, int x, double[] out, int o, int n) {
        switch (op) {
            case IDENTITY:
                System.arraycopy(in, x, out, o, n);
                break;
            case NEG:
                for (int i = 0; i < n; i++) {
                    out[o + i] = -in[x + i];
                }
                break;
            case EXP:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.exp(in[x + i]);
                }
                break;
            case LOG:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.log(in[x + i]);
                }
                break;
            case SQRT:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.sqrt(in[x + i]);
                }
                break;
            case ABS:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.abs(in[x + i]);
                }
                break;
            case SIGN:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.signum(in[x + i]);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    double v = in[x + i];
                    out[o + i] = v <= 0 ? 0.0 : v; // NaN stays NaN, as UnaryOp.RELU defines
                }
                break;
            case STEP:
                for (int i = 0; i < n; i++) {
                    out[o + i] = in[x + i] > 0 ? 1.0 : 0.0;
                }
                break;
            case SIGMOID:
                // The enum's own overflow-safe definition: a call to a known constant, inlined.
                for (int i = 0; i < n; i++) {
                    out[o + i] = UnaryOp.SIGMOID.apply(in[x + i]);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.tanh(in[x + i]);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    out[o + i] = op.apply(in[x + i]);
                }
        }
    }

    /** {@code out[o + i] = op(a[x + i], b[y + i])} for {@code i < n}. */
    static void zip(BinaryOp op, double[] a, int x, double[] b, int y, double[] out, int o, int n) {
        switch (op) {
            case ADD:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] + b[y + i];
                }
                break;
            case SUB:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] - b[y + i];
                }
                break;
            case MUL:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] * b[y + i];
                }
                break;
            case DIV:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] / b[y + i];
                }
                break;
            case POW:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.pow(a[x + i], b[y + i]);
                }
                break;
            case MAX:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.max(a[x + i], b[y + i]);
                }
                break;
            case MIN:
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.min(a[x + i], b[y + i]);
                }
                break;
            case EQ:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] == b[y + i] ? 1.0 : 0.0;
                }
                break;
            case LT:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] < b[y + i] ? 1.0 : 0.0;
                }
                break;
            case LE:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] <= b[y + i] ? 1.0 : 0.0;
                }
                break;
            case GT:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] > b[y + i] ? 1.0 : 0.0;
                }
                break;
            case GE:
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[x + i] >= b[y + i] ? 1.0 : 0.0;
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    out[o + i] = op.apply(a[x + i], b[y + i]);
                }
        }
    }
}
