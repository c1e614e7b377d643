package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;

import java.util.SplittableRandom;

/** Small, seeded problems that a model must learn in a few seconds on the naive backend. */
public final class Datasets {
    private Datasets() {
    }

    /** Inputs and targets. */
    public record XY(Tensor x, Tensor y) {
    }

    /**
     * XOR in the plane: {@code n} points uniform in [-1, 1]², labelled 1 when both coordinates have
     * the same sign. No straight line separates the classes, so a model needs a hidden layer.
     * Targets are {@code [n, 1]} zeros and ones, or class indices {@code [n]} with {@code sparse}.
     */
    public static XY xor(int n, long seed, boolean sparse) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a = 2 * random.nextDouble() - 1;
            double b = 2 * random.nextDouble() - 1;
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = a * b > 0 ? 1 : 0;
        }
        return new XY(Tensor.of(x, n, 2), sparse ? Tensor.of(y, n) : Tensor.of(y, n, 1));
    }
}
