package dev.gradbook.bench;

import dev.gradbook.autograd.DType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The student benchmark")
class BenchTest {

    private static final Workload PRODUCT = new Workload("matmul 2x3x4", "matmul:2x3x4", "matmul", 48, () -> () -> { });
    private static final Workload RELU = new Workload("relu [2,3]", "relu:2x3", "elementwise", 0, () -> () -> { });

    @Nested
    @DisplayName("options")
    class Options {
        @Test
        @DisplayName("default to every backend, F32 and F64, PyTorch when present")
        void defaults() {
            BenchMain.Options o = BenchMain.Options.parse();
            assertEquals(List.of(DType.F32, DType.F64), o.dtypes());
            assertEquals(null, o.backends());
            assertTrue(o.torch());
        }

        @Test
        @DisplayName("read --quick, --backends, --dtypes, --out and --no-torch")
        void flags() {
            BenchMain.Options o = BenchMain.Options.parse("--quick", "--backends", "naive,simd", "--dtypes", "f32",
                    "--out", "x", "--no-torch");
            assertEquals(List.of("naive", "simd"), o.backends());
            assertEquals(List.of(DType.F32), o.dtypes());
            assertEquals(Path.of("x"), o.out());
            assertTrue(o.minSeconds() <= 0.1);
            assertEquals(false, o.torch());
        }

        @Test
        @DisplayName("--help and -h ask for the usage instead of failing as an unknown option")
        void help() {
            assertTrue(BenchMain.Options.parse("--help").help());
            assertTrue(BenchMain.Options.parse("--quick", "-h").help());
            assertEquals(false, BenchMain.Options.parse("--quick").help());
        }

        @Test
        @DisplayName("a bad dtype or number names the option and what it got")
        void badValues() {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--dtypes", "f32,f16"))
                    .getMessage().contains("--dtypes: unknown dtype 'f16': use f32 or f64"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--torch-threads", "x"))
                    .getMessage().contains("--torch-threads needs a positive number, got 'x'"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--torch-threads", "1.5"))
                    .getMessage().contains("--torch-threads needs a positive whole number, got '1.5'"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--min-seconds", "-1"))
                    .getMessage().contains("--min-seconds needs a positive number, got '-1'"));
        }

        @Test
        @DisplayName("an unknown option shows the usage")
        void unknown() {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--fast"))
                    .getMessage().contains("usage: ./gradbook bench"));
        }
    }

    @Nested
    @DisplayName("report")
    class Reporting {
        private final Report report = new Report(List.of(
                new Result(PRODUCT, "naive", "F32", 4e-6),
                new Result(PRODUCT, "simd", "F32", 1e-6),
                new Result(RELU, "naive", "F32", 2e-6),
                new Result(RELU, "simd", "F32", 1e-6)));

        @Test
        @DisplayName("computes GFLOP/s from the workload's FLOPs and the speed-up over naive")
        void ratios() {
            Result simd = new Result(PRODUCT, "simd", "F32", 1e-6);
            assertEquals(0.048, simd.gflops(), 1e-12);
            assertEquals(4.0, report.speedup(simd), 1e-12);
            assertTrue(Double.isNaN(new Result(RELU, "simd", "F32", 1).gflops()));
        }

        @Test
        @DisplayName("prints a table with a row per workload and a column per backend")
        void table() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            report.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String text = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("matmul 2x3x4"), text);
            assertTrue(text.contains("4.0×"), text);
            assertTrue(text.contains("naive") && text.contains("simd"), text);
        }

        @Test
        @DisplayName("writes a CSV line per measurement and a PNG chart")
        void files(@TempDir Path dir) throws Exception {
            report.writeCsv(dir.resolve("b.csv"));
            List<String> lines = Files.readAllLines(dir.resolve("b.csv"));
            assertEquals(5, lines.size());
            assertEquals("workload,group,dtype,backend,seconds,gflops,speedup_vs_naive", lines.get(0));
            assertTrue(lines.get(2).startsWith("\"matmul 2x3x4\",matmul,F32,simd,0.000001000,0.048,4.000"), lines.get(2));
            report.writePng(dir.resolve("b.png"));
            assertNotNull(ImageIO.read(dir.resolve("b.png").toFile()));
        }
    }

    @Test
    @DisplayName("a quick run on the naive backend measures every workload the filter selects")
    void quickRun(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Result> results = BenchMain.run(BenchMain.Options.parse("--backends", "naive", "--dtypes", "f32",
                "--min-seconds", "0.001", "--no-torch", "--out", dir.toString(), "--quick", "--filter", "elementwise"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(Workloads.standard(true).stream().filter(w -> w.group().equals("elementwise")).count(),
                results.size());
        assertTrue(results.stream().allMatch(r -> r.seconds() > 0));
        assertTrue(Files.exists(dir.resolve("bench.csv")) && Files.exists(dir.resolve("bench.png")));
    }
}
