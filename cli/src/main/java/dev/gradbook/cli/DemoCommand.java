package dev.gradbook.cli;

import dev.gradbook.autograd.examples.ScalarNeuronDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code gradbook demo}: the scalar engine's first program ({@link ScalarNeuronDemo}). */
@Command(name = "demo",
        header = "The scalar engine learns XOR; its loss falls as you watch.",
        description = "A 2-4-1 tanh network made of nothing but Scalars learns XOR by plain gradient descent,"
                + " printing its loss every 20 steps.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    private Gradbook gradbook;

    @Override
    public Integer call() {
        ScalarNeuronDemo.run(gradbook.out());
        return 0;
    }
}
