package dev.gradbook.exercises.training;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.tensorgrad.TensorChecks;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.losses.Loss;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;
import java.util.function.BiFunction;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ex9.1: {@link CategoricalCrossentropy}, against gradbook's {@link dev.gradbook.layers.losses.CategoricalCrossentropy}. */
@Tag("ex9.1")
@ExtendWith(Seeded.class)
@DisplayName("ex9.1 categorical cross-entropy")
class LossGrader {

    private final Loss yours = new CategoricalCrossentropy();
    private final Loss gradbook = new dev.gradbook.layers.losses.CategoricalCrossentropy();

    @Test
    @DisplayName("examples: -log 0.8 for [[0.2, 0.8]] against [[0, 1]], log 2 from logits [[0, 0]], -log 1e-7 for a probability of 0")
    void examples() {
        Tensor target = Tensor.of(new double[] {0, 1}, 1, 2);
        Tensor loss = yours.compute(target, Tensor.of(new double[] {0.2, 0.8}, 1, 2));
        assertEquals(0, loss.rank(), "the loss is one number, a 0-d tensor, so that backward() can start from it");
        assertEquals(-Math.log(0.8), loss.item(), 1e-12, "compute([[0, 1]], [[0.2, 0.8]]) = -log 0.8");
        assertEquals(Math.log(2), yours.computeFromLogits(target, Tensor.zeros(1, 2)).item(), 1e-12,
                "computeFromLogits([[0, 1]], [[0, 0]]): softmax gives [0.5, 0.5], so the loss is log 2");
        assertEquals(-Math.log(1e-7), yours.compute(target, Tensor.of(new double[] {1, 0}, 1, 2)).item(), 1e-6,
                "compute([[0, 1]], [[1, 0]]): clip the probability 0 to 1e-7 before the log, as Keras does");
        assertEquals(-(Math.log(0.8) + Math.log(0.5)) / 2, yours.compute(Tensor.of(new double[] {0, 1, 1, 0}, 2, 2),
                Tensor.of(new double[] {0.2, 0.8, 0.5, 0.5}, 2, 2)).item(), 1e-12,
                "compute over a batch of two rows: the mean of the rows' losses, not the sum");
        assertEquals("categorical_crossentropy", yours.name(), "name()");
        assertEquals("softmax", yours.fusedActivation(), "fusedActivation(): a final softmax folds into this loss");
    }

    @Test
    @DisplayName("random batches of probabilities (one-hot and soft targets): the same loss and gradient as gradbook's")
    void randomProbabilities(Random random) {
        for (int i = 0; i < 50; i++) {
            int batch = 1 + random.nextInt(8);
            int classes = 2 + random.nextInt(5);
            Tensor target = targets(random, batch, classes);
            Tensor probabilities = TensorChecks.uniform(random, -3, 3, batch, classes).softmax(1);
            compare("compute(y_true, y_pred of shape " + str(probabilities.shape()) + ")", yours::compute,
                    gradbook::compute, target, probabilities);
        }
    }

    @Test
    @DisplayName("random logits up to ±1000: the same loss and gradient as gradbook's computeFromLogits, never infinite")
    void randomLogits(Random random) {
        for (int i = 0; i < 50; i++) {
            int batch = 1 + random.nextInt(8);
            int classes = 2 + random.nextInt(5);
            double scale = Math.pow(10, 3 * random.nextDouble());
            Tensor target = targets(random, batch, classes);
            Tensor logits = TensorChecks.uniform(random, -scale, scale, batch, classes);
            compare("computeFromLogits(y_true, logits of shape " + str(logits.shape()) + " in ±" + (float) scale + ")",
                    yours::computeFromLogits, gradbook::computeFromLogits, target, logits);
        }
    }

