package dev.gradbook.exercises.training;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.callbacks.Callback;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ex9.4: {@link EarlyStopping}, inside a real {@code fit}. A scripted callback, run before yours,
 * writes the monitored value of each epoch into the epoch's logs, so the grader decides what
 * "improving" looks like; gradbook's {@link dev.gradbook.layers.callbacks.EarlyStopping} given the
 * same script is the oracle.
 */
@Tag("ex9.4")
@ExtendWith(Seeded.class)
@DisplayName("ex9.4 an early-stopping callback")
class EarlyStoppingGrader {

    @Test
    @DisplayName("by hand: val_loss 1.0, 0.8, 0.9, 0.85, 0.7, ... with patience 2 stops after epoch 3 (from 0)")
    void example() {
        double[] script = {1.0, 0.8, 0.9, 0.85, 0.7, 0.95, 0.96, 0.97};
        EarlyStopping stopper = new EarlyStopping("val_loss", 2, 0);
        assertEquals(4, epochsRun(stopper, "val_loss", script), "epochs run: 0.8 is the best, 0.9 and 0.85 are two"
                + " epochs without improvement, so training stops at the end of epoch 3");
        assertEquals(3, stopper.stoppedEpoch(), "stoppedEpoch()");
        EarlyStopping patient = new EarlyStopping("val_loss", 10, 0);
        assertEquals(8, epochsRun(patient, "val_loss", script), "with patience 10 all 8 epochs run");
        assertEquals(-1, patient.stoppedEpoch(), "stoppedEpoch() when it did not stop");
    }

    @Test
    @DisplayName("by hand: val_accuracy 0.5, 0.6, 0.6 (larger is better for 'acc') and minDelta 0.05 against 1.0, 0.95")
    void modeAndMinDelta() {
        EarlyStopping accuracy = new EarlyStopping("val_accuracy", 1, 0);
        assertEquals(3, epochsRun(accuracy, "val_accuracy", new double[] {0.5, 0.6, 0.6, 0.6}),
                "val_accuracy 0.5, 0.6, 0.6 with patience 1: larger is better, so 0.6 improves and the second 0.6 does"
                        + " not; training stops after epoch 2");
        EarlyStopping delta = new EarlyStopping("val_loss", 1, 0.05);
        assertEquals(2, epochsRun(delta, "val_loss", new double[] {1.0, 0.95, 0.9, 0.85}),
                "val_loss 1.0, 0.95 with minDelta 0.05 and patience 1: 0.95 is not better than 1.0 by MORE than 0.05,"
                        + " so training stops after epoch 1");
    }

    @Test
    @DisplayName("a negative patience or minDelta (or a NaN minDelta) is refused, naming the numbers")
    void refusesBadArguments() {
        for (Object[] bad : new Object[][] {{-1, 0.0}, {2, -0.1}, {0, Double.NaN}}) {
            int patience = (int) bad[0];
            double minDelta = (double) bad[1];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EarlyStopping("val_loss", patience, minDelta),
                    "new EarlyStopping(\"val_loss\", " + patience + ", " + minDelta + ") should throw"
                            + " IllegalArgumentException: both must be >= 0");
            String message = String.valueOf(e.getMessage());
            assertTrue(message.contains(String.valueOf(patience)) && message.contains(String.valueOf(minDelta)),
                    "the message should name " + patience + " and " + minDelta + ": " + message);
        }
        new EarlyStopping("val_loss", 0, 0); // the smallest allowed values
    }

    @Test
    @DisplayName("a monitored quantity missing from the logs is refused, naming it")
    void refusesMissingKey() {
        EarlyStopping stopper = new EarlyStopping("val_loss", 1, 0);
        stopper.onTrainBegin(new HashMap<>());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> stopper.onEpochEnd(0, Map.of("loss", 0.5)), "onEpochEnd with logs {loss=0.5} but monitor val_loss");
        assertTrue(String.valueOf(e.getMessage()).contains("val_loss"), "the message should name val_loss: " + e.getMessage());
    }

    @Test
    @DisplayName("random curves, patience and minDelta: stops at the same epoch as gradbook's EarlyStopping, fit after fit")
    void matchesGradbook(Random random) {
        for (int i = 0; i < 30; i++) {
            String key = random.nextBoolean() ? "val_loss" : "val_accuracy";
            int patience = random.nextInt(4);
            double minDelta = random.nextBoolean() ? 0 : 0.05 * random.nextDouble();
            double[] script = new double[6 + random.nextInt(10)];
            double value = random.nextDouble();
            for (int e = 0; e < script.length; e++) {
                value += 0.1 * random.nextGaussian() + (key.equals("val_loss") ? 0.03 : -0.03); // drifting the wrong way
                script[e] = random.nextInt(5) == 0 && e > 0 ? script[e - 1] : value; // plateaus too
            }
            var oracle = new dev.gradbook.layers.callbacks.EarlyStopping().monitor(key).patience(patience).minDelta(minDelta);
            int expected = epochsRun(oracle, key, script);
            EarlyStopping stopper = new EarlyStopping(key, patience, minDelta);
            String what = "EarlyStopping(\"" + key + "\", patience " + patience + ", minDelta " + minDelta + ") on "
                    + Arrays.toString(script);
            assertEquals(expected, epochsRun(stopper, key, script), what + ": the number of epochs run");
            assertEquals(oracle.stoppedEpoch(), stopper.stoppedEpoch(), what + ": stoppedEpoch()");
            assertEquals(expected, epochsRun(stopper, key, script), what + ", used for a second fit: onTrainBegin"
                    + " should start afresh");
        }
    }

    /** How many epochs a tiny model's fit runs with {@code stopper}, when the epochs' {@code key} values are {@code script}. */
    private static int epochsRun(Callback stopper, String key, double[] script) {
        Sequential model = new Sequential(1);
        model.add(new dev.gradbook.layers.Dense(1, 1));
        model.compile(new dev.gradbook.layers.optimizers.SGD(0.01), "mse");
        Callback scripted = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                logs.put(key, script[epoch]);
            }
        };
        FitOptions options = new FitOptions().epochs(script.length).batchSize(4).verbose(0).callbacks(scripted, stopper);
        return model.fit(Tensor.ones(4, 1), Tensor.zeros(4, 1), options).epochs().size();
    }
}
