package dev.gradbook.backends.naive;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.TensorBackend;

/**
 * Registers the {@link NaiveBackend} under the name {@code "naive"}. Its priority is the lowest of
 * the bundled backends: it is chosen automatically only when nothing faster is on the classpath.
 */
public final class NaiveBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "naive";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public TensorBackend create() {
        return new NaiveBackend();
    }
}
