package dev.gradbook.bench;

import dev.gradbook.autograd.DType;
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
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The epoch benchmark")
class EpochBenchmarkTest {

    /** A result line exactly as bench/pytorch/seed_mlp.py prints it (json.dumps of its dict). */
    private static final String SEED_MLP_LINE = "{\"torch\": \"1.13.1\", \"threads\": 2, \"dtype\": \"f32\","
            + " \"epoch_seconds\": [7.912345678, 5.5, 5.25], \"test_loss\": 0.4123, \"test_accuracy\": 0.8511}";

    private static String message(Runnable parse) {
        return assertThrows(IllegalArgumentException.class, parse::run).getMessage();
    }

    @Test
    @DisplayName("defaults to Fashion-MNIST, 3 epochs, the default backend, F32, PyTorch with 1 and 2 threads, one round")
    void defaults() {
        EpochBenchmark.Options o = EpochBenchmark.Options.defaults();
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), o.data());
        assertFalse(o.dataGiven());
        assertEquals(3, o.epochs());
        assertNull(o.backend());
        assertEquals(DType.F32, o.dtype());
        assertEquals(List.of(1, 2), o.torchThreads());
        assertTrue(o.torch());
        assertEquals(Path.of("bench-results"), o.out());
        assertEquals(1, o.rounds());
    }

    @Nested
    @DisplayName("the median rule")
    class Median {
        @Test
        @DisplayName("leaves out epoch 1 (warm-up) and takes the median of the rest")
        void skipsWarmUp() {
            assertEquals(5.0, EpochRun.steadyMedian(List.of(100.0, 5.0, 9.0, 4.0)), 0);
            assertEquals(5.0, EpochRun.steadyMedian(List.of(100.0, 5.0)), 0);
        }

        @Test
        @DisplayName("averages the two middle epochs for an even count")
        void evenCount() {
            assertEquals(5.5, EpochRun.steadyMedian(List.of(9.0, 6.0, 5.0)), 1e-12);
            assertEquals(4.5, EpochRun.steadyMedian(List.of(0.1, 7.0, 4.0, 5.0, 1.0)), 1e-12);
        }

        @Test
        @DisplayName("with one epoch, reports that epoch")
        void oneEpoch() {
            assertEquals(7.5, EpochRun.steadyMedian(List.of(7.5)), 0);
        }

        @Test
        @DisplayName("refuses an empty list")
        void empty() {
            assertThrows(IllegalArgumentException.class, () -> EpochRun.steadyMedian(List.of()));
        }
    }

    @Nested
    @DisplayName("the PyTorch result line")
    class TorchLine {
        @Test
        @DisplayName("gives the epoch times, the test accuracy, the threads, the dtype and the version")
        void parses() {
            EpochRun run = TorchSeedMlp.parseResult(SEED_MLP_LINE);
            assertEquals("pytorch", run.runner());
            assertEquals("torch 1.13.1", run.engine());
            assertEquals(2, run.threads());
            assertEquals("F32", run.dtype());
            assertEquals(List.of(7.912345678, 5.5, 5.25), run.epochSeconds());
            assertEquals(0.8511, run.testAccuracy(), 0);
            assertEquals(5.375, run.medianSeconds(), 1e-12);
        }

        @Test
        @DisplayName("reads numbers in exponent notation and a one-epoch list")
        void exponents() {
            EpochRun run = TorchSeedMlp.parseResult("{\"epoch_seconds\": [1.5e-01], \"test_accuracy\": 1e0}");
            assertEquals(List.of(0.15), run.epochSeconds());
            assertEquals(1.0, run.testAccuracy(), 0);
        }

        @Test
        @DisplayName("names what is missing or malformed")
        void errors() {
            String m = message(() -> TorchSeedMlp.parseResult("{\"test_accuracy\": 0.8}"));
            assertTrue(m.contains("no \"epoch_seconds\""), m);
            assertTrue(m.contains("seed_mlp.py"), m);
            m = message(() -> TorchSeedMlp.parseResult("{\"epoch_seconds\": [1.0]}"));
            assertTrue(m.contains("no numeric \"test_accuracy\""), m);
            m = message(() -> TorchSeedMlp.parseResult("{\"epoch_seconds\": [1.0, \"x\"], \"test_accuracy\": 0.8}"));
            assertTrue(m.contains("'\"x\"', which is not a number"), m);
            m = message(() -> TorchSeedMlp.parseResult("{\"epoch_seconds\": [], \"test_accuracy\": 0.8}"));
            assertTrue(m.contains("empty"), m);
        }

        @Test
        @DisplayName("is skipped, with the reason, when the script is not there")
        void missingScript(@TempDir Path emptyRoot) {
            StringBuilder whyNot = new StringBuilder();
            assertEquals(Optional.empty(), TorchSeedMlp.find(emptyRoot, whyNot));
            assertTrue(whyNot.toString().contains("seed_mlp.py"), whyNot.toString());
        }
    }

    @Nested
    @DisplayName("the report")
    class Reporting {
        private final List<EpochRun> runs = List.of(
                new EpochRun("gradbook", "simd", 2, "F32", List.of(8.0, 4.0, 4.6), 0.85),
                TorchSeedMlp.parseResult(SEED_MLP_LINE));

        @Test
        @DisplayName("prints every epoch, the median, the ratio to gradbook and the accuracy")
        void table() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            EpochBenchmark.printTable(runs, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("8.00 4.00 4.60"), text);
            assertTrue(text.contains("median 2..3"), text);
            assertTrue(text.contains("4.30 s"), text);
            assertTrue(text.contains("1.25"), text); // 5.375 / 4.3
            assertTrue(text.contains("0.8511"), text);
            assertTrue(text.contains("Epoch 1 includes warm-up"), text);
        }

        @Test
        @DisplayName("writes one CSV line per run, with its round")
        void csv() {
            String[] lines = EpochBenchmark.csv(List.of(runs, runs)).split("\n");
            assertEquals(5, lines.length);
            assertEquals("round,runner,engine,threads,dtype,epochs,epoch_seconds,median_seconds,ratio_to_gradbook,"
                    + "test_accuracy", lines[0]);
            assertEquals("1,gradbook,simd,2,F32,3,8.0000;4.0000;4.6000,4.3000,1.0000,0.8500", lines[1]);
            assertEquals("1,pytorch,torch 1.13.1,2,F32,3,7.9123;5.5000;5.2500,5.3750,1.2500,0.8511", lines[2]);
            assertEquals("2,pytorch,torch 1.13.1,2,F32,3,7.9123;5.5000;5.2500,5.3750,1.2500,0.8511", lines[4]);
        }

        @Test
        @DisplayName("over several rounds, sums each runner up by the median of its runs' medians")
        void summary() {
            EpochRun slowRound = new EpochRun("gradbook", "simd", 2, "F32", List.of(9.0, 6.0, 6.0), 0.85);
            EpochRun fastRound = new EpochRun("gradbook", "simd", 2, "F32", List.of(9.0, 3.0, 3.0), 0.85);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            EpochBenchmark.printSummary(List.of(runs, List.of(slowRound, runs.get(1)), List.of(fastRound, runs.get(1))),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("Over 3 rounds"), text);
            // gradbook's medians 4.3, 6.0, 3.0 -> 4.3; PyTorch's 5.375 three times -> 5.375 / 4.3 = 1.25
            assertTrue(text.contains("gradbook simd 2t") && text.contains("4.30 s"), text);
            assertTrue(text.contains("5.38 s   ÷ gradbook  1.25"), text);
            assertEquals(2.5, EpochBenchmark.medianOf(List.of(4.0, 1.0, 2.0, 3.0)));
        }
    }

    @Nested
    @DisplayName("the data folder")
    class Data {
        @Test
        @DisplayName("when Fashion-MNIST is missing, says how to install it or what to pass instead")
        void defaultMissing(@TempDir Path dir) {
            EpochBenchmark.Options o = new EpochBenchmark.Options(dir.resolve("fashion-mnist"), false, 1, null,
                    DType.F32, List.of(1), 0, false, dir, 1);
            String m = message(() -> run(o));
            assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
            assertTrue(m.contains("--data DIR"), m);
            assertTrue(m.contains(EpochBenchmark.BUNDLED_DIGITS), m);
        }

        @Test
        @DisplayName("a --data folder that does not exist is named")
        void givenMissing(@TempDir Path dir) {
            EpochBenchmark.Options o = new EpochBenchmark.Options(dir.resolve("nope"), true, 1, null, DType.F32,
                    List.of(1), 0, false, dir, 1);
            String m = message(() -> run(o));
            assertTrue(m.contains("nope: no such folder"), m);
        }

        @Test
        @DisplayName("an unknown backend is refused with the available ones listed")
        void unknownBackend(@TempDir Path dir) {
            EpochBenchmark.Options o = new EpochBenchmark.Options(dir, true, 1, "gpu", DType.F32, List.of(1), 0, false,
                    dir, 1);
            String m = message(() -> run(o));
            assertTrue(m.contains("--backend") && m.contains("gpu") && m.contains("naive"), m);
        }

        private void run(EpochBenchmark.Options o) {
            try {
                EpochBenchmark.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            } catch (java.io.IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    @DisplayName("one epoch on the bundled digits, gradbook alone, writes a CSV with a sane row")
    void endToEnd(@TempDir Path out) throws Exception {
        Path digits = bundledDigits();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EpochBenchmark.Options oneEpochAlone = new EpochBenchmark.Options(digits, true, 1, null, DType.F32, List.of(1),
                0, false, out, 1);
        List<EpochRun> runs = EpochBenchmark.run(oneEpochAlone, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(1, runs.size(), text);
        EpochRun run = runs.get(0);
        assertEquals("gradbook", run.runner());
        assertEquals(1, run.epochSeconds().size());
        assertTrue(run.epochSeconds().get(0) > 0 && run.epochSeconds().get(0) < 120, text);
        assertTrue(run.testAccuracy() > 0.5 && run.testAccuracy() <= 1, text); // chance is 0.1
        assertTrue(text.contains("8000 train, 2000 test samples"), text);
        assertTrue(text.contains("test accuracy"), text);
        assertTrue(text.contains("Only one epoch per run"), text);

        Path csv = out.resolve("epoch.csv");
        assertTrue(Files.isRegularFile(csv), text);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(2, lines.size(), String.join("\n", lines));
        String[] cells = lines.get(1).split(",");
        assertEquals(10, cells.length, lines.get(1));
        assertEquals("1", cells[0]); // round 1
        assertEquals("gradbook", cells[1]);
        assertEquals(run.engine(), cells[2]);
        assertEquals("F32", cells[4]);
        assertEquals("1", cells[5]);
        assertEquals(Double.parseDouble(cells[6]), Double.parseDouble(cells[7]), 0); // median of one epoch
        assertEquals(1.0, Double.parseDouble(cells[8]), 0);
        assertEquals(run.testAccuracy(), Double.parseDouble(cells[9]), 1e-4);
        try (var files = Files.list(out)) {
            assertEquals(List.of(csv), files.toList(), "no temporary file left behind");
        }
    }

    /** The bundled digits as files in the source tree, found from the module's working directory. */
    private static Path bundledDigits() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path digits = dir.resolve(EpochBenchmark.BUNDLED_DIGITS);
            if (Files.isDirectory(digits)) {
                return digits;
            }
        }
        throw new AssertionError("the bundled digits (" + EpochBenchmark.BUNDLED_DIGITS + ") were not found above "
                + Path.of("").toAbsolutePath());
    }
}
