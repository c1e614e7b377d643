package dev.gradbook.bench.jmh;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH: the seed MLP's first-layer product {@code [128, 784] @ [784, 512]} (and others via
 * {@code -p shape=...}) on each backend and dtype. For careful numbers:
 * <pre>
 * ./gradbook jmh MatmulBenchmark -p backend=simd,ejml -p dtype=F32,F64
 * </pre>
 * Convert to GFLOP/s with {@code 2·m·k·n / time}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatmulBenchmark {
    /** Backend name, as for {@code Backends.use}. */
    @Param({"naive", "ejml", "simd"})
    public String backend;

    /** Element type. */
    @Param({"F32", "F64"})
    public String dtype;

    /** {@code m x k x n}. */
    @Param({"128x784x512", "128x512x512", "128x512x10"})
    public String shape;

    private Tensor a;
    private Tensor b;

    /** Creates the operands on the chosen backend. */
    @Setup
    public void setUp() {
        String[] mkn = shape.split("x");
        int m = Integer.parseInt(mkn[0]);
        int k = Integer.parseInt(mkn[1]);
        int n = Integer.parseInt(mkn[2]);
        Backends.setDefault(backend);
        Tensor.setDefaultDType(DType.valueOf(dtype));
        SplittableRandom rng = new SplittableRandom(1);
        a = Tensor.randn(rng, m, k);
        b = Tensor.randn(rng, k, n);
    }

    /** One product. */
    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}
