package dev.gradbook.exercises.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Todo;

import java.util.Objects;

/**
 * ex7.3: softmax and log-softmax that do not overflow (chapter 7, "Activations: why a network
 * needs a bend").
 *
 * <p>The textbook formula {@code e^x / Σ e^x} overflows as soon as a logit passes about 709
 * ({@code e^710} is infinite in F64, and {@code ∞ / ∞} is NaN), and {@code log(softmax(x))}
 * gives {@code -∞} once a probability underflows to 0. Both are cured by one identity: softmax
 * does not change when the same number is subtracted from every logit of a slice. Subtract the
 * slice's maximum (detached: it is a constant, not part of the function) and no exponential
 * exceeds 1; for log-softmax, {@code (x - max) - log Σ e^(x - max)} never takes the log of 0.
 *
 * <p>Use tensor operations ({@code max(dims, true)}, {@code sub}, {@code exp}, {@code sum},
 * {@code log}, {@code div}) but not gradbook's {@code softmax} and {@code logSoftmax}, which are
 * what the grader compares yours with; the results must be differentiable, so autograd records them.
 */
public final class StableSoftmax {

    private StableSoftmax() {
    }

    /**
     * The softmax of {@code logits} along {@code dim}: {@code [1, 2, 3]} gives {@code [0.0900, 0.2447, 0.6652]}, and so does {@code [1001, 1002, 1003]}.
     *
     * @throws NullPointerException if {@code logits} is null
     */
    public static Tensor softmax(Tensor logits, int dim) {
        Objects.requireNonNull(logits, "StableSoftmax.softmax: logits is null");
        // BEGIN SOLUTION ex7.3
        Tensor shifted = logits.sub(logits.max(new int[] {dim}, true).detach());
        Tensor e = shifted.exp();
        return e.div(e.sum(new int[] {dim}, true));
        // END SOLUTION
    }

    /**
     * The log of the softmax along {@code dim}, computed stably: {@code [0, 1000]} gives {@code [-1000, 0]}.
     *
     * @throws NullPointerException if {@code logits} is null
     */
    public static Tensor logSoftmax(Tensor logits, int dim) {
        Objects.requireNonNull(logits, "StableSoftmax.logSoftmax: logits is null");
        // BEGIN SOLUTION ex7.3
        Tensor shifted = logits.sub(logits.max(new int[] {dim}, true).detach());
        return shifted.sub(shifted.exp().sum(new int[] {dim}, true).log());
        // END SOLUTION
    }
}
