package dev.gradbook.exercises.training;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.tensorgrad.TensorChecks;
import dev.gradbook.layers.optimizers.Optimizer;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimizer graders' race: a student's optimizer and gradbook's run side by side on the same
 * seeded random problem, and their parameters must agree after every step.
 */
final class OptimizerRace {

    private OptimizerRace() {
    }

    /**
     * A small regression, {@code mean((tanh(x·W + b) − y)²)}, with a third parameter that the loss
     * never uses (so its gradient stays null and it must not move), trained for {@code steps} steps
     * by both optimizers from the same start.
     */
    static void race(String name, Optimizer yours, Optimizer gradbook, Random random, int steps) {
        int in = 1 + random.nextInt(4);
        int out = 1 + random.nextInt(3);
        Tensor x = TensorChecks.uniform(random, -2, 2, 8, in);
        Tensor y = TensorChecks.uniform(random, -1, 1, 8, out);
        Tensor[] start = {TensorChecks.uniform(random, -1, 1, in, out), TensorChecks.uniform(random, -1, 1, out),
                TensorChecks.uniform(random, -1, 1, 2)};
        List<Tensor> mine = leaves(start);
        List<Tensor> theirs = leaves(start);
        String[] names = {"W [" + in + ", " + out + "]", "b [" + out + "]", "an unused parameter (grad null)"};
        for (int step = 1; step <= steps; step++) {
            gradientStep(yours, mine, x, y);
            gradientStep(gradbook, theirs, x, y);
            for (int p = 0; p < names.length; p++) {
                Tensor w = mine.get(p);
                String what = name + ", step " + step + ", " + names[p];
                assertTrue(w.isLeaf() && w.requiresGrad(), what + ": a parameter must stay a leaf that wants gradients"
                        + " (update it in place, under GradMode.noGrad())");
                TensorChecks.assertClose(theirs.get(p), w, 1e-10, what + " (gradbook's optimizer is the oracle)");
            }
            assertNull(mine.get(2).grad(), name + ": the unused parameter got a gradient");
        }
        assertEquals(gradbook.learningRate(), yours.learningRate(), 0, name + ": learningRate()");
    }

    /** One training step as fit does it: forget the old gradients, backward, step. */
    private static void gradientStep(Optimizer optimizer, List<Tensor> parameters, Tensor x, Tensor y) {
        parameters.forEach(Tensor::zeroGrad);
        x.matmul(parameters.get(0)).add(parameters.get(1)).tanh().sub(y).pow(2).mean().backward();
        optimizer.step(parameters);
    }

    private static List<Tensor> leaves(Tensor[] values) {
        return java.util.Arrays.stream(values).map(TensorChecks::leaf).toList();
    }

    /**
     * The parameter {@code w = [1]} after each of {@code steps} steps with the constant gradient 2
     * (the loss {@code 2w}): the numbers of the graders' literal examples.
     */
    static double[] constantGradient(Optimizer optimizer, int steps) {
        Tensor w = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        double[] trajectory = new double[steps];
        for (int step = 0; step < steps; step++) {
            w.zeroGrad();
            w.mul(2).sum().backward();
            optimizer.step(List.of(w));
            trajectory[step] = w.item();
        }
        return trajectory;
    }
}
