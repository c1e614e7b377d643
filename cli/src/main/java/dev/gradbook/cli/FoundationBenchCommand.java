package dev.gradbook.cli;

import dev.gradbook.bench.FoundationBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code gradbook bench-foundation}: the foundation's two speed figures ({@link FoundationBenchmark}). */
@Command(name = "bench-foundation",
        header = "Scalar-engine nodes/s and naive matmul GFLOP/s.",
        description = "Measures how many Scalar-engine nodes a forward + backward pass processes per second, and"
                + " the naive backend's matmul at 128x784x512 in GFLOP/s next to the same loops in i-j-k order:"
                + " the lesson on memory order.")
final class FoundationBenchCommand implements Callable<Integer> {
    @ParentCommand
    private Gradbook gradbook;

    @Option(names = "--quick", description = "Time each figure for about 0.3 s instead of 1.5 s.")
    boolean quick;

    @Override
    public Integer call() {
        FoundationBenchmark.run(quick, gradbook.out());
        return 0;
    }
}
