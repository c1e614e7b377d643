package dev.gradbook.exercises.tensorgrad;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.grading.Todo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static dev.gradbook.exercises.tensorgrad.TensorChecks.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * ex4.5: {@link GradientChecker}. Its numeric gradient must match gradbook's autograd, and its
 * verdict must accept every correct gradient and reject every deliberately broken one.
 */
@Tag("ex4.5")
@ExtendWith(Seeded.class)
@DisplayName("ex4.5 a gradient checker")
class GradientCheckerGrader {

    /** A function of one tensor to one number, with a name for messages. */
    private record Subject(String name, Function<Tensor, Tensor> f, Tensor x) {
        /** The true gradient, from gradbook's autograd. */
        Tensor gradient(Tensor at) {
            Tensor leaf = TensorChecks.leaf(at);
            f.apply(leaf).backward();
            return leaf.grad();
        }
    }

    @Test
    @DisplayName("the book's example: f = sum(x·x) at [1, 2, 3] has gradient [2, 4, 6]; x and -2x are wrong")
    void example() {
        Function<Tensor, Tensor> f = t -> t.mul(t).sum();
        Tensor x = Tensor.of(new double[] {1, 2, 3});
        double[] numeric = GradientChecker.numericGradient(f, x, 1e-6);
        TensorChecks.assertClose(new double[] {2, 4, 6}, numeric, new int[] {3}, 1e-8,
                "numericGradient(sum(x·x), [1, 2, 3], h = 1e-6)");
        assertArrayEquals(new double[] {1, 2, 3}, x.toDoubleArray(), "numericGradient must leave x unchanged");
        assertTrue(GradientChecker.gradientIsCorrect(f, t -> t.mul(2), x), "2x is the gradient of sum(x·x): accept it");
        assertFalse(GradientChecker.gradientIsCorrect(f, t -> t, x), "x is not the gradient of sum(x·x): reject it");
        assertFalse(GradientChecker.gradientIsCorrect(f, t -> t.mul(-2), x), "-2x (a wrong sign) must be rejected");
    }

    @Test
    @DisplayName("random functions (mul, matmul, tanh, logSoftmax, a broadcast bias): the numeric gradient matches autograd")
    void numericMatchesAutograd(Random random) {
        for (int i = 0; i < 10; i++) {
            for (Subject subject : subjects(random)) {
                double[] before = subject.x().toDoubleArray();
                List<int[]> seenShapes = new ArrayList<>();
                Function<Tensor, Tensor> watched = t -> {
                    seenShapes.add(t.shape());
                    return subject.f().apply(t);
                };
                double[] numeric = GradientChecker.numericGradient(watched, subject.x(), 1e-6);
                String call = "numericGradient(" + subject.name() + ", x of shape " + str(subject.x().shape()) + ", h = 1e-6)";
                TensorChecks.assertClose(subject.gradient(subject.x()).toDoubleArray(), numeric, subject.x().shape(), 1e-6, call);
                assertArrayEquals(before, subject.x().toDoubleArray(), call + " must leave x unchanged");
                assertEquals(2 * subject.x().numel(), seenShapes.size(), call + ": f should be called twice per element"
                        + " of x (x + h·eᵢ and x − h·eᵢ)");
                for (int[] shape : seenShapes) {
                    assertArrayEquals(subject.x().shape(), shape, call + ": f should be called with tensors of x's shape");
                }
            }
        }
    }

    @Test
    @DisplayName("a large step (h = 1e-3) on sum(exp(2x)): only central differences are accurate to 1e-5")
    void centralDifferences(Random random) {
        Tensor x = uniform(random, -1, 1, 6);
        Function<Tensor, Tensor> f = t -> t.mul(2).exp().sum();
        double[] expected = x.mul(2).exp().mul(2).toDoubleArray();
        TensorChecks.assertClose(expected, GradientChecker.numericGradient(f, x, 1e-3), x.shape(), 1e-5,
                "numericGradient(sum(exp(2x)), x, h = 1e-3): a one-sided difference (f(x+h) − f(x)) / h is off by"
                        + " about h·f''/2 here; use (f(x+h) − f(x−h)) / 2h, and the h you are given");
    }

    @Test
    @DisplayName("random points: every correct gradient is accepted")
    void acceptsCorrect(Random random) {
        for (int i = 0; i < 10; i++) {
            for (Subject subject : subjects(random)) {
                Tensor truth = subject.gradient(subject.x()); // computed here: the checker may run f under noGrad
                assertTrue(GradientChecker.gradientIsCorrect(subject.f(), t -> truth, subject.x()),
                        "gradientIsCorrect(" + subject.name() + ", its true gradient from autograd, x of shape "
                                + str(subject.x().shape()) + ") should be true");
            }
        }
    }

