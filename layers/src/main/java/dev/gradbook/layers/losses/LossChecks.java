package dev.gradbook.layers.losses;

import dev.gradbook.autograd.Tensor;

import java.util.Arrays;

/** Shape checks and label handling shared by the losses (and the accuracy metric). */
final class LossChecks {
    private LossChecks() {
    }

    /**
     * {@code yTrue} in {@code yPred}'s shape. One convenience, as in Keras: targets of shape
     * {@code [batch]} are accepted for outputs {@code [batch, 1]}.
     */
    static Tensor sameShape(String loss, Tensor yTrue, Tensor yPred, String hint) {
        int[] t = yTrue.shape();
        int[] p = yPred.shape();
        if (Arrays.equals(t, p)) {
            return yTrue;
        }
        if (t.length + 1 == p.length && p[p.length - 1] == 1 && Arrays.equals(t, Arrays.copyOf(p, t.length))) {
            return yTrue.reshape(p);
        }
        throw new IllegalArgumentException(loss + ": y_true has shape " + Arrays.toString(t) + " but y_pred has shape "
                + Arrays.toString(p) + "; they must match" + (hint == null ? "" : " — " + hint));
    }

    /**
     * One-hot rows {@code [batch, classes]} for integer labels of shape {@code [batch]} or
     * {@code [batch, 1]}, after checking that every label is a whole number in
     * {@code [0, classes)}. Built from tensor ops: comparing the labels, as a column, with the row
     * {@code [0, 1, ..., classes-1]} broadcasts to a matrix that is 1 exactly at each label.
     */
    static Tensor oneHot(String loss, Tensor labels, int classes) {
        int batch = labels.rank() == 0 ? 1 : labels.size(0);
        if (labels.rank() > 2 || (labels.rank() == 2 && labels.size(1) != 1)) {
            throw new IllegalArgumentException(loss + ": expected integer labels of shape [" + batch + "] or ["
                    + batch + ", 1] but got " + Arrays.toString(labels.shape())
                    + "; for one-hot targets use categorical_crossentropy");
        }
        double[] values = labels.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v < classes) || v != Math.rint(v)) {
                throw new IllegalArgumentException(loss + ": label " + format(v) + " at row " + i
                        + " is not a class index in [0, " + classes + "): the model has " + classes
                        + " output units, so labels must be 0.." + (classes - 1)
                        + " (check the labels, or the units of the last Dense layer)");
            }
        }
        Tensor column = labels.reshape(values.length, 1);
        return column.eq(Tensor.arange(classes).to(labels.dtype()).reshape(1, classes));
    }

    private static String format(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
