package dev.gradbook.layers;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.io.SafeTensors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("saveWeights / loadWeights: a model's weights in a safetensors file")
class WeightsFileTest {

    private static Sequential smallModel(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(8, 5));
        model.add(new Activation("relu"));
        model.add(new Dense(3));
        model.add(new Activation("softmax"));
        return model;
    }

    private static final Tensor INPUT = Tensor.randn(new SplittableRandom(3), 4, 5);

    private static double[] weightsOf(Sequential model) {
        return model.getWeights().stream().flatMapToDouble(t -> java.util.Arrays.stream(t.toDoubleArray())).toArray();
    }

    @Test
    @DisplayName("save, then load into a differently initialised model: identical predictions")
    void roundTrip(@TempDir Path dir) throws IOException {
        Sequential trained = smallModel(1);
        Path file = dir.resolve("model.safetensors");
        trained.saveWeights(file);

        Sequential fresh = smallModel(2);
        assertFalse(java.util.Arrays.equals(trained.predict(INPUT).toDoubleArray(), fresh.predict(INPUT).toDoubleArray()),
                "different seeds start from different weights");
        fresh.loadWeights(file);

        assertArrayEquals(trained.predict(INPUT).toDoubleArray(), fresh.predict(INPUT).toDoubleArray(), 0.0);
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"),
                List.copyOf(SafeTensors.readHeader(file).keySet()));
        assertArrayEquals(new int[] {5, 8}, SafeTensors.readHeader(file).get("dense/kernel").shape());
    }

    @Nested
    @DisplayName("a file that does not fit fails cleanly and leaves the model unchanged")
    class Mismatch {

        @Test
        @DisplayName("another architecture: the message lists what differs")
        void otherArchitecture(@TempDir Path dir) throws IOException {
            Sequential other = new Sequential(1);
            other.add(new Dense(4, 5));
            other.add(new Dense(3));
            Path file = dir.resolve("other.safetensors");
            other.saveWeights(file);

            Sequential model = smallModel(7);
            double[] before = weightsOf(model);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadWeights(file));
            assertContainsAll(e.getMessage(), "loadWeights", "dense/kernel is [5, 4] F64 in the file but [5, 8] F64",
                    "the model was not changed");
            assertArrayEquals(before, weightsOf(model), 0.0);
        }

        @Test
        @DisplayName("a missing name is reported, with the file's names the model has none of as a hint")
        void names(@TempDir Path dir) throws IOException {
            Sequential model = smallModel(7);
            Map<String, Tensor> renamed = new LinkedHashMap<>(model.namedWeights());
            renamed.put("head/kernel", renamed.remove("dense_1/kernel"));
            Path file = dir.resolve("renamed.safetensors");
            SafeTensors.write(file, renamed);
            double[] before = weightsOf(model);
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(file)).getMessage(),
                    "missing dense_1/kernel", "the file also holds head/kernel, which this model has no weight of");
            assertArrayEquals(before, weightsOf(model), 0.0);
        }

        @Test
        @DisplayName("a different dtype is named (F32 file, F64 model)")
        void dtype(@TempDir Path dir) throws IOException {
            Sequential model = smallModel(7);
            Map<String, Tensor> f32 = new LinkedHashMap<>();
            model.namedWeights().forEach((k, v) -> f32.put(k, v.to(DType.F32)));
            Path file = dir.resolve("f32.safetensors");
            SafeTensors.write(file, f32);
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> model.loadWeights(file)).getMessage(),
                    "F32 in the file but [5, 8] F64 in the model");
        }

        @Test
        @DisplayName("a truncated (tampered) file: a format error, and the weights stay as they were")
        void truncated(@TempDir Path dir) throws IOException {
            Sequential model = smallModel(7);
            Path file = dir.resolve("model.safetensors");
            model.saveWeights(file);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 9));

            Sequential target = smallModel(8);
            double[] before = weightsOf(target);
            IOException e = assertThrows(IOException.class, () -> target.loadWeights(file));
            assertContainsAll(e.getMessage(), file.toString());
            assertArrayEquals(before, weightsOf(target), 0.0);
        }
    }

    @Test
    @DisplayName("an unbuilt model has no weights to save or load, and says how to build it")
    void unbuilt(@TempDir Path dir) {
        Sequential model = new Sequential(1);
        model.add(new Dense(3));
        assertContainsAll(assertThrows(IllegalStateException.class, () -> model.saveWeights(dir.resolve("x")))
                .getMessage(), "saveWeights", "not built", "input shape");
    }
}
