package dev.gradbook.backends.simd;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.naive.NaiveBackend;
import dev.gradbook.backends.simd.TestViews.Layout;

import java.util.Random;

/**
 * Times the element-wise work of one Dense(512) layer on a batch of 128 — the bias add, relu and
 * its derivative, the bias gradient (column sums), a softmax-style row max and exp — on the SIMD
 * and the naive backend. Not a test: run it like {@link MatmulBenchmark}, with
 * {@code dev.gradbook.backends.simd.ElementwiseBenchmark} as the main class.
 */
public final class ElementwiseBenchmark {
    private ElementwiseBenchmark() {
    }

    private interface Work {
        void run(TensorBackend backend);
    }

    public static void main(String[] args) {
        TensorBackend simd = new SimdBackend(1);
        TensorBackend naive = new NaiveBackend();
        Random random = new Random(1);
        System.out.println("[128, 512], one thread        dtype   simd µs/call   naive µs/call   naive / simd");
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            View x = TestViews.random(dtype, new int[] {128, 512}, Layout.CONTIGUOUS, random);
            View y = TestViews.random(dtype, new int[] {128, 512}, Layout.CONTIGUOUS, random);
            View bias = TestViews.random(dtype, new int[] {128, 512}, Layout.ROW, random);
            View out = TestViews.output(dtype, 128, 512);
            View columns = TestViews.output(dtype, 1, 512);
            View rows = TestViews.output(dtype, 128, 1);
            report("x + y", dtype, simd, naive, b -> b.zip(BinaryOp.ADD, x, y, out));
            report("x + bias (row broadcast)", dtype, simd, naive, b -> b.zip(BinaryOp.ADD, x, bias, out));
            report("relu(x)", dtype, simd, naive, b -> b.map(UnaryOp.RELU, x, out));
            report("step(x) * y (relu backward)", dtype, simd, naive, b -> {
                b.map(UnaryOp.STEP, x, out);
                b.zip(BinaryOp.MUL, out, y, out);
            });
            report("sum over dim 0 (bias grad)", dtype, simd, naive, b -> b.reduce(ReduceOp.SUM, x, 0, columns));
            report("max over dim 1 (softmax)", dtype, simd, naive, b -> b.reduce(ReduceOp.MAX, x, 1, rows));
            report("exp(x) (scalar Math.exp)", dtype, simd, naive, b -> b.map(UnaryOp.EXP, x, out));
        }
    }

    private static void report(String what, DType dtype, TensorBackend simd, TensorBackend naive, Work work) {
        double s = microsPerCall(simd, work);
        double n = microsPerCall(naive, work);
        System.out.printf("%-29s %-6s %10.1f %14.1f %12.0f×%n", what, dtype, s, n, n / s);
    }

    /** Best of several rounds after a warm-up, in microseconds per call. */
    private static double microsPerCall(TensorBackend backend, Work work) {
        int reps = 1;
        long warmEnd = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < warmEnd) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                work.run(backend);
            }
            if (System.nanoTime() - start < 20_000_000L) {
                reps *= 2;
            }
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                work.run(backend);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / reps);
        }
        return best;
    }
}
