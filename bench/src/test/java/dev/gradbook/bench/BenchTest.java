package dev.gradbook.bench;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        @DisplayName("default to every backend, F32 and F64, PyTorch when present, 0.3 s per measurement, bench-results")
        void defaults() {
            BenchMain.Options o = BenchMain.Options.defaults();
            assertEquals(List.of(DType.F32, DType.F64), o.dtypes());
            assertEquals(null, o.backends());
            assertTrue(o.torch());
            assertEquals(false, o.quick());
            assertEquals(0.3, o.minSeconds());
            assertEquals(Runtime.getRuntime().availableProcessors(), o.torchThreads());
            assertEquals(Path.of("bench-results"), o.out());
            assertEquals("", o.filter());
        }

        @Test
        @DisplayName("a quick run times each measurement for at most 0.1 s, and a shorter time stays")
        void quickCapsTheTime() {
            assertEquals(0.1, new BenchMain.Options(true, null, List.of(DType.F32), Path.of("x"), 0.3, 1, false, "")
                    .minSeconds());
            assertEquals(0.01, new BenchMain.Options(true, null, List.of(DType.F32), Path.of("x"), 0.01, 1, false, "")
                    .minSeconds());
            assertEquals(0.3, new BenchMain.Options(false, null, List.of(DType.F32), Path.of("x"), 0.3, 1, false, "")
                    .minSeconds());
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
        BenchMain.Options quickNaiveElementwise = new BenchMain.Options(true, List.of("naive"), List.of(DType.F32), dir,
                0.001, 1, false, "elementwise");
        List<Result> results = BenchMain.run(quickNaiveElementwise, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(Workloads.standard(true).stream().filter(w -> w.group().equals("elementwise")).count(),
                results.size());
        assertTrue(results.stream().allMatch(r -> r.seconds() > 0));
        assertTrue(Files.exists(dir.resolve("bench.csv")) && Files.exists(dir.resolve("bench.png")));
    }

    @Nested
    @DisplayName("the seed products into a reused output")
    class ReusedOutput {
        private final List<Workload> all = Workloads.standard(false);

        @Test
        @DisplayName("each has a twin through Tensor.matmul: the same product, layout and flop count")
        void twins() {
            List<Workload> reused = all.stream().filter(w -> w.group().equals("seed-matmul-out")).toList();
            assertEquals(4, reused.size());
            for (Workload w : reused) {
                String twinSpec = w.spec().replace("_out:", ":");
                Workload twin = all.stream().filter(t -> t.spec().equals(twinSpec)).findFirst()
                        .orElseThrow(() -> new AssertionError("no Tensor-level twin " + twinSpec + " for " + w.name()));
                assertEquals(twin.flops(), w.flops(), w.name());
                assertTrue(w.name().startsWith(twin.name()), w.name() + " / " + twin.name());
            }
        }

        @Test
        @DisplayName("dW's left operand and dX's right operand are transposed views, as in a backward pass")
        void layouts() {
            Tensor[] dw = Workloads.operands("matmul_ta", 6, 4, 5);
            Tensor[] dx = Workloads.operands("matmul_tb", 6, 4, 5);
            assertEquals(List.of(6, 4), List.of(dw[0].size(0), dw[0].size(1)));
            assertFalse(dw[0].view().isContiguous());
            assertEquals(List.of(4, 5), List.of(dx[1].size(0), dx[1].size(1)));
            assertFalse(dx[1].view().isContiguous());
            assertTrue(Workloads.operands("matmul", 6, 4, 5)[1].view().isContiguous());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Workloads.operands("matmul_xx", 1, 1, 1));
            assertTrue(e.getMessage().contains("matmul_xx"), e.getMessage());
        }

        @Test
        @DisplayName("a quick naive run of the group measures all four")
        void quickRun(@TempDir Path dir) throws Exception {
            BenchMain.Options options = new BenchMain.Options(true, List.of("naive"), List.of(DType.F32), dir,
                    0.001, 1, false, "seed-matmul-out");
            List<Result> results = BenchMain.run(options, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));
            assertEquals(4, results.size());
            assertTrue(results.stream().allMatch(r -> r.seconds() > 0 && r.gflops() > 0), results.toString());
        }
    }

    @Test
    @DisplayName("a filter that selects nothing says which groups there are")
    void emptyFilter(@TempDir Path dir) {
        BenchMain.Options nothing = new BenchMain.Options(true, List.of("naive"), List.of(DType.F32), dir, 0.001, 1,
                false, "no-such-workload");
        String m = assertThrows(IllegalArgumentException.class,
                () -> BenchMain.run(nothing, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .getMessage();
        assertTrue(m.contains("no workload matches --filter 'no-such-workload'") && m.contains("elementwise"), m);
    }

    @Nested
    @DisplayName("PyTorch at equal cores")
    class EqualCores {
        @Test
        @DisplayName("a PyTorch process gets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS, which its BLAS would otherwise take as all cores")
        void threadVariables() {
            ProcessBuilder process = new ProcessBuilder("true");
            process.environment().remove("OPENBLAS_NUM_THREADS");
            process.environment().put("OMP_NUM_THREADS", "64");
            assertEquals(process, TorchReference.limitThreads(process, 1, 2));
            assertEquals("1", process.environment().get("OMP_NUM_THREADS"));
            assertEquals("2", process.environment().get("OPENBLAS_NUM_THREADS"));
            assertEquals("2", process.environment().get("OPENBLAS_VERBOSE"), "so that it names its kernels");
        }

        @Test
        @DisplayName("the kernels OpenBLAS names as it loads are read from the output; no such line, no name")
        void kernelsNamed() {
            assertEquals(java.util.Optional.of("Prescott"),
                    TorchReference.blasCore(List.of("some warning", "Core: Prescott", "matmul:64x64x64\t0.1")));
            assertEquals(java.util.Optional.empty(), TorchReference.blasCore(List.of("matmul:64x64x64\t0.1")));
        }
    }
}
