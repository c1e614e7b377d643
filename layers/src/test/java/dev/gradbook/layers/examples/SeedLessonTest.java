package dev.gradbook.layers.examples;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.io.SafeTensors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("SeedLesson: the seed lesson's program")
class SeedLessonTest {

    /** The recipe with fewer samples and epochs, so a test trains in a second or two. */
    private static SeedLesson.Options quick(int synthetic, int epochs, int batchSize, int verbose, Path plot,
                                            Path saveWeights, Path diagram) {
        SeedLesson.Options recipe = SeedLesson.Options.recipe();
        return new SeedLesson.Options(epochs, batchSize, recipe.seed(), null, null, synthetic, verbose, DType.F32,
                plot, saveWeights, diagram);
    }

    private static PrintStream into(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the recipe is the seed's: 20 epochs of batches of 128, seed 42, bundled digits, default backend, F32")
    void recipe() {
        SeedLesson.Options o = SeedLesson.Options.recipe();
        assertEquals(20, o.epochs());
        assertEquals(128, o.batchSize());
        assertEquals(42, o.seed());
        assertNull(o.data());
        assertEquals(0, o.synthetic());
        assertNull(o.backend());
        assertEquals(1, o.verbose());
        assertEquals(DType.F32, o.dtype());
        assertNull(o.plot());
        assertNull(o.saveWeights());
        assertNull(o.diagram());
    }

    @Test
    @DisplayName("trains the seed model end to end on generated data, printing summary, progress and score")
    void runsOnSyntheticData() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        double[] score = SeedLesson.run(quick(100, 1, 40, 1, null, null, null), into(bytes));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertContainsAll(text, "Backend: naive", "Total params: 669,706", "Epoch 1/1",
                "2/2 [==============================]", "val_accuracy", "Test accuracy: ");
        assertTrue(score[0] > 0 && Double.isFinite(score[0]));
        assertTrue(score[1] >= 0 && score[1] <= 1);
    }

    @Test
    @DisplayName("writes the weights, the training curves and the model diagram it is asked for, and restores the default dtype")
    void writesOutputs(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("seed.safetensors");
        Path plot = dir.resolve("curves.png");
        Path diagram = dir.resolve("model.svg");
        DType before = Tensor.defaultDType();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SeedLesson.run(quick(60, 2, 30, 0, plot, weights, diagram), into(bytes));

        assertEquals(before, Tensor.defaultDType());
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "dense_2/kernel",
                "dense_2/bias"), List.copyOf(SafeTensors.readHeader(weights).keySet()));
        assertEquals(DType.F32, SafeTensors.readHeader(weights).get("dense/kernel").dtype());
        assertTrue(Files.size(plot) > 1000);
        assertTrue(Files.readString(diagram).contains("<svg"));
        assertContainsAll(bytes.toString(StandardCharsets.UTF_8), "Saved weights to " + weights,
                "Saved training curves to " + plot, "Saved model diagram to " + diagram);
    }

    @Test
    @DisplayName("an output that cannot be written fails before training, naming the option and the path")
    void unwritableOutput(@TempDir Path dir) {
        Path weights = dir.resolve("no-such-folder").resolve("seed.safetensors");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedLesson.run(
                quick(20, 1, 16, 1, null, weights, null), into(printed)));
        assertContainsAll(e.getMessage(), "--save-weights " + weights, "does not exist", "nothing was trained yet");
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "no data was loaded and no epoch was run");

        IllegalArgumentException folder = assertThrows(IllegalArgumentException.class, () -> SeedLesson.run(
                quick(20, 1, 16, 0, dir, null, null), into(new ByteArrayOutputStream())));
        assertContainsAll(folder.getMessage(), "--plot " + dir, "is a folder");
    }

    @Nested
    @DisplayName("its data")
    class Data {
        @Test
        @DisplayName("loads the bundled real digits as [n, 784] images in [0, 1] and one-hot labels")
        void loadsBundledDigits() {
            LessonData data = LessonData.load(null);
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
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> LessonData.load(empty))
                    .getMessage(), "cannot load MNIST from " + empty);
        }

        @Test
        @DisplayName("generates n samples split 80/20, and refuses fewer than 10")
        void synthetic() {
            LessonData data = LessonData.synthetic(50, 1);
            assertArrayEquals(new int[] {40, 784}, data.xTrain().shape());
            assertArrayEquals(new int[] {10, 10}, data.yTest().shape());
            assertEquals("synthetic (50 samples)", data.source());
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> LessonData.synthetic(9, 1))
                    .getMessage(), "--synthetic needs at least 10 samples, got 9");
        }
    }

    @Test
    @DisplayName("is a plain program: the command-line library stays out of layers (it lives in gradbook-cli)")
    void noCommandLineLibrary() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
    }
}
