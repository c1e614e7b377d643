package dev.gradbook.layers.examples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.io.SafeTensors;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        assertEquals(new MnistMlp.Options(3, 64, 7, "naive", "/tmp/mnist", 0, 1, DType.F32, null, null, null), o);
        MnistMlp.Options more = MnistMlp.Options.parse("--dtype", "f64", "--plot", "c.png", "--save-weights", "w.st",
                "--diagram", "d.svg");
        assertEquals(DType.F64, more.dtype());
        assertEquals(Path.of("c.png"), more.plot());
        assertEquals(Path.of("w.st"), more.saveWeights());
        assertEquals(Path.of("d.svg"), more.diagram());
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> MnistMlp.Options.parse("--dtype", "f16"))
                .getMessage(), "--dtype", "unknown dtype 'f16'", "use f32 or f64");
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> MnistMlp.Options.parse("--verbose", "3"))
                .getMessage(), "--verbose must be 0", "got '3'");
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
    @DisplayName("loads the bundled real digits as [n, 784] images in [0, 1] and one-hot labels")
    void loadsBundledDigits() {
        MnistMlp.Data data = MnistMlp.load(null);
        assertArrayEquals(new int[] {8000, 784}, data.xTrain().shape());
        assertArrayEquals(new int[] {8000, 10}, data.yTrain().shape());
        assertArrayEquals(new int[] {2000, 784}, data.xTest().shape());
        assertEquals(2000.0, data.yTest().sum().item(), 0.0, "one 1 per test label");
        double mean = data.xTrain().mean().item();
        assertTrue(mean > 0.1 && mean < 0.16, "MNIST's mean intensity is about 0.13, got " + mean);
    }

    @Test
    @DisplayName("a folder without MNIST files gives a clear error naming it")
    void missingDataFolder(@TempDir Path empty) {
        assertContainsAll(assertThrows(IllegalArgumentException.class, () -> MnistMlp.load(empty.toString()))
                .getMessage(), "cannot load MNIST from " + empty);
    }

    @Test
    @DisplayName("writes the weights, the training curves and the model diagram it is asked for, and restores the default dtype")
    void writesOutputs(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("seed.safetensors");
        Path plot = dir.resolve("curves.png");
        Path diagram = dir.resolve("model.svg");
        DType before = Tensor.defaultDType();
        MnistMlp.run(MnistMlp.Options.parse("--synthetic", "60", "--epochs", "2", "--batch-size", "30", "--verbose", "0",
                "--save-weights", weights.toString(), "--plot", plot.toString(), "--diagram", diagram.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(before, Tensor.defaultDType());
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "dense_2/kernel",
                "dense_2/bias"), List.copyOf(SafeTensors.readHeader(weights).keySet()));
        assertEquals(DType.F32, SafeTensors.readHeader(weights).get("dense/kernel").dtype());
        assertTrue(Files.size(plot) > 1000);
        assertTrue(Files.readString(diagram).contains("<svg"));
    }
}
