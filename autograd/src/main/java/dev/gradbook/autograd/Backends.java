package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.TensorBackend;

import java.util.List;

/**
 * Chooses the backend that does the arithmetic of new tensors. The one-line switch of the course:
 *
 * <pre>{@code
 * Backends.setDefault("ejml");                  // from now on, everywhere
 * try (var scope = Backends.use("naive")) {      // only inside this block, on this thread
 *     ...
 * }
 * }</pre>
 *
 * or, without touching code, {@code -Dgradbook.backend=naive} or {@code GRADBOOK_BACKEND=naive}.
 * With no choice at all, the available backend with the highest priority wins. See
 * {@link BackendRegistry} for the full rules.
 */
public final class Backends {
    private static volatile BackendRegistry registry;

    private Backends() {
    }

    /** The process-wide registry, built from {@link java.util.ServiceLoader} on first use. */
    public static BackendRegistry registry() {
        BackendRegistry r = registry;
        if (r == null) {
            synchronized (Backends.class) {
                r = registry;
                if (r == null) {
                    r = BackendRegistry.fromServiceLoader();
                    registry = r;
                }
            }
        }
        return r;
    }

    /** The backend new tensors use on this thread. */
    public static TensorBackend current() {
        return registry().current();
    }

    /** The backend called {@code name}; fails listing the available names if there is none. */
    public static TensorBackend get(String name) {
        return registry().get(name);
    }

    /** Names of the backends that can run here, highest priority first. */
    public static List<String> available() {
        return registry().available();
    }

    /** Uses {@code name} everywhere from now on (pass null to return to automatic selection). */
    public static void setDefault(String name) {
        registry().setDefault(name);
    }

    /** Uses {@code name} on this thread until the returned scope is closed. */
    public static Scope use(String name) {
        return registry().use(name);
    }
}