    @Test
    @DisplayName("steep and flat functions: the tolerance scales with large gradients and stays 1e-6 near zero")
    void toleranceScales(Random random) {
        double[] large = new double[8];
        for (int i = 0; i < large.length; i++) {
            large[i] = (i % 2 == 0 ? 1 : -1) * (0.5 + 1.5 * random.nextDouble()); // |x| >= 0.5: gradients >= 1e6
        }
        Tensor spread = Tensor.of(large);
        List<Subject> subjects = List.of(
                // Gradients of 1e6 to 4e6 in size: the numeric estimate is off by about 1e-3, which the relative
                // tolerance (1e-6 · (|a| + |n|), a few units here) must forgive, for either sign.
                new Subject("sum(1e6·x·x), gradients of both signs in the millions", t -> t.mul(t).mul(1e6).sum(), spread),
                // Gradients below 3e-6 on top of f ≈ 1000: rounding f to its last bit puts the estimate off by
                // about 5e-8, far more than 1e-6 of so small a gradient. The max(1, ...) of the tolerance keeps an
                // absolute 1e-6 near zero, so a relative rule alone must not reject it.
                new Subject("1000 + sum(x·x·x) for x in ±1e-3, gradients near zero",
                        t -> t.mul(t).mul(t).sum().add(1000), uniform(random, -1e-3, 1e-3, 6)));
        for (Subject subject : subjects) {
            Tensor truth = subject.gradient(subject.x());
            assertTrue(GradientChecker.gradientIsCorrect(subject.f(), t -> truth, subject.x()),
                    "gradientIsCorrect(" + subject.name() + ", its true gradient " + Arrays.toString(truth.toDoubleArray())
                            + ") should be true: an element agrees when |claimed − numeric| <= 1e-6 · max(1, |claimed|"
                            + " + |numeric|)");
        }
    }

    @Test
    @DisplayName("random points: every broken gradient is rejected (sign, transpose, 0.1 %, one element, NaN, shape, zeros, null)")
    void rejectsBroken(Random random) {
        for (int i = 0; i < 5; i++) {
            Tensor a = uniform(random, -2, 2, 3, 4);
            Tensor w = uniform(random, -1, 1, 4, 3);
            Tensor divisor = uniform(random, 1, 3, 3, 4);
            Function<Tensor, Tensor> quotient = t -> t.div(divisor).tanh().sum();
            Function<Tensor, Tensor> byDivisor = t -> a.div(t).sum();
            Function<Tensor, Tensor> product = t -> t.matmul(w).tanh().sum();
            Subject right = new Subject("tanh(x·W).sum() for W [4, 3]", product, a);
            Tensor truth = right.gradient(a); // computed here: the checker may run f under noGrad
            List<Object[]> broken = List.of(
                    new Object[] {"sum(a / x) with the sign of -a/x² flipped", byDivisor,
                            (Function<Tensor, Tensor>) t -> a.div(t.mul(t)), divisor},
                    new Object[] {"tanh(x/d).sum() with 1/d forgotten", quotient,
                            (Function<Tensor, Tensor>) t -> t.div(divisor).tanh().pow(2).neg().add(1), a},
                    new Object[] {right.name() + " times 1.001", product,
                            (Function<Tensor, Tensor>) t -> truth.mul(1.001), a},
                    new Object[] {right.name() + " with its last element off by 1e-3", product,
                            (Function<Tensor, Tensor>) t -> truth.add(lastElement(t.shape(), 1e-3)), a},
                    new Object[] {right.name() + " with a NaN in it", product,
                            (Function<Tensor, Tensor>) t -> truth.add(lastElement(t.shape(), Double.NaN)), a},
                    new Object[] {right.name() + " transposed (shape [4, 3] for an x of [3, 4])", product,
                            (Function<Tensor, Tensor>) t -> truth.t().contiguous(), a},
                    new Object[] {right.name() + " flattened to shape [12]", product,
                            (Function<Tensor, Tensor>) t -> truth.reshape(12), a},
                    new Object[] {"zeros for " + right.name(), product, (Function<Tensor, Tensor>) Tensor::zerosLike, a},
                    new Object[] {"null instead of a gradient for " + right.name(), product,
                            (Function<Tensor, Tensor>) t -> null, a});
            for (Object[] c : broken) {
                @SuppressWarnings("unchecked")
                Function<Tensor, Tensor> f = (Function<Tensor, Tensor>) c[1];
                @SuppressWarnings("unchecked")
                Function<Tensor, Tensor> gradient = (Function<Tensor, Tensor>) c[2];
                boolean verdict;
                try {
                    verdict = GradientChecker.gradientIsCorrect(f, gradient, (Tensor) c[3]);
                } catch (Todo.TaskNotDone e) {
                    throw e; // not started: the scoreboard says so
                } catch (RuntimeException e) {
                    fail("gradientIsCorrect threw " + e + " for a broken gradient (" + c[0] + "); answer false instead");
                    return;
                }
                assertFalse(verdict, "gradientIsCorrect accepted a broken gradient: " + c[0]);
            }
        }
    }

    /** The functions the checker is tried on, at fresh random points. */
    private static List<Subject> subjects(Random random) {
        Tensor x = uniform(random, -2, 2, 2, 3);
        Tensor w = uniform(random, -1, 1, 3, 4);
        Tensor bias = uniform(random, -1, 1, 4);
        Tensor positive = uniform(random, 0.5, 3, 5);
        return List.of(
                new Subject("sum(3·x·x)", t -> t.mul(t).mul(3).sum(), x),
                new Subject("tanh(x·W).sum()", t -> t.matmul(w).tanh().sum(), x),
                new Subject("tanh(X·w).sum()", t -> x.matmul(t).tanh().sum(), w),
                new Subject("logSoftmax(X·W + b)[:, 0].sum(), b broadcast", t -> x.matmul(w).add(t).logSoftmax(1)
                        .narrow(1, 0, 1).sum(), bias),
                new Subject("sum(log(x) / x)", t -> t.log().div(t).sum(), positive));
    }

    /** Zeros of {@code shape} with {@code value} in the last element. */
    private static Tensor lastElement(int[] shape, double value) {
        double[] values = new double[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        values[values.length - 1] = value;
        return Tensor.of(values, shape);
    }
}
