package dev.gradbook.layers.examples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("MnistMlp: the seed lesson's main program")
class MnistMlpTest {

    @Test
    @DisplayName("defaults to the seed recipe: 20 epochs of batches of 128")
    void defaults() {
        MnistMlp.Options o = MnistMlp.Options.parse();
        assertEquals(20, o.epochs());
        assertEquals(128, o.batchSize());
        assertNull(o.dataDir());
        assertNull(o.backend());
    }

    @Test
    @DisplayName("reads --epochs, --batch-size, --backend, --seed and --data")
    void flags() {
        MnistMlp.Options o = MnistMlp.Options.parse("--epochs", "3", "--batch-size", "64", "--backend", "naive",
                "--seed", "7", "--data", "/tmp/mnist");
        assertEquals(new MnistMlp.Options(3, 64, 7, "naive", "/tmp/mnist", 0, 1), o);
    }

    @Test
    @DisplayName("an unknown or incomplete option explains the usage")
    void badFlags() {
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> MnistMlp.Options.parse("--lr", "1"))
                .getMessage(), "unknown option --lr", "usage: MnistMlp");
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> MnistMlp.Options.parse("--epochs"))
                .getMessage(), "--epochs needs a value");
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> MnistMlp.Options.parse("--epochs", "x"))
                .getMessage(), "expects a whole number, got 'x'");
    }

    @Test
    @DisplayName("trains the seed model end to end on generated data, printing summary, progress and score")
    void runsOnSyntheticData() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        double[] score = MnistMlp.run(MnistMlp.Options.parse("--synthetic", "100", "--epochs", "1",
                "--batch-size", "40"), out);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertContainsAll(text, "Backend: naive", "Total params: 669,706", "Epoch 1/1",
                "2/2 [==============================]", "val_accuracy", "Test accuracy: ");
        assertTrue(score[0] > 0 && Double.isFinite(score[0]));
        assertTrue(score[1] >= 0 && score[1] <= 1);
    }

    @Test
    @DisplayName("without the data package, loading MNIST says what to do")
    void dataNotMergedYet() {
        assertContainsAll(assertThrows(UnsupportedOperationException.class, () -> MnistMlp.load("/tmp/mnist"))
                .getMessage(), "dev.gradbook.layers.data", "--synthetic");
    }
}
