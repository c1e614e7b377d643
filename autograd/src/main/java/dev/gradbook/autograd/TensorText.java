package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.View;

import java.util.Locale;

/**
 * How a {@link Tensor} prints itself: nested brackets of values with four decimals, then the
 * shape, the dtype when it is not F64, and the operation that made it (or
 * {@code requiresGrad=true} for a leaf that records gradients). It lives beside {@code Tensor}
 * so that the tensor's own file keeps to the ops and their chain rules.
 */
final class TensorText {
    /** Above this many elements only the count is printed. */
    private static final int MAX_PRINTED = 1000;

    private TensorText() {
    }

    /**
     * The text of a tensor with this view.
     *
     * @param view         the tensor's view of its storage
     * @param op           the operation that made the tensor, or null for a leaf
     * @param requiresGrad whether the tensor records gradients
     */
    static String format(View view, String op, boolean requiresGrad) {
        StringBuilder sb = new StringBuilder("tensor(");
        if (view.size() <= MAX_PRINTED) {
            appendNested(sb, view, 0, new int[view.rank()]);
        } else {
            sb.append("<").append(view.size()).append(" elements>");
        }
        sb.append(", shape=").append(View.str(view.shape()));
        if (view.storage().dtype() != DType.F64) {
            sb.append(", dtype=").append(view.storage().dtype());
        }
        if (op != null) {
            sb.append(", op=").append(op);
        } else if (requiresGrad) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(")").toString();
    }

    /** Appends dims {@code d} and below at {@code index}: a number, or a bracketed list. */
    private static void appendNested(StringBuilder sb, View view, int d, int[] index) {
        if (d == view.rank()) {
            sb.append(String.format(Locale.ROOT, "%.4f", view.get(index)));
            return;
        }
        sb.append('[');
        for (int i = 0; i < view.shape()[d]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            index[d] = i;
            appendNested(sb, view, d + 1, index);
        }
        sb.append(']');
    }
}
