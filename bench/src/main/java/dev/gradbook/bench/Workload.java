package dev.gradbook.bench;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One piece of work the benchmark times on every backend and dtype.
 *
 * @param name what a student reads in the table, e.g. {@code matmul 128x784x512}
 * @param spec the same work for the PyTorch reference script, e.g. {@code matmul:128x784x512}
 * @param group a family for the chart and the CSV: matmul, seed-matmul, elementwise, softmax, training
 * @param flops floating-point operations of one run (0 where GFLOP/s means nothing)
 * @param setup called once inside the chosen backend and dtype; creates the inputs and returns the
 *              work to repeat (so allocation of inputs is never timed)
 */
public record Workload(String name, String spec, String group, double flops, Supplier<Runnable> setup) {

    /** @throws NullPointerException if a component other than {@code flops} is null */
    public Workload {
        Objects.requireNonNull(name, "Workload: name is null");
        Objects.requireNonNull(spec, "Workload: spec is null");
        Objects.requireNonNull(group, "Workload: group is null");
        Objects.requireNonNull(setup, "Workload: setup is null");
    }
}
