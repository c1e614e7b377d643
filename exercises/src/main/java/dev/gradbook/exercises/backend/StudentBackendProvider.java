package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.exercises.grading.Todo;

/**
 * Registers {@link StudentBackend} under the name {@code "student"}, so that
 * {@code Backends.use("student")}, {@code -Dgradbook.backend=student} and
 * {@code ./gradbook mnist --backend student} find it (chapter 5, "The real registration: a
 * provider and a services file").
 *
 * <p>{@link java.util.ServiceLoader} finds this class through the services file
 * {@code src/main/resources/META-INF/services/dev.gradbook.autograd.spi.BackendProvider}, whose one
 * line is this class's fully qualified name. Open it: that line is the whole registration.
 *
 * <p>Why {@link #name()}, {@link #priority()} and {@link #isAvailable()} are written for you: the
 * registry calls them as soon as the first tensor of the program is made, to list and rank the
 * backends. If one of them threw, no tensor could be made anywhere, and every task of the course
 * would fail with it. {@link #create()} is called only when someone asks for {@code "student"}, so
 * until it is written, only what uses your backend waits for it.
 */
public final class StudentBackendProvider implements BackendProvider {

    /**
     * The lowest priority there is, below every bundled backend (naive 0, EJML 10, SIMD 20): your
     * backend runs only when it is chosen by name, never because nothing was chosen. That keeps it
     * out of the way of everything else, here and in gradbook, which has this course on its class
     * path.
     */
    public static final int PRIORITY = Integer.MIN_VALUE;

    @Override
    public String name() {
        return "student";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean isAvailable() {
        return true; // plain Java: it runs wherever gradbook runs
    }

    /** A new {@link StudentBackend}; the registry calls this once and shares the instance. */
    @Override
    public TensorBackend create() {
        // BEGIN SOLUTION ex5.1
        return new StudentBackend();
        // END SOLUTION
    }
}
