package dev.gradbook.autograd.spi;

/**
 * Makes a {@link TensorBackend} discoverable. gradbook finds providers with
 * {@link java.util.ServiceLoader}: a backend's jar lists its provider class in the file
 * {@code META-INF/services/dev.gradbook.autograd.spi.BackendProvider}, one fully-qualified class
 * name per line. The class needs a public no-argument constructor.
 *
 * <p>To plug in your own backend: implement {@link TensorBackend} (five methods), implement this
 * interface with {@code name()} returning e.g. {@code "student"}, add the services file, put the
 * jar on the classpath, and select it with {@code -Dgradbook.backend=student} or
 * {@code Backends.use("student")}.
 */
public interface BackendProvider {

    /** The name users select the backend by: lower case, no spaces, e.g. {@code "naive"}. */
    String name();

    /** When the user chose nothing, the available provider with the highest priority wins. */
    int priority();

    /**
     * Whether this backend can run in this JVM (e.g. a SIMD backend needs the
     * {@code jdk.incubator.vector} module). Unavailable providers are skipped by default selection
     * and reported when chosen by name.
     */
    boolean isAvailable();

    /** Creates the backend. Called at most once per JVM; the instance is shared. */
    TensorBackend create();
}
