package dev.gradbook.autograd;

/**
 * Something switched on until closed: a backend choice ({@link Backends#use(String)}) or a
 * no-grad region ({@link GradMode#noGrad()}). Made for try-with-resources, which closes it even
 * when an exception leaves the block.
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {
    /** Restores what was in force before this scope opened. Never throws a checked exception. */
    @Override
    void close();
}
