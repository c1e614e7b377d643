package dev.gradbook.cli;

import dev.gradbook.autograd.DType;
import dev.gradbook.layers.examples.SeedLesson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.gradbook.cli.Cli.assertOneLineError;
import static dev.gradbook.cli.Cli.assertUsageError;
import static dev.gradbook.cli.Cli.gradbook;
import static dev.gradbook.cli.Cli.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("gradbook mnist: the seed lesson's command")
class MnistCommandTest {

    private static SeedLesson.Options options(String... args) {
        return parsed(MnistCommand.class, "mnist", args).options();
    }

    @Nested
    @DisplayName("options")
    class Options {
        @Test
        @DisplayName("default to the seed recipe: 20 epochs of batches of 128, seed 42, bundled digits, F32")
        void defaults() {
            assertEquals(SeedLesson.Options.recipe(), options());
            assertEquals(20, options().epochs());
            assertEquals(128, options().batchSize());
        }

        @Test
        @DisplayName("reads --epochs, --batch-size, --backend, --seed, --data, --verbose and the output files")
        void flags() {
            assertEquals(new SeedLesson.Options(3, 64, 7, "naive", Path.of("/tmp/mnist"), 0, 2, DType.F32, null, null,
                    null), options("--epochs", "3", "--batch-size", "64", "--backend", "naive", "--seed", "7",
                    "--data", "/tmp/mnist", "--verbose", "2"));
            SeedLesson.Options more = options("--dtype", "f64", "--plot", "c.png", "--save-weights", "w.st",
                    "--diagram", "d.svg", "--synthetic", "100");
            assertEquals(DType.F64, more.dtype());
            assertEquals(Path.of("c.png"), more.plot());
            assertEquals(Path.of("w.st"), more.saveWeights());
            assertEquals(Path.of("d.svg"), more.diagram());
            assertEquals(100, more.synthetic());
        }

        @Test
        @DisplayName("take their value after a space or an equals sign")
        void equalsSign() {
            assertEquals(5, options("--epochs=5").epochs());
        }

        @Test
        @DisplayName("given twice, the last one wins (so a script can override an earlier value)")
        void lastOneWins() {
            assertEquals(1, options("--epochs", "5", "--epochs", "1").epochs());
        }
    }

    @Nested
    @DisplayName("a bad command line exits 2 with one line naming the option")
    class UsageErrors {
        @Test
        @DisplayName("a dtype other than f32 or f64")
        void badDType() {
            assertUsageError(gradbook("mnist", "--dtype", "f16"), "gradbook mnist:", "'--dtype'",
                    "unknown dtype 'f16': use f32 or f64");
        }

        @Test
        @DisplayName("a verbosity other than 0, 1 or 2")
        void badVerbosity() {
            assertUsageError(gradbook("mnist", "--verbose", "3"), "'--verbose'", "must be 0", "got '3'");
        }

        @Test
        @DisplayName("a count that is not a whole number of at least 1")
        void badCounts() {
            assertUsageError(gradbook("mnist", "--epochs", "x"), "'--epochs'",
                    "expects a whole number of at least 1, got 'x'");
            assertUsageError(gradbook("mnist", "--epochs", "0"), "'--epochs'", "got '0'");
            assertUsageError(gradbook("mnist", "--batch-size", "-1"), "'--batch-size'", "got '-1'");
            assertUsageError(gradbook("mnist", "--seed", "x"), "'--seed'", "'x'");
        }

        @Test
        @DisplayName("an unknown backend, listing the available ones")
        void unknownBackend() {
            assertUsageError(gradbook("mnist", "--backend", "gpu"), "'--backend'", "unknown backend 'gpu'", "naive");
        }

        @Test
        @DisplayName("an unknown option, or one without its value")
        void badFlags() {
            assertUsageError(gradbook("mnist", "--lr", "1"), "Unknown options: '--lr'", "gradbook mnist --help");
            assertUsageError(gradbook("mnist", "--epochs"), "Missing required parameter for option '--epochs'");
        }

        @Test
        @DisplayName("too few synthetic samples, or both --data and --synthetic")
        void dataSources() {
            assertUsageError(gradbook("mnist", "--synthetic", "5"), "--synthetic needs at least 10 samples", "got 5");
            assertUsageError(gradbook("mnist", "--synthetic", "20", "--data", "d"),
                    "--data and --synthetic exclude each other");
        }
    }

    @Test
    @DisplayName("a data folder that does not exist fails with exit status 1 and one line naming it")
    void missingData() {
        Cli.Run run = gradbook("mnist", "--data", "/nonexistent-gradbook-data");
        assertEquals(1, run.status(), run.transcript());
        assertOneLineError(run, "gradbook mnist: cannot load MNIST from /nonexistent-gradbook-data");
    }

    @Test
    @DisplayName("an output folder that does not exist fails before training: exit 1, one line, no epoch run")
    void unwritableOutputFailsFirst() {
        Cli.Run run = gradbook("mnist", "--synthetic", "256", "--save-weights", "/nonexistent-gradbook-dir/w.safetensors");
        assertEquals(1, run.status(), run.transcript());
        assertOneLineError(run, "gradbook mnist: --save-weights /nonexistent-gradbook-dir/w.safetensors cannot be written");
        assertTrue(!run.out().contains("Epoch"), "nothing was trained\n" + run.transcript());
    }

    @Test
    @DisplayName("runs the lesson end to end: summary, one epoch on 256 generated samples, the score")
    void endToEnd() {
        Cli.Run run = gradbook("mnist", "--synthetic", "256", "--epochs", "1", "--verbose", "2");
        assertEquals(0, run.status(), run.transcript());
        assertEquals("", run.err(), run.transcript());
        for (String part : new String[] {"data: synthetic (256 samples) | 204 train, 52 test samples",
            "Total params: 669,706", "Epoch 1/1", "val_accuracy", "Test loss: ", "Test accuracy: ", "Trained 1 epochs"}) {
            assertTrue(run.out().contains(part), part + "\n" + run.transcript());
        }
    }

    @Nested
    @DisplayName("hands each training step's arrays on to the next (FitOptions.reuseStepBuffers)")
    class StepBuffers {
        private static final String PROPERTY = dev.gradbook.layers.FitOptions.REUSE_STEP_BUFFERS_PROPERTY;

        @Test
        @DisplayName("mnist and bench-epoch turn it on, other commands do not, and JAVA_OPTS wins")
        void onForTheSeedModelsCommands() {
            String before = System.getProperty(PROPERTY);
            try {
                System.clearProperty(PROPERTY);
                gradbook("help");
                assertEquals(null, System.getProperty(PROPERTY), "help trains nothing");
                gradbook("mnist", "--help");
                assertEquals("true", System.getProperty(PROPERTY));
                assertTrue(new dev.gradbook.layers.FitOptions().reuseStepBuffers());
                System.clearProperty(PROPERTY);
                gradbook("bench-epoch", "--help");
                assertEquals("true", System.getProperty(PROPERTY));
                System.setProperty(PROPERTY, "false"); // as JAVA_OPTS=-Dgradbook.reuseStepBuffers=false would
                gradbook("mnist", "--help");
                assertEquals("false", System.getProperty(PROPERTY));
                assertEquals(false, new dev.gradbook.layers.FitOptions().reuseStepBuffers());
            } finally {
                if (before == null) {
                    System.clearProperty(PROPERTY);
                } else {
                    System.setProperty(PROPERTY, before);
                }
            }
        }
    }
}
