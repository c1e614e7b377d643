package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.View;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.leaf;
import static dev.gradbook.exercises.tensorgrad.TensorChecks.plain;
import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The checks of the backward-rule graders (ex4.2 to ex4.4): a student's rule, run under
 * {@code noGrad} on plain tensors, against gradbook's autograd run on the same numbers.
 */
final class RuleChecks {

    /** A rule for a two-input operation, as {@link BackwardRules} writes them. */
    interface BinaryRule {
        Tensor[] apply(Tensor a, Tensor b, Tensor g);
    }

    /** A rule for a one-input operation. */
    interface UnaryRule {
        Tensor apply(Tensor x, Tensor g);
    }

    private RuleChecks() {
    }

    /**
     * Checks {@code rule} for {@code op} at {@code (a, b)} with output gradient {@code g}: each
     * returned gradient, reduced to its input's shape as gradbook's backward loop does, equals
     * the gradient gradbook's autograd gives that input.
     */
    static void checkBinary(String call, BinaryOperator<Tensor> op, BinaryRule rule, Tensor a, Tensor b, Tensor g,
                            double tolerance) {
        Tensor la = leaf(a);
        Tensor lb = leaf(b);
        op.apply(la, lb).backward(plain(g));
        Tensor[] actual;
        try (Scope off = GradMode.noGrad()) {
            actual = rule.apply(plain(a), plain(b), plain(g));
        }
        String what = call + " with g of shape " + str(g.shape());
        assertNotNull(actual, what + ": the rule returned null instead of two gradients");
        assertEquals(2, actual.length, what + ": the rule should return two gradients, {dL/da, dL/db}");
        checkInputGradient(what + ", dL/da", la.grad(), actual[0], g.shape(), tolerance);
        checkInputGradient(what + ", dL/db", lb.grad(), actual[1], g.shape(), tolerance);
    }

    /** {@link #checkBinary} for a one-input operation whose rule returns the input's gradient itself. */
    static void checkUnary(String call, UnaryOperator<Tensor> op, UnaryRule rule, Tensor x, Tensor g, double tolerance) {
        Tensor lx = leaf(x);
        op.apply(lx).backward(plain(g));
        Tensor actual;
        try (Scope off = GradMode.noGrad()) {
            actual = rule.apply(plain(x), plain(g));
        }
        TensorChecks.assertClose(lx.grad(), actual, tolerance, call + " with g of shape " + str(g.shape())
                + ", dL/dx (of x's shape " + str(x.shape()) + ")");
    }

    /**
     * A gradient in the broadcast shape the operation computed in (or already in the input's),
     * reduced to the input's shape by gradbook, equals autograd's.
     */
    private static void checkInputGradient(String what, Tensor expected, Tensor actual, int[] outputShape,
                                           double tolerance) {
        if (actual == null) {
            fail(what + ": is null; return a tensor of the output's shape " + str(outputShape));
        }
        int[] input = expected.shape();
        if (!Arrays.equals(View.broadcastShape(input, actual.shape()), actual.shape())) {
            fail(what + ": has shape " + str(actual.shape()) + ", which the input's shape " + str(input) + " does not"
                    + " broadcast to; return it in the shape the operation computed in (" + str(outputShape)
                    + " for element-wise operations), and the backward loop sums it to " + str(input));
        }
        TensorChecks.assertClose(expected, TensorChecks.reduceLikeGradbook(actual, input), tolerance,
                what + " (summed to the input's shape " + str(input) + " as gradbook's backward loop does)");
    }
}
