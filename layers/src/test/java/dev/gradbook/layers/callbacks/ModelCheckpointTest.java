package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Dense;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@DisplayName("ModelCheckpoint")
class ModelCheckpointTest {

    @Test
    @DisplayName("fills the file name template with the epoch (from 1) and logged values")
    void template() {
        Map<String, Double> logs = Map.of("val_loss", 0.123456, "loss", 0.5);
        assertEquals("w-03-0.1235.st", ModelCheckpoint.format("w-{epoch:02d}-{val_loss:.4f}.st", 2, logs));
        assertEquals("w-3.st", ModelCheckpoint.format("w-{epoch}.st", 2, logs));
        assertContainsAll(assertThrows(IllegalArgumentException.class,
                () -> ModelCheckpoint.format("{val_acc}", 0, logs)).getMessage(), "{val_acc}", "available: epoch");
    }

    @Test
    @DisplayName("in fit: hands the named weights to the saver after every epoch")
    void everyEpoch() {
        Sequential model = new Sequential(1);
        model.add(new Dense(1, 2));
        model.compile("sgd", "mse");
        List<Map<String, Tensor>> written = new ArrayList<>();
        ModelCheckpoint checkpoint = new ModelCheckpoint("ckpt-{epoch}.safetensors", (path, w) -> written.add(w));

        model.fit(Tensor.ones(4, 2), Tensor.zeros(4, 1), new FitOptions().epochs(3).verbose(0).callbacks(checkpoint));

        assertEquals(List.of(Path.of("ckpt-1.safetensors"), Path.of("ckpt-2.safetensors"), Path.of("ckpt-3.safetensors")),
                checkpoint.savedPaths());
        assertEquals(List.of("dense/kernel", "dense/bias"), List.copyOf(written.get(2).keySet()));
        assertArrayEquals(model.getWeights().get(0).toDoubleArray(), written.get(2).get("dense/kernel").toDoubleArray());
    }

    @Test
    @DisplayName("by default writes safetensors files that another model can load")
    void safetensorsByDefault(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Sequential model = new Sequential(1);
        model.add(new Dense(1, 2));
        model.compile("sgd", "mse");
        ModelCheckpoint checkpoint = new ModelCheckpoint(dir.resolve("ckpt-{epoch}.safetensors").toString());
        model.fit(Tensor.ones(4, 2), Tensor.zeros(4, 1), new FitOptions().epochs(2).verbose(0).callbacks(checkpoint));

        Sequential restored = new Sequential(99);
        restored.add(new Dense(1, 2));
        restored.loadWeights(dir.resolve("ckpt-2.safetensors"));
        Tensor x = Tensor.of(new double[] {0.5, -1}, 1, 2);
        assertEquals(model.predict(x).item(), restored.predict(x).item(), 0.0);
    }

    @Test
    @DisplayName("saveBestOnly writes only when the monitored value improves")
    void bestOnly() {
        Sequential model = mock(Sequential.class);
        when(model.namedWeights()).thenReturn(Map.of());
        ModelCheckpoint checkpoint = new ModelCheckpoint("best-{epoch}", (path, w) -> { }).saveBestOnly(true);
        checkpoint.setModel(model);
        checkpoint.onTrainBegin(Map.of());
        double[] valLoss = {1.0, 0.8, 0.9, 0.7};
        for (int epoch = 0; epoch < valLoss.length; epoch++) {
            checkpoint.onEpochEnd(epoch, Map.of("val_loss", valLoss[epoch]));
        }
        assertEquals(List.of(Path.of("best-1"), Path.of("best-2"), Path.of("best-4")), checkpoint.savedPaths());
    }

    @Test
    @DisplayName("before the first save, removes what killed runs left for names the template makes, and nothing else")
    void leftoversOfKilledRuns(@TempDir Path folder) throws Exception {
        Process finished = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).start();
        finished.getInputStream().readAllBytes();
        finished.waitFor();
        long dead = finished.pid(); // a process that has exited: its temporary files are litter
        long alive = ProcessHandle.current().pid();
        Path killedAtEpoch6 = Files.createFile(folder.resolve(".weights-06.safetensors." + dead + ".0123456789abcdef.tmp"));
        Path otherTarget = Files.createFile(folder.resolve(".notes.safetensors." + dead + ".0123456789abcdef.tmp"));
        Path liveWriter = Files.createFile(folder.resolve(".weights-07.safetensors." + alive + ".fedcba9876543210.tmp"));

        Sequential model = new Sequential(1);
        model.add(new Dense(1, 2));
        model.compile("sgd", "mse");
        ModelCheckpoint checkpoint = new ModelCheckpoint(folder.resolve("weights-{epoch:02d}.safetensors").toString());
        model.fit(Tensor.ones(4, 2), Tensor.zeros(4, 1), new FitOptions().epochs(2).verbose(0).callbacks(checkpoint));

        assertFalse(Files.exists(killedAtEpoch6), "a dead run's temporary file for weights-06 (this run stopped at 2)");
        assertTrue(Files.exists(otherTarget), "another target's files are not the checkpoint's");
        assertTrue(Files.exists(liveWriter), "a live process's temporary file is its own");
        assertTrue(Files.isRegularFile(folder.resolve("weights-02.safetensors")));
    }
}