    @Test
    @DisplayName("targets and predictions of different shapes, or not [batch, classes], are refused by both methods,"
            + " naming both shapes")
    void refusesMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> yours.compute(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), "compute(y_true [2, 3], y_pred [2, 4])");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[2, 3]") && message.contains("[2, 4]"), "the message should name both shapes: " + message);
        // Shapes that broadcast: without a check of your own, the arithmetic would quietly compute a wrong loss.
        int[][][] refused = {{{4, 3}, {1, 3}}, {{1, 3}, {4, 3}}, {{3}, {3}}, {{2, 2, 3}, {2, 2, 3}}};
        for (int[][] shapes : refused) {
            String pair = "(y_true " + str(shapes[0]) + ", y_pred " + str(shapes[1]) + ")";
            String why = java.util.Arrays.equals(shapes[0], shapes[1]) ? ": both must be [batch, classes], of rank 2"
                    : ": the shapes differ, even though they broadcast";
            IllegalArgumentException fromProbabilities = assertThrows(IllegalArgumentException.class,
                    () -> yours.compute(Tensor.zeros(shapes[0]), Tensor.full(0.5, shapes[1])), "compute" + pair + why);
            assertTrue(String.valueOf(fromProbabilities.getMessage()).contains(str(shapes[1])), "compute" + pair
                    + ": the message should name both shapes: " + fromProbabilities.getMessage());
            IllegalArgumentException fromLogits = assertThrows(IllegalArgumentException.class,
                    () -> yours.computeFromLogits(Tensor.zeros(shapes[0]), Tensor.zeros(shapes[1])),
                    "computeFromLogits" + pair + why);
            assertTrue(String.valueOf(fromLogits.getMessage()).contains(str(shapes[1])), "computeFromLogits" + pair
                    + ": the message should name both shapes: " + fromLogits.getMessage());
        }
    }

    @Test
    @DisplayName("in a Sequential ending in softmax: training with your loss gives the losses training with gradbook's gives")
    void trainsInSequential(Random random) {
        long seed = random.nextLong();
        Tensor x = TensorChecks.uniform(random, -1, 1, 16, 4);
        Tensor y = targets(random, 16, 3);
        double[] withYours = train(seed, yours, x, y);
        double[] withGradbook = train(seed, gradbook, x, y);
        TensorChecks.assertClose(withGradbook, withYours, new int[] {withYours.length}, 1e-10,
                "the loss of 5 training steps of Dense(3, softmax) with your loss (the model calls computeFromLogits)");
    }

    private static double[] train(long seed, Loss loss, Tensor x, Tensor y) {
        Sequential model = new Sequential(seed);
        model.add(dev.gradbook.layers.Dense.builder(3).activation("softmax").inputShape(4).build());
        model.compile(new dev.gradbook.layers.optimizers.SGD(0.5), loss);
        double[] losses = new double[5];
        for (int step = 0; step < losses.length; step++) {
            losses[step] = model.trainOnBatch(x, y)[0];
        }
        return losses;
    }

    private static void compare(String call, BiFunction<Tensor, Tensor, Tensor> yours,
                                BiFunction<Tensor, Tensor, Tensor> oracle, Tensor target, Tensor input) {
        Tensor expectedLeaf = TensorChecks.leaf(input);
        Tensor expected = oracle.apply(target, expectedLeaf);
        expected.backward();
        Tensor actualLeaf = TensorChecks.leaf(input);
        Tensor actual = yours.apply(target, actualLeaf);
        assertEquals(0, actual.rank(), call + ": the loss should be a 0-d tensor, got shape " + str(actual.shape()));
        assertTrue(Double.isFinite(actual.item()), call + " is " + actual.item());
        assertEquals(expected.item(), actual.item(), 1e-10 * Math.max(1, Math.abs(expected.item())), call);
        actual.backward();
        TensorChecks.assertClose(expectedLeaf.grad(), actualLeaf.grad(), 1e-9, call + ", the gradient with respect to"
                + " the predictions (use tensor operations, so that autograd records them)");
    }

    /** One-hot rows, or (half the time) soft rows that sum to 1. */
    private static Tensor targets(Random random, int batch, int classes) {
        if (random.nextBoolean()) {
            return TensorChecks.uniform(random, 0, 4, batch, classes).softmax(1);
        }
        double[] values = new double[batch * classes];
        for (int row = 0; row < batch; row++) {
            values[row * classes + random.nextInt(classes)] = 1;
        }
        return Tensor.of(values, batch, classes);
    }
}
