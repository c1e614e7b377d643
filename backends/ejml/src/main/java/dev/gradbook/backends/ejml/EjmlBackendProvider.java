package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.TensorBackend;

/**
 * Registers the {@link EjmlBackend} under the name {@code "ejml"}. Its priority, 10, puts it above
 * the naive backend (0): with EJML on the classpath and no explicit choice, tensors use it. EJML is
 * plain Java, so it is always available.
 */
public final class EjmlBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public TensorBackend create() {
        return new EjmlBackend();
    }
}
