package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Todo;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * ex4.5: a finite-difference gradient checker (chapter 4, "Gradient checking with finite
 * differences"), the test that trusts no backward formula.
 *
 * <p>For a function {@code f} from a tensor {@code x} to a single number, the central difference
 * {@code (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h} estimates {@code ∂f/∂xᵢ} to order {@code h²}. The
 * checker compares that estimate with a claimed gradient, element by element, and must say no to
 * a gradient with a wrong sign, a missing transpose, a factor off by a tenth of a percent, one
 * wrong element, a NaN, or the wrong shape. The grader hands it correct and broken gradients and
 * checks every verdict.
 */
public final class GradientChecker {

    /** The step of the central differences {@link #gradientIsCorrect} uses: near the best for F64. */
    public static final double STEP = 1e-6;

    /**
     * How close the two gradients must be: element {@code i} agrees when
     * {@code |claimed[i] − numeric[i]| <= TOLERANCE · max(1, |claimed[i]| + |numeric[i]|)}.
     */
    public static final double TOLERANCE = 1e-6;

    private GradientChecker() {
    }

    /**
     * The central-difference estimate of the gradient of {@code f} at {@code x}: one number per
     * element of {@code x}, in row-major order. {@code f} is called with tensors of {@code x}'s
     * shape and must return a single number (a 0-d tensor); {@code x} itself is left unchanged.
     * Only forward passes happen here, so record no graph ({@code GradMode.noGrad()}).
     *
     * @throws NullPointerException if an argument is null
     */
    public static double[] numericGradient(Function<Tensor, Tensor> f, Tensor x, double h) {
        Objects.requireNonNull(f, "GradientChecker.numericGradient: f is null");
        Objects.requireNonNull(x, "GradientChecker.numericGradient: x is null");
        // BEGIN SOLUTION ex4.5
        double[] values = x.toDoubleArray();
        double[] slope = new double[values.length];
        try (Scope off = GradMode.noGrad()) {
            for (int i = 0; i < values.length; i++) {
                double original = values[i];
                values[i] = original + h;
                double up = f.apply(Tensor.of(values.clone(), x.shape())).item();
                values[i] = original - h;
                double down = f.apply(Tensor.of(values.clone(), x.shape())).item();
                values[i] = original;
                slope[i] = (up - down) / (2 * h);
            }
        }
        return slope;
        // END SOLUTION
    }

    /**
     * Whether {@code gradient.apply(x)} is the gradient of {@code f} at {@code x}: it has
     * {@code x}'s shape and every element agrees with {@link #numericGradient} (step
     * {@link #STEP}) within {@link #TOLERANCE}. A NaN anywhere is a disagreement. Never throws for
     * a wrong gradient: it answers false.
     *
     * @throws NullPointerException if an argument is null
     */
    public static boolean gradientIsCorrect(Function<Tensor, Tensor> f, Function<Tensor, Tensor> gradient, Tensor x) {
        Objects.requireNonNull(f, "GradientChecker.gradientIsCorrect: f is null");
        Objects.requireNonNull(gradient, "GradientChecker.gradientIsCorrect: gradient is null");
        Objects.requireNonNull(x, "GradientChecker.gradientIsCorrect: x is null");
        // BEGIN SOLUTION ex4.5
        Tensor claimed = gradient.apply(x);
        if (claimed == null || !Arrays.equals(claimed.shape(), x.shape())) {
            return false;
        }
        double[] analytic = claimed.toDoubleArray();
        double[] numeric = numericGradient(f, x, STEP);
        for (int i = 0; i < numeric.length; i++) {
            double error = Math.abs(analytic[i] - numeric[i]);
            double scale = Math.max(1, Math.abs(analytic[i]) + Math.abs(numeric[i]));
            if (!(error <= TOLERANCE * scale)) { // written so that NaN disagrees
                return false;
            }
        }
        return true;
        // END SOLUTION
    }
}
