package dev.gradbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gradbook jmh}: JMH, with every argument passed on to JMH's own command line. The
 * benchmarks are in {@code dev.gradbook.bench.jmh}; JMH prints to standard output itself.
 */
@Command(name = "jmh",
        header = "JMH benchmarks: MatmulBenchmark, TrainStepBenchmark.",
        customSynopsis = "gradbook jmh [-hV] [--stacktrace] [JMH-ARGUMENT...]",
        description = {
            "JMH (the JDK's microbenchmark harness) for careful numbers, with warm-up, forks and error bars.",
            "Every other argument goes to JMH: -l lists the benchmarks, and for example",
            "  ./gradbook jmh MatmulBenchmark -p backend=simd -p dtype=F32",
            "runs one. JMH's own help is",
            "  ./gradbook jmh -- -h"})
final class JmhCommand implements Callable<Integer> {
    /** Whatever is not gradbook's own option, in the order given. */
    @Unmatched
    List<String> jmhArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(jmhArguments.toArray(String[]::new));
        return 0;
    }
}
