package dev.gradbook.cli;

import dev.gradbook.autograd.DType;
import dev.gradbook.bench.EpochBenchmark;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.gradbook.cli.Cli.assertOneLineError;
import static dev.gradbook.cli.Cli.assertUsageError;
import static dev.gradbook.cli.Cli.gradbook;
import static dev.gradbook.cli.Cli.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("gradbook bench-epoch")
class EpochBenchCommandTest {

    private static EpochBenchmark.Options options(String... args) {
        return parsed(EpochBenchCommand.class, "bench-epoch", args).options();
    }

    @Nested
    @DisplayName("options")
    class Options {
        @Test
        @DisplayName("default to Fashion-MNIST, 3 epochs, the default backend, F32, PyTorch with 1 and 2 threads")
        void defaults() {
            EpochBenchmark.Options o = options();
            assertEquals(EpochBenchmark.Options.defaults(), o);
            assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), o.data());
            assertFalse(o.dataGiven());
            assertEquals(3, o.epochs());
            assertNull(o.backend());
            assertEquals(List.of(1, 2), o.torchThreads());
            assertEquals(0, o.torchBlasThreads(), "OpenBLAS follows each run's PyTorch threads");
            assertEquals(1, o.rounds());
        }

        @Test
        @DisplayName("read every option")
        void flags() {
            EpochBenchmark.Options o = options("--data", "d", "--epochs", "5", "--backend", "naive", "--dtype", "F64",
                    "--torch-threads", "4, 1", "--torch-blas-threads", "2", "--no-torch", "--out", "o", "--rounds", "4");
            assertEquals(new EpochBenchmark.Options(Path.of("d"), true, 5, "naive", DType.F64, List.of(4, 1), 2, false,
                    Path.of("o"), 4), o);
        }

        @Test
        @DisplayName("--help and -h show the usage")
        void help() {
            for (String[] args : new String[][] {{"bench-epoch", "--help"}, {"bench-epoch", "--epochs", "2", "-h"}}) {
                Cli.Run run = gradbook(args);
                assertEquals(0, run.status(), run.transcript());
                assertTrue(run.out().contains("Usage: gradbook bench-epoch [OPTIONS]"), run.transcript());
                String text = run.out().replaceAll("\\s+", " "); // as read, whatever the line breaks
                assertTrue(text.contains("(default: /usr/share/datasets/fashion-mnist"), run.transcript());
                assertTrue(text.contains("(default: 1,2)"), run.transcript());
                assertTrue(text.contains("--data " + EpochBenchmark.BUNDLED_DIGITS), run.transcript());
            }
        }

        @Test
        @DisplayName("an unknown option names itself and the help")
        void unknown() {
            assertUsageError(gradbook("bench-epoch", "--fast"), "Unknown option: '--fast'",
                    "see 'gradbook bench-epoch --help'");
        }

        @Test
        @DisplayName("an option without its value says so")
        void missingValue() {
            assertUsageError(gradbook("bench-epoch", "--epochs"), "Missing required parameter for option '--epochs'");
            assertUsageError(gradbook("bench-epoch", "--data", "--no-torch"),
                    "Expected parameter for option '--data' but found '--no-torch'");
        }

        @Test
        @DisplayName("epochs and rounds must be whole numbers of at least 1")
        void badCounts() {
            for (String bad : List.of("0", "-1", "three", "2.5")) {
                assertUsageError(gradbook("bench-epoch", "--epochs", bad), "'--epochs'",
                        "expects a whole number of at least 1, got '" + bad + "'");
            }
            assertUsageError(gradbook("bench-epoch", "--rounds", "0"), "'--rounds'", "got '0'");
        }

        @Test
        @DisplayName("thread counts must be a comma-separated list of positive numbers")
        void badThreads() {
            for (String bad : List.of("1,,2", "0", "two", "1;2", "")) {
                assertUsageError(gradbook("bench-epoch", "--torch-threads", bad), "'--torch-threads'",
                        "expects thread counts of at least 1", "e.g. 1,2");
            }
        }

        @Test
        @DisplayName("the dtype must be f32 or f64, the backend one that can run")
        void badNames() {
            assertUsageError(gradbook("bench-epoch", "--dtype", "f16"), "gradbook bench-epoch:", "'--dtype'",
                    "unknown dtype 'f16': use f32 or f64");
            assertUsageError(gradbook("bench-epoch", "--backend", "gpu"), "'--backend'", "gpu", "naive");
        }
    }

    @Test
    @DisplayName("a --data folder that does not exist fails with exit status 1, naming it")
    void missingData(@TempDir Path dir) {
        Cli.Run run = gradbook("bench-epoch", "--data", dir.resolve("nope").toString(), "--no-torch", "--out",
                dir.toString());
        assertEquals(1, run.status(), run.transcript());
        assertOneLineError(run, "gradbook bench-epoch: --data ", "nope: no such folder");
    }
}
