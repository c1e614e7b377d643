package dev.gradbook.exercises.training;

import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.tensorgrad.TensorChecks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

/** ex9.3: {@link RMSprop} and {@link Adam}, against gradbook's. */
@Tag("ex9.3")
@ExtendWith(Seeded.class)
@DisplayName("ex9.3 RMSprop and Adam")
class AdaptiveOptimizersGrader {

    @Test
    @DisplayName("by hand, w = 1 and a constant gradient 2: RMSprop(0.01) gives 0.968377, 0.945436; Adam(0.1) steps 0.1 each time")
    void examples() {
        TensorChecks.assertClose(new double[] {0.968377, 0.945436}, OptimizerRace.constantGradient(new RMSprop(0.01, 0.9, 1e-7), 2),
                new int[] {2}, 1e-6, "w after 2 steps of RMSprop(lr 0.01, rho 0.9, epsilon 1e-7): s = 0.4, then 0.76;"
                        + " w ← w - 0.01·2/sqrt(s + 1e-7)");
        TensorChecks.assertClose(new double[] {0.9, 0.8, 0.7}, OptimizerRace.constantGradient(new Adam(0.1, 0.9, 0.999, 1e-7), 3),
                new int[] {3}, 1e-5, "w after 3 steps of Adam(lr 0.1): with the bias correction, a constant gradient moves"
                        + " w by lr per step");
    }

    @Test
    @DisplayName("random problems and hyperparameters, 10 steps: the same parameters as gradbook's RMSprop after every step")
    void rmspropMatchesGradbook(Random random) {
        for (int i = 0; i < 20; i++) {
            double lr = 0.001 + 0.05 * random.nextDouble();
            double rho = 0.5 + 0.49 * random.nextDouble();
            double epsilon = random.nextBoolean() ? 1e-7 : 1e-3 * random.nextDouble();
            OptimizerRace.race("RMSprop(lr " + lr + ", rho " + rho + ", epsilon " + epsilon + ")",
                    new RMSprop(lr, rho, epsilon), new dev.gradbook.layers.optimizers.RMSprop(lr, rho, epsilon), random, 10);
        }
    }

    @Test
    @DisplayName("random problems and hyperparameters, 10 steps: the same parameters as gradbook's Adam after every step")
    void adamMatchesGradbook(Random random) {
        for (int i = 0; i < 20; i++) {
            double lr = 0.001 + 0.05 * random.nextDouble();
            double beta1 = 0.5 + 0.45 * random.nextDouble();
            double beta2 = 0.9 + 0.0999 * random.nextDouble();
            double epsilon = random.nextBoolean() ? 1e-7 : 1e-3 * random.nextDouble();
            OptimizerRace.race("Adam(lr " + lr + ", beta1 " + beta1 + ", beta2 " + beta2 + ", epsilon " + epsilon + ")",
                    new Adam(lr, beta1, beta2, epsilon),
                    new dev.gradbook.layers.optimizers.Adam(lr, beta1, beta2, epsilon), random, 10);
        }
    }
}
