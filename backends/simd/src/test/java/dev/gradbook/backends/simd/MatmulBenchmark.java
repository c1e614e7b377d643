package dev.gradbook.backends.simd;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.naive.NaiveBackend;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/**
 * Measures matrix-product speed in GFLOP/s (2·m·n·k floating-point operations per product) for
 * the seed MLP's shapes and a square one, F32 and F64, on 1 and 2 threads, next to the naive
 * backend for a ratio. Not a test: run it by hand, on an otherwise idle machine if you can.
 *
 * <pre>
 * mvn -B -q -pl backends/simd -am verify -DskipTests
 * java --add-modules jdk.incubator.vector \
 *   -cp backends/simd/target/classes:backends/simd/target/test-classes:autograd/target/classes:backends/naive/target/classes \
 *   dev.gradbook.backends.simd.MatmulBenchmark
 * </pre>
 *
 * <p>Each figure is measured in 15 rounds of about 0.1 s after a warm-up that lets the JIT
 * compile the kernels; the best round and the median round are printed. On a shared machine the
 * best round is the closest to what the code can do, the median to what you will see.
 *
 * <p>The last column divides the work by the CPU time this process used (all its threads) instead
 * of the wall-clock time: "GFLOP per CPU-second". On a busy machine, where other programs take
 * turns on our cores, it shows what the kernels do while they actually run; it is a diagnostic, not
 * a speed anyone waits for.
 */
public final class MatmulBenchmark {
    private static final int[][] SHAPES = {{128, 784, 512}, {128, 512, 512}, {512, 512, 512}};
    private static final int ROUNDS = 15;
    private static final double ROUND_SECONDS = 0.1;

    private MatmulBenchmark() {
    }

    public static void main(String[] args) {
        System.out.printf("species: F32 %d lanes, F64 %d lanes; %d processors%n",
                FloatKernels.V, DoubleKernels.V, Runtime.getRuntime().availableProcessors());
        try (WorkerPool one = new WorkerPool(1); WorkerPool two = new WorkerPool(2)) {
            TensorBackend simd1 = new SimdBackend(one);
            TensorBackend simd2 = new SimdBackend(two);
            TensorBackend naive = new NaiveBackend();
            System.out.println("shape (m×k×n)   dtype  simd 1 thread (best/median)  simd 2 threads (best/median)"
                    + "  naive           2 threads / naive   per CPU-second (1 thr / 2 thr)");
            for (DType dtype : new DType[] {DType.F32, DType.F64}) {
                for (int[] shape : SHAPES) {
                    double[] s1 = measure(simd1, dtype, shape, ROUNDS);
                    double[] s2 = measure(simd2, dtype, shape, ROUNDS);
                    double[] nv = measure(naive, dtype, shape, 1);
                    System.out.printf("%-15s %-6s %8.1f / %-8.1f GFLOP/s    %8.1f / %-8.1f GFLOP/s    %6.2f GFLOP/s  %7.0f×  (median)   %6.1f / %-6.1f%n",
                            shape[0] + "×" + shape[1] + "×" + shape[2], dtype, s1[0], s1[1], s2[0], s2[1],
                            nv[0], s2[1] / nv[0], s1[2], s2[2]);
                }
            }
        }
    }

    /** {best, median, per CPU-second} GFLOP/s of {@code out = a·b} for a {@code m×k} by {@code k×n} product. */
    private static double[] measure(TensorBackend backend, DType dtype, int[] shape, int rounds) {
        int m = shape[0];
        int k = shape[1];
        int n = shape[2];
        Random random = new Random(42);
        View a = randomView(backend, dtype, random, m, k);
        View b = randomView(backend, dtype, random, k, n);
        View out = View.contiguous(backend.allocate(dtype, m * n), m, n);
        double flops = 2.0 * m * n * k;
        int reps = 1;
        long warmEnd = System.nanoTime() + (rounds > 1 ? 1_000_000_000L : 0L);
        do { // warm up and find how many products fill one round
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                backend.matmul(a, b, out);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (seconds < ROUND_SECONDS) {
                reps = (int) Math.max(reps + 1, Math.min(reps * 2L, (long) (reps * ROUND_SECONDS / Math.max(seconds, 1e-6))));
            }
        } while (System.nanoTime() < warmEnd);
        double[] rates = new double[rounds];
        long cpuStart = processCpuNanos();
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                backend.matmul(a, b, out);
            }
            rates[round] = flops * reps / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
        double perCpuSecond = flops * reps * rounds / ((processCpuNanos() - cpuStart) / 1e9) / 1e9;
        Arrays.sort(rates);
        return new double[] {rates[rounds - 1], rates[rounds / 2], perCpuSecond};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static View randomView(TensorBackend backend, DType dtype, Random random, int rows, int cols) {
        Storage storage = backend.allocate(dtype, rows * cols);
        for (int i = 0; i < rows * cols; i++) {
            storage.set(i, random.nextDouble() * 2 - 1);
        }
        return View.contiguous(storage, rows, cols);
    }
}
