package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Dense;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.History;
import dev.gradbook.layers.Sequential;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

@DisplayName("EarlyStopping")
class EarlyStoppingTest {

    /** Feeds one value of {@code key} per epoch and reports after which epoch the model was told to stop. */
    private static int stopEpoch(EarlyStopping early, Sequential model, String key, double... values) {
        early.setModel(model);
        early.onTrainBegin(Map.of());
        for (int epoch = 0; epoch < values.length; epoch++) {
            early.onEpochEnd(epoch, Map.of(key, values[epoch]));
            if (early.stoppedEpoch() >= 0) {
                return epoch;
            }
        }
        return -1;
    }

    @Nested
    @DisplayName("with a mocked model")
    class Mocked {

        @Test
        @DisplayName("stops once `patience` epochs in a row brought no improvement")
        void patience() {
            Sequential model = mock(Sequential.class);
            EarlyStopping early = new EarlyStopping().patience(2);

            // best 0.8 at epoch 1; epochs 2 and 3 do not improve: wait reaches 2 at epoch 3
            int stopped = stopEpoch(early, model, "val_loss", 1.0, 0.8, 0.85, 0.9, 0.7);

            assertEquals(3, stopped);
            assertEquals(1, early.bestEpoch());
            assertEquals(0.8, early.best());
            verify(model, times(1)).setStopTraining(true);
        }

        @Test
        @DisplayName("an improvement resets the count")
        void improvementResets() {
            Sequential model = mock(Sequential.class);
            assertEquals(-1, stopEpoch(new EarlyStopping().patience(2), model, "val_loss", 1.0, 1.1, 0.9, 1.0, 0.8));
            verify(model, never()).setStopTraining(true);
        }

        @Test
        @DisplayName("minDelta: smaller changes do not count as improvement")
        void minDelta() {
            Sequential model = mock(Sequential.class);
            EarlyStopping early = new EarlyStopping().minDelta(0.05).patience(1);
            assertEquals(1, stopEpoch(early, model, "val_loss", 1.0, 0.97, 0.5));
        }

        @Test
        @DisplayName("accuracies are better when larger (mode AUTO)")
        void maxForAccuracy() {
            Sequential model = mock(Sequential.class);
            EarlyStopping early = new EarlyStopping().monitor("val_accuracy").patience(1);
            assertEquals(2, stopEpoch(early, model, "val_accuracy", 0.5, 0.7, 0.6));
        }

        @Test
        @DisplayName("a quantity that is not logged is a clear error")
        void missingKey() {
            EarlyStopping early = new EarlyStopping();
            early.setModel(mock(Sequential.class));
            early.onTrainBegin(Map.of());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> early.onEpochEnd(0, Map.of("loss", 1.0, "accuracy", 0.5)));
            assertContainsAll(e.getMessage(), "'val_loss'", "available: ", "loss", "validationData");
        }
    }

    @Test
    @DisplayName("in fit: stops after patience and restores the best epoch's weights")
    void inFit() {
        Sequential model = new Sequential(1);
        model.add(new Dense(1, 2));
        model.compile("sgd", "mse");
        // minDelta 100: after epoch 0 nothing counts as an improvement, so epoch 0 stays the best.
        EarlyStopping early = new EarlyStopping().monitor("loss").minDelta(100).patience(2).restoreBestWeights(true);
        List<double[]> kernelAfterEpoch = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                kernelAfterEpoch.add(((Dense) model.layers().get(0)).kernel().toDoubleArray());
            }
        };
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
        Tensor y = Tensor.of(new double[] {1, 2, 3, 4}, 4, 1);

        History h = model.fit(x, y, new FitOptions().epochs(10).batchSize(2).verbose(0).callbacks(recorder, early));

        assertEquals(List.of(0, 1, 2), h.epochs(), "epochs 1 and 2 did not improve: patience 2 is used up");
        assertEquals(2, early.stoppedEpoch());
        assertArrayEquals(kernelAfterEpoch.get(0), ((Dense) model.layers().get(0)).kernel().toDoubleArray(),
                "the weights of epoch 0 were put back");
    }
}
