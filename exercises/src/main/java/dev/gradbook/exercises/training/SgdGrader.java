package dev.gradbook.exercises.training;

import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.tensorgrad.TensorChecks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** ex9.2: {@link SGD} with momentum, against gradbook's {@link dev.gradbook.layers.optimizers.SGD}. */
@Tag("ex9.2")
@ExtendWith(Seeded.class)
@DisplayName("ex9.2 SGD with momentum")
class SgdGrader {

    @Test
    @DisplayName("by hand, w = 1 and a constant gradient 2: lr 0.1 gives 0.8, 0.6, 0.4; with momentum 0.9, 0.8, 0.42, -0.122")
    void example() {
        TensorChecks.assertClose(new double[] {0.8, 0.6, 0.4}, OptimizerRace.constantGradient(new SGD(0.1, 0), 3),
                new int[] {3}, 1e-12, "w after 3 steps of SGD(lr 0.1, momentum 0): w ← w - 0.1·2");
        TensorChecks.assertClose(new double[] {0.8, 0.42, -0.122}, OptimizerRace.constantGradient(new SGD(0.1, 0.9), 3),
                new int[] {3}, 1e-12, "w after 3 steps of SGD(lr 0.1, momentum 0.9): v = -0.2, -0.38, -0.542");
    }

    @Test
    @DisplayName("hyperparameters out of range are refused")
    void refusesBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(0, 0.9), "new SGD(0, 0.9): the learning rate must be > 0");
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1), "new SGD(0.1, 1): momentum must be < 1");
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, -0.5), "new SGD(0.1, -0.5): momentum must be >= 0");
    }

    @Test
    @DisplayName("random problems and hyperparameters, 10 steps: the same parameters as gradbook's SGD after every step")
    void matchesGradbook(Random random) {
        for (int i = 0; i < 20; i++) {
            double lr = 0.01 + 0.3 * random.nextDouble();
            double momentum = random.nextInt(4) == 0 ? 0 : 0.95 * random.nextDouble();
            OptimizerRace.race("SGD(lr " + lr + ", momentum " + momentum + ")", new SGD(lr, momentum),
                    new dev.gradbook.layers.optimizers.SGD(lr, momentum, false), random, 10);
        }
    }
}
