package dev.gradbook.cli;

import dev.gradbook.autograd.DType;
import dev.gradbook.bench.BenchMain;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.gradbook.cli.Cli.assertUsageError;
import static dev.gradbook.cli.Cli.gradbook;
import static dev.gradbook.cli.Cli.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("gradbook bench and bench-foundation")
class BenchCommandTest {

    private static BenchMain.Options options(String... args) {
        return parsed(BenchCommand.class, "bench", args).options();
    }

    @Nested
    @DisplayName("the simd backend's background warm-up")
    class Warmup {
        @Test
        @DisplayName("bench turns it off (it measures with its own warm-up), unless JAVA_OPTS set it")
        void offForTheBench() {
            String before = System.getProperty(BenchCommand.SIMD_WARMUP_PROPERTY);
            try {
                System.clearProperty(BenchCommand.SIMD_WARMUP_PROPERTY);
                gradbook("bench", "--help");
                assertEquals("false", System.getProperty(BenchCommand.SIMD_WARMUP_PROPERTY));
                System.setProperty(BenchCommand.SIMD_WARMUP_PROPERTY, "true");
                BenchCommand.turnOffBackgroundWarmup();
                assertEquals("true", System.getProperty(BenchCommand.SIMD_WARMUP_PROPERTY));
                System.clearProperty(BenchCommand.SIMD_WARMUP_PROPERTY);
                gradbook("help");
                assertEquals(null, System.getProperty(BenchCommand.SIMD_WARMUP_PROPERTY), "only bench turns it off");
            } finally {
                if (before == null) {
                    System.clearProperty(BenchCommand.SIMD_WARMUP_PROPERTY);
                } else {
                    System.setProperty(BenchCommand.SIMD_WARMUP_PROPERTY, before);
                }
            }
        }
    }

    @Nested
    @DisplayName("bench's options")
    class Options {
        @Test
        @DisplayName("default to every backend, F32 and F64, PyTorch when present")
        void defaults() {
            BenchMain.Options o = options();
            assertEquals(BenchMain.Options.defaults(), o);
            assertEquals(List.of(DType.F32, DType.F64), o.dtypes());
            assertEquals(null, o.backends());
            assertTrue(o.torch());
        }

        @Test
        @DisplayName("read --quick, --backends, --dtypes, --out, --no-torch, --filter, --min-seconds and --torch-threads")
        void flags() {
            BenchMain.Options o = options("--quick", "--backends", "naive,simd", "--dtypes", "f32", "--out", "x",
                    "--no-torch", "--filter", "elementwise", "--torch-threads", "3");
            assertEquals(List.of("naive", "simd"), o.backends());
            assertEquals(List.of(DType.F32), o.dtypes());
            assertEquals(Path.of("x"), o.out());
            assertTrue(o.minSeconds() <= 0.1);
            assertFalse(o.torch());
            assertEquals("elementwise", o.filter());
            assertEquals(3, o.torchThreads());
            assertEquals(0.5, options("--min-seconds", "0.5").minSeconds());
        }

        @Test
        @DisplayName("--help and -h show the usage instead of failing as an unknown option")
        void help() {
            for (String[] args : new String[][] {{"bench", "--help"}, {"bench", "--quick", "-h"}}) {
                Cli.Run run = gradbook(args);
                assertEquals(0, run.status(), run.transcript());
                assertTrue(run.out().startsWith("Every backend"), run.transcript());
                assertTrue(run.out().contains("Usage: gradbook bench [OPTIONS]"), run.transcript());
            }
        }

        @Test
        @DisplayName("a bad dtype or number names the option and what it got")
        void badValues() {
            assertUsageError(gradbook("bench", "--dtypes", "f32,f16"), "'--dtypes'",
                    "unknown dtype 'f16': use f32 or f64");
            assertUsageError(gradbook("bench", "--torch-threads", "x"), "'--torch-threads'",
                    "expects a whole number of at least 1, got 'x'");
            assertUsageError(gradbook("bench", "--torch-threads", "1.5"), "'--torch-threads'",
                    "expects a whole number of at least 1, got '1.5'");
            assertUsageError(gradbook("bench", "--min-seconds", "-1"), "'--min-seconds'",
                    "expects a positive number, got '-1'");
            assertUsageError(gradbook("bench", "--min-seconds", "soon"), "'--min-seconds'", "got 'soon'");
            assertUsageError(gradbook("bench", "--backends", "naive,gpu"), "'--backends'", "unknown backend 'gpu'");
        }

        @Test
        @DisplayName("an unknown option names itself and the help")
        void unknown() {
            assertUsageError(gradbook("bench", "--fast"), "Unknown option: '--fast'", "gradbook bench --help");
        }
    }

    @Test
    @DisplayName("a quick run on the naive backend writes a CSV line per workload the filter selects, and the chart")
    void quickRun(@TempDir Path dir) throws Exception {
        Cli.Run run = gradbook("bench", "--backends", "naive", "--dtypes", "f32", "--min-seconds", "0.001",
                "--no-torch", "--out", dir.toString(), "--quick", "--filter", "softmax");
        assertEquals(0, run.status(), run.transcript());
        List<String> csv = Files.readAllLines(dir.resolve("bench.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv)); // header, softmax [128,10], softmax [128,512]
        assertTrue(csv.stream().skip(1).allMatch(line -> line.contains(",softmax,F32,naive,")), String.join("\n", csv));
        assertTrue(Files.size(dir.resolve("bench.png")) > 0);
        assertTrue(run.out().contains("Wrote " + dir.resolve("bench.csv")), run.transcript());
    }

    @Test
    @DisplayName("a filter that matches nothing fails with exit status 1, naming the groups")
    void emptyFilter(@TempDir Path dir) {
        Cli.Run run = gradbook("bench", "--backends", "naive", "--no-torch", "--out", dir.toString(), "--filter", "zzz");
        assertEquals(1, run.status(), run.transcript());
        Cli.assertOneLineError(run, "gradbook bench: no workload matches --filter 'zzz'", "seed-matmul");
    }

    @Test
    @DisplayName("bench-foundation takes --quick and refuses anything else")
    void foundation() {
        assertTrue(parsed(FoundationBenchCommand.class, "bench-foundation", "--quick").quick);
        assertFalse(parsed(FoundationBenchCommand.class, "bench-foundation").quick);
        assertUsageError(gradbook("bench-foundation", "quick"), "gradbook bench-foundation:", "'quick'");
    }
}
