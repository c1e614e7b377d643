package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Todo;

import java.util.Objects;

/**
 * The backward rules of five operations, written as plain functions from the inputs and the
 * output gradient {@code g} to the input gradients (chapter 4): the vector-Jacobian products that
 * gradbook's {@code Backward} lambdas compute.
 *
 * <p>Write them with gradbook's tensor operations ({@code mul}, {@code matmul},
 * {@code transpose}, {@code sum}, {@code reshape}, {@code expand}, ...). The grader calls them
 * inside {@code GradMode.noGrad()}, on tensors that want no gradient, so they only compute
 * numbers; it compares those with what gradbook's own autograd gives for the same inputs.
 *
 * <p>As in gradbook, the element-wise rules and {@code matmul} return each input's gradient in the
 * <em>output's</em> shape: the backward loop sums away the broadcast afterwards, in one place
 * (that is ex4.1). {@code sum} and {@code softmax} return a gradient of their input's shape.
 *
 * <ul>
 *   <li>ex4.2 {@link #mul}, {@link #div}</li>
 *   <li>ex4.3 {@link #matmul}</li>
 *   <li>ex4.4 {@link #sum}, {@link #softmax}</li>
 * </ul>
 */
public final class BackwardRules {

    private BackwardRules() {
    }

    // ---------------------------------------------------------------- ex4.2

    /**
     * {@code c = a.mul(b)}, element by element (the shapes broadcast): the gradients
     * {@code {dL/da, dL/db}}, both in {@code g}'s shape. For {@code a = [1, 2, 3]},
     * {@code b = [4, 5, 6]} and {@code g = [1, 1, 1]} they are {@code [4, 5, 6]} and {@code [1, 2, 3]}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static Tensor[] mul(Tensor a, Tensor b, Tensor g) {
        Objects.requireNonNull(a, "BackwardRules.mul: a is null");
        Objects.requireNonNull(b, "BackwardRules.mul: b is null");
        Objects.requireNonNull(g, "BackwardRules.mul: g is null");
        // BEGIN SOLUTION ex4.2
        return new Tensor[] {g.mul(b), g.mul(a)};
        // END SOLUTION
    }

    /**
     * {@code c = a.div(b)}, element by element: the gradients {@code {dL/da, dL/db}} in {@code g}'s
     * shape. For {@code a = [6, 1]}, {@code b = [3, 2]}, {@code g = [1, 2]}: {@code [1/3, 1]} and
     * {@code [-6/9, -0.5]}.
     *
     * @throws NullPointerException if an argument is null
     */
    public static Tensor[] div(Tensor a, Tensor b, Tensor g) {
        Objects.requireNonNull(a, "BackwardRules.div: a is null");
        Objects.requireNonNull(b, "BackwardRules.div: b is null");
        Objects.requireNonNull(g, "BackwardRules.div: g is null");
        // BEGIN SOLUTION ex4.2
        return new Tensor[] {g.div(b), g.mul(a).div(b.mul(b)).neg()};
        // END SOLUTION
    }

    // ---------------------------------------------------------------- ex4.3

    /**
     * {@code C = a.matmul(b)} for operands of rank 2 or more ({@code [..., m, k] @ [..., k, n]},
     * the leading batch dims broadcast): the gradients {@code {dL/da, dL/db}}, with the batch dims
     * of {@code g} (shapes {@code [..., m, k]} and {@code [..., k, n]}). For matrices,
     * {@code dL/da = g·bᵀ} and {@code dL/db = aᵀ·g}; with batch dims, transpose the last two.
     *
     * @throws NullPointerException if an argument is null
     */
    public static Tensor[] matmul(Tensor a, Tensor b, Tensor g) {
        Objects.requireNonNull(a, "BackwardRules.matmul: a is null");
        Objects.requireNonNull(b, "BackwardRules.matmul: b is null");
        Objects.requireNonNull(g, "BackwardRules.matmul: g is null");
        // BEGIN SOLUTION ex4.3
        return new Tensor[] {g.matmul(b.transpose(-2, -1)), a.transpose(-2, -1).matmul(g)};
        // END SOLUTION
    }

    // ---------------------------------------------------------------- ex4.4

    /**
     * {@code y = x.sum(dims, keepDim)}: the gradient {@code dL/dx}, of {@code x}'s shape. Every
     * element of {@code x} went into one sum with a factor of 1, so it receives that sum's
     * gradient. Summing the rows of a {@code [2, 3]} matrix ({@code dims = {1}}) with
     * {@code g = [1, 10]} gives {@code [[1, 1, 1], [10, 10, 10]]}.
     *
     * @param dims the summed dims, distinct, each in {@code [0, x.rank())}
     * @throws NullPointerException if an argument is null
     * @param keepDim whether {@code y} kept the summed dims with size 1 (then {@code g} has them too)
     */
    public static Tensor sum(Tensor x, int[] dims, boolean keepDim, Tensor g) {
        Objects.requireNonNull(x, "BackwardRules.sum: x is null");
        Objects.requireNonNull(dims, "BackwardRules.sum: dims is null");
        Objects.requireNonNull(g, "BackwardRules.sum: g is null");
        // BEGIN SOLUTION ex4.4
        int[] kept = x.shape();
        for (int d : dims) {
            kept[d] = 1;
        }
        return g.reshape(kept).expand(x.shape());
        // END SOLUTION
    }

    /**
     * {@code p = x.softmax(dim)}: the gradient {@code dL/dx}, of {@code x}'s shape. Along
     * {@code dim}, {@code ∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ)}; multiply {@code g} by that Jacobian without
     * building it (one element-wise product, one sum along {@code dim}, one more product).
     * For {@code x = [1, 2, 3]} and {@code g = [1, 0, 0]} the answer is about
     * {@code [0.0819, -0.0220, -0.0599]}, row 0 of the Jacobian; for {@code g = [1, 1, 1]} it is 0.
     *
     * @throws NullPointerException if an argument is null
     * @param dim the softmax's dim, in {@code [0, x.rank())}
     */
    public static Tensor softmax(Tensor x, int dim, Tensor g) {
        Objects.requireNonNull(x, "BackwardRules.softmax: x is null");
        Objects.requireNonNull(g, "BackwardRules.softmax: g is null");
        // BEGIN SOLUTION ex4.4
        Tensor p = x.softmax(dim);
        Tensor weighted = g.mul(p).sum(new int[] {dim}, true); // Σⱼ gⱼ·pⱼ, one per slice
        return p.mul(g.sub(weighted));
        // END SOLUTION
    }
}
