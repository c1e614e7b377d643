package dev.gradbook.bench.jmh;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.bench.Workloads;
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

import java.util.concurrent.TimeUnit;

/**
 * JMH: one full training step of the seed MLP (forward, loss, backward, RMSprop update) on a
 * mini-batch of 128, per backend and dtype:
 * <pre>
 * ./gradbook jmh TrainStepBenchmark -p backend=simd -p dtype=F32
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainStepBenchmark {
    /** Backend name. */
    @Param({"naive", "ejml", "simd"})
    public String backend;

    /** Element type. */
    @Param({"F32", "F64"})
    public String dtype;

    private Runnable step;

    /** Builds and compiles the seed model on the chosen backend. */
    @Setup
    public void setUp() {
        Backends.setDefault(backend);
        Tensor.setDefaultDType(DType.valueOf(dtype));
        step = Workloads.trainStep();
    }

    /** One training step. */
    @Benchmark
    public void trainStep() {
        step.run();
    }
}
