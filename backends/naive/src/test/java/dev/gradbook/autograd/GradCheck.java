package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.View;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks reverse-mode gradients against central finite differences.
 *
 * <p>The scalar loss is {@code L = sum(f(inputs) * W)} with fixed random weights {@code W} of the
 * output's shape, so every output element matters and a gradient that is right only "on average"
 * is still caught. For each storage cell {@code p} that an input's view reads, the numerical
 * derivative is {@code (L(x_p + h) - L(x_p - h)) / 2h}. The analytical one is the sum of
 * {@code grad} over the elements that live in cell {@code p}: one element for an ordinary view
 * (contiguous, transposed, narrowed), several for an expanded one (stride 0) — which is exactly
 * how much {@code L} moves when that one shared number moves.
 *
 * <p>Tolerance: {@code |analytic - numeric| <= 1e-6 * max(|analytic|, |numeric|) + 1e-7}. With
 * {@code h = 1e-6} the truncation error of central differences is about {@code h² f''' / 6 ≈ 1e-12}
 * and the rounding error about {@code ε·|L| / h ≈ 1e-9} for the small losses used here; the
 * absolute floor of {@code 1e-7} sits above that noise and far below the gradients being checked
 * (the checker also insists that some gradient is larger than {@code 1e-3}, so that it can never
 * pass by comparing zeros with zeros).
 */
final class GradCheck {
    static final double H = 1e-6;
    static final double RELATIVE_TOLERANCE = 1e-6;
    static final double ABSOLUTE_FLOOR = 1e-7;

    private GradCheck() {
    }

    /**
     * Asserts that the gradient of {@code sum(f(inputs) * W)} with respect to every input matches
     * central finite differences, and that each gradient has its input's shape. Every input must
     * be an F64 leaf with {@code requiresGrad(true)}; {@code f} must not keep state between calls.
     */
    static void checkGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            assertTrue(in.isLeaf() && in.requiresGrad(), "input " + i + " must be a leaf with requiresGrad(true)");
            assertEquals(DType.F64, in.dtype(), "finite differences need F64 (input " + i + ")");
            in.zeroGrad();
        }
        int[] outShape;
        try (Scope off = GradMode.noGrad()) {
            outShape = f.apply(inputs).shape();
        }
        Tensor weights = randomWeights(outShape);

        Tensor loss = f.apply(inputs).mul(weights).sum();
        assertTrue(loss.requiresGrad(), "the loss does not depend on any input that requires grad");
        loss.backward();

        double largest = 0;
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            Tensor grad = in.grad();
            assertNotNull(grad, "input " + i + " " + View.str(in.shape()) + " received no gradient");
            assertArrayEquals(in.shape(), grad.shape(), "gradient of input " + i + " must have the input's shape");
            assertEquals(DType.F64, grad.dtype());

            // Storage cell -> summed analytical gradient of the elements stored there.
            Map<Integer, Double> analytic = new LinkedHashMap<>();
            int[] index = new int[in.rank()];
            for (int ordinal = 0; ordinal < in.numel(); ordinal++) {
                View.unravel(ordinal, in.shape(), index);
                analytic.merge(in.view().position(index), grad.get(index), Double::sum);
            }
            for (Map.Entry<Integer, Double> cell : analytic.entrySet()) {
                int position = cell.getKey();
                double a = cell.getValue();
                double n = numericDerivative(f, weights, inputs, in, position);
                largest = Math.max(largest, Math.max(Math.abs(a), Math.abs(n)));
                assertTrue(Double.isFinite(a), "non-finite analytical gradient " + a);
                double allowed = RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(n)) + ABSOLUTE_FLOOR;
                if (!(Math.abs(a - n) <= allowed)) {
                    failures.append(String.format(java.util.Locale.ROOT,
                            "%n  input %d %s, storage cell %d: backward gives %.12g, finite differences %.12g"
                                    + " (difference %.3g > allowed %.3g)",
                            i, View.str(in.shape()), position, a, n, Math.abs(a - n), allowed));
                }
            }
        }
        if (failures.length() > 0) {
            fail("gradient check failed:" + failures);
        }
        assertTrue(largest > 1e-3, "every gradient is (nearly) zero, so the check would prove nothing;"
                + " choose inputs where the function is not flat");
    }

    private static double numericDerivative(Function<Tensor[], Tensor> f, Tensor weights, Tensor[] inputs,
                                            Tensor in, int position) {
        var storage = in.view().storage();
        double original = storage.get(position);
        double up = original + H;
        double down = original - H;
        try (Scope off = GradMode.noGrad()) {
            storage.set(position, up);
            double lossUp = f.apply(inputs).mul(weights).sum().item();
            storage.set(position, down);
            double lossDown = f.apply(inputs).mul(weights).sum().item();
            return (lossUp - lossDown) / (up - down);
        } finally {
            storage.set(position, original);
        }
    }

    /** Weights in ±[0.5, 1.5], seeded by the shape so a case always sees the same ones. */
    private static Tensor randomWeights(int[] shape) {
        SplittableRandom rng = new SplittableRandom(31L * Arrays.hashCode(shape) + 7);
        double[] w = new double[View.numel(shape)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (rng.nextBoolean() ? 1 : -1) * (0.5 + rng.nextDouble());
        }
        return Tensor.of(w, shape);
    }
}
