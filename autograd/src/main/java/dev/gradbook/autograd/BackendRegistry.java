package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.TensorBackend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Knows the backend providers and decides which backend a new tensor uses. {@link Backends} is the
 * static front most code uses; this class holds the logic so that tests can build a registry from
 * providers of their own (mocks, say) and a fake environment.
 *
 * <p>Selection order, first match wins:
 * <ol>
 *   <li>an explicit choice: {@link #use(String)} (scoped, per thread) or {@link #setDefault(String)};</li>
 *   <li>the system property {@code gradbook.backend} ({@code -Dgradbook.backend=ejml});</li>
 *   <li>the environment variable {@code GRADBOOK_BACKEND};</li>
 *   <li>the available provider with the highest {@link BackendProvider#priority()}.</li>
 * </ol>
 * A name that no provider has fails at once, listing the names that exist.
 */
public final class BackendRegistry {
    /** System property that selects a backend by name. */
    public static final String PROPERTY = "gradbook.backend";
    /** Environment variable that selects a backend by name. */
    public static final String ENVIRONMENT = "GRADBOOK_BACKEND";

    private final Map<String, BackendProvider> providers = new LinkedHashMap<>();
    private final Map<String, TensorBackend> created = new LinkedHashMap<>();
    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;
    private final ThreadLocal<List<TensorBackend>> scoped = ThreadLocal.withInitial(ArrayList::new);
    private volatile TensorBackend explicitDefault;

    /**
     * A registry over the given providers.
     *
     * @param providers the candidates, e.g. from {@link ServiceLoader}
     * @param properties looks up system properties ({@code System::getProperty} in real use)
     * @param environment looks up environment variables ({@code System::getenv} in real use)
     * @throws NullPointerException if an argument or one of the providers is null
     */
    public BackendRegistry(Iterable<? extends BackendProvider> providers,
                           UnaryOperator<String> properties, UnaryOperator<String> environment) {
        List<BackendProvider> candidates = NullChecks.copyOfNoNullElements(providers, "BackendRegistry", "providers");
        Objects.requireNonNull(properties, "BackendRegistry: properties is null");
        Objects.requireNonNull(environment, "BackendRegistry: environment is null");
        for (BackendProvider provider : candidates) {
            BackendProvider clash = this.providers.putIfAbsent(provider.name(), provider);
            if (clash != null) {
                throw new IllegalStateException("two backend providers are both named '" + provider.name()
                        + "': " + clash.getClass().getName() + " and " + provider.getClass().getName()
                        + "; rename one of them");
            }
        }
        this.properties = properties;
        this.environment = environment;
    }

    /** A registry over every provider on the classpath, reading the real properties and environment. */
    public static BackendRegistry fromServiceLoader() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(found::add);
        return new BackendRegistry(found, System::getProperty, System::getenv);
    }

    /** Names of all providers found, available or not, in discovery order. */
    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /** Names of the providers that can run in this JVM, highest priority first. */
    public List<String> available() {
        return providers.values().stream()
                .filter(BackendProvider::isAvailable)
                .sorted(Comparator.comparingInt(BackendProvider::priority).reversed())
                .map(BackendProvider::name)
                .collect(Collectors.toList());
    }

    /**
     * The backend called {@code name}, created on first request and shared afterwards.
     *
     * @throws IllegalArgumentException if no provider has that name, or it cannot run here
     * @throws IllegalStateException if the provider fails while creating its backend
     */
    public synchronized TensorBackend get(String name) {
        Objects.requireNonNull(name, "BackendRegistry.get: name is null");
        TensorBackend backend = created.get(name);
        if (backend != null) {
            return backend;
        }
        BackendProvider provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; available backends: "
                    + available() + (providers.isEmpty()
                    ? " (none found: put a backend such as gradbook-backend-naive on the classpath)" : ""));
        }
        if (!provider.isAvailable()) {
            throw new IllegalArgumentException("backend '" + name + "' cannot run in this JVM"
                    + " (its provider reports isAvailable() == false); available backends: " + available());
        }
        try {
            backend = provider.create();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("backend '" + name + "' failed to start: " + e, e);
        }
        if (backend == null) {
            throw new IllegalStateException("backend provider '" + name + "' returned null from create()");
        }
        backend = new ReportingBackend(backend); // failures then name the backend, primitive and shapes
        created.put(name, backend);
        return backend;
    }

    /** The backend new tensors use on this thread, following the selection order above. */
    public TensorBackend current() {
        List<TensorBackend> stack = scoped.get();
        if (!stack.isEmpty()) {
            return stack.get(stack.size() - 1);
        }
        if (explicitDefault != null) {
            return explicitDefault;
        }
        String chosen = properties.apply(PROPERTY);
        if (chosen != null && !chosen.isBlank()) {
            return get(chosen.trim());
        }
        chosen = environment.apply(ENVIRONMENT);
        if (chosen != null && !chosen.isBlank()) {
            return get(chosen.trim());
        }
        List<String> candidates = available();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no tensor backend found on the classpath (providers seen: "
                    + names() + "); add a dependency such as dev.gradbook:gradbook-backend-naive");
        }
        return get(candidates.get(0));
    }

    /** Makes {@code name} the backend of every thread until changed; fails at once if unknown. */
    public void setDefault(String name) {
        explicitDefault = name == null ? null : get(name);
    }

    /**
     * Uses backend {@code name} on this thread until the returned scope is closed, then restores
     * whatever was in force before. Scopes nest:
     * <pre>{@code
     * try (var scope = Backends.use("naive")) {
     *     Tensor a = Tensor.ones(2, 2);   // lives on the naive backend
     * }
     * }</pre>
     */
    public Scope use(String name) {
        Objects.requireNonNull(name, "BackendRegistry.use: name is null");
        TensorBackend backend = get(name);
        List<TensorBackend> stack = scoped.get();
        stack.add(backend);
        int depth = stack.size();
        boolean[] closed = {false};
        return () -> {
            if (closed[0]) {
                return; // a second close must not pop a scope opened later at the same depth
            }
            if (stack.size() != depth) {
                throw new IllegalStateException("backend scopes closed out of order: close the innermost"
                        + " scope first (use try-with-resources)");
            }
            stack.remove(depth - 1);
            closed[0] = true;
        };
    }
}
