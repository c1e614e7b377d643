package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.io.SparseSafeTensors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("loadWeights ignores, and never reads, tensors the model has no weight of")
@Timeout(60)
class LoadWeightsExtrasTest {

    private static Sequential model(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(8, 5));
        model.add(new Activation("relu"));
        model.add(new Dense(3));
        return model;
    }

    private static final Tensor INPUT = Tensor.randn(new SplittableRandom(3), 4, 5);

    @Test
    @DisplayName("a file carrying two extra 7 GiB tensors loads in the default test heap, bit for bit")
    void hugeExtras(@TempDir Path dir) throws IOException {
        Sequential trained = model(1);
        Path file = dir.resolve("with-extras.safetensors");
        SparseSafeTensors.write(file, trained.namedWeights());
        assertTrue(Files.size(file) > 2 * Runtime.getRuntime().maxMemory(),
                "the extras alone are larger than this JVM's heap, so reading them would fail");

        Sequential fresh = model(2);
        assertFalse(Arrays.equals(trained.predict(INPUT).toDoubleArray(), fresh.predict(INPUT).toDoubleArray()));
        fresh.loadWeights(file);
        assertArrayEquals(trained.predict(INPUT).toDoubleArray(), fresh.predict(INPUT).toDoubleArray(), 0.0);
    }

    @Test
    @DisplayName("a file that does not fit is refused from its header alone, and names the extras as a hint")
    void misfitWithExtras(@TempDir Path dir) throws IOException {
        Sequential model = model(1);
        Map<String, Tensor> renamed = new LinkedHashMap<>(model.namedWeights());
        renamed.put("head/bias", renamed.remove("dense_1/bias"));
        Path file = dir.resolve("misfit.safetensors");
        SparseSafeTensors.write(file, renamed);
        Sequential target = model(2);
        double[] before = target.getWeights().get(3).toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.loadWeights(file));
        assertContainsAll(e.getMessage(), "loadWeights", "missing dense_1/bias", "the file also holds",
                "head/bias", SparseSafeTensors.HUGE_NAME_MIDDLE, "the model was not changed");
        assertArrayEquals(before, target.getWeights().get(3).toDoubleArray(), 0.0);
    }
}
