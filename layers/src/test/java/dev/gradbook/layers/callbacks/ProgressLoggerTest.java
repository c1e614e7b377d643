package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Dense;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("ProgressLogger: Keras' progress bar")
class ProgressLoggerTest {
    private static final long MS = 1_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Double> logs(double loss, double accuracy) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", loss);
        logs.put("accuracy", accuracy);
        return logs;
    }

    /** One epoch of 63 batches, 30 ms each, with validation results at the end. */
    private void runEpoch(ProgressLogger logger) {
        logger.setParams(new TrainingParams(20, 63, 8000, 1));
        logger.onEpochBegin(0, Map.of());
        for (int batch = 0; batch < 63; batch++) {
            clock.addAndGet(30 * MS);
            logger.onBatchEnd(batch, logs(0.5, 0.8));
        }
        Map<String, Double> end = logs(0.412, 0.88123);
        end.put("val_loss", 0.2011);
        end.put("val_accuracy", 0.94);
        logger.onEpochEnd(0, end);
    }

    @Nested
    @DisplayName("verbose 1")
    class Bar {

        @Test
        @DisplayName("in a log (not a terminal): exactly one line per epoch, no carriage returns")
        void logFile() {
            runEpoch(new ProgressLogger(out, 1, false, clock::get));
            assertEquals("Epoch 1/20\n63/63 [==============================] - 2s 30ms/step - loss: 0.4120"
                    + " - accuracy: 0.8812 - val_loss: 0.2011 - val_accuracy: 0.9400\n", printed());
        }

        @Test
        @DisplayName("on a terminal: redrawn in place with \\r and an ETA, then the final line")
        void terminal() {
            runEpoch(new ProgressLogger(out, 1, true, clock::get));
            String text = printed();
            // redrawn every other 30 ms batch; after batch 11: 11/63 of 30 characters is 5 → "====>",
            // and 52 batches of 30 ms are left → ETA 1.56 s, shown as 2s
            assertContainsAll(text, "\r11/63 [====>.........................] - ETA: 2s - loss: 0.5000 - accuracy: 0.8000",
                    "\r63/63 [==============================] - 2s 30ms/step - loss: 0.4120");
            assertTrue(text.endsWith("val_accuracy: 0.9400\n"));
        }

        @Test
        @DisplayName("on a terminal: redraws at most every 50 ms")
        void throttled() {
            ProgressLogger logger = new ProgressLogger(out, 1, true, clock::get);
            logger.setParams(new TrainingParams(1, 100, 100, 1));
            logger.onEpochBegin(0, Map.of());
            for (int batch = 0; batch < 10; batch++) {
                clock.addAndGet(10 * MS); // 10 batches in 100 ms
                logger.onBatchEnd(batch, logs(1, 0));
            }
            assertEquals(2, printed().chars().filter(c -> c == '\r').count(), "at 10 ms and at 60 ms");
        }
    }

    @Test
    @DisplayName("verbose 2: one plain line per epoch with the time per epoch")
    void verbose2() {
        runEpoch(new ProgressLogger(out, 2, true, clock::get));
        assertEquals("Epoch 1/20\n63/63 - 2s - loss: 0.4120 - accuracy: 0.8812 - val_loss: 0.2011"
                + " - val_accuracy: 0.9400 - 2s/epoch - 30ms/step\n", printed());
    }

    @Test
    @DisplayName("the pieces: bar, ETA, time per step and tiny values")
    void pieces() {
        assertEquals("[..............................]", ProgressLogger.bar(0, 63));
        assertEquals("[==============>...............]", ProgressLogger.bar(1, 2));
        assertEquals("1:02:05", ProgressLogger.eta(3725));
        assertEquals("2:05", ProgressLogger.eta(125));
        assertEquals("250us/step", ProgressLogger.perStep(0.00025));
        assertEquals("3s/step", ProgressLogger.perStep(3.2));
        assertEquals(" - loss: 2.5000e-04", ProgressLogger.values(Map.of("loss", 0.00025)));
    }

    @Test
    @DisplayName("fit prints through the model's output: one line per epoch when it is not a terminal")
    void throughFit() {
        Sequential model = new Sequential(1);
        model.add(new Dense(1, 2));
        model.compile("sgd", "mse");
        model.setOutput(out);

        model.fit(Tensor.ones(40, 2), Tensor.zeros(40, 1), new FitOptions().epochs(3).batchSize(8));

        String[] lines = printed().split("\n");
        assertEquals(6, lines.length, printed());
        assertEquals("Epoch 1/3", lines[0]);
        assertTrue(lines[1].startsWith("5/5 [==============================] - "), lines[1]);
        assertContainsAll(lines[5], "/step - loss: ");
        assertFalse(printed().contains("\r"));
    }
}
