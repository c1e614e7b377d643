package dev.gradbook.backends.simd;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.TensorBackend;

/**
 * Registers the {@link SimdBackend} under the name {@code "simd"}, with priority 20: above the
 * naive backend (0), so a JVM that can run it picks it when the user chose nothing.
 *
 * <p>On Java 17 the Vector API is the <em>incubator</em> module {@code jdk.incubator.vector}, which
 * a JVM loads only when asked: {@code java --add-modules jdk.incubator.vector ...}. Without it,
 * {@link #isAvailable()} answers {@code false} and gradbook quietly falls back to another backend.
 * This class itself never mentions a vector type, so it loads fine in such a JVM; the classes that
 * do are touched only after the module has been found.
 */
public final class SimdBackendProvider implements BackendProvider {
    /** The module the backend needs at run time. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int priority() {
        return 20;
    }

    /** True when this JVM was started with the Vector API module (and its classes load). */
    @Override
    public boolean isAvailable() {
        return Probe.AVAILABLE;
    }

    @Override
    public TensorBackend create() {
        if (!isAvailable()) {
            throw new IllegalStateException("the simd backend needs the module " + VECTOR_MODULE
                    + ", which this JVM did not load; start java with --add-modules " + VECTOR_MODULE);
        }
        Warmup.startOnce(); // compile the kernels in the background while the program gets going
        return new SimdBackend();
    }

    /** Checks once per JVM; a class of its own so the answer is computed on first use only. */
    private static final class Probe {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return false; // never load a kernel class: it would fail with NoClassDefFoundError
            }
            try {
                return FloatKernels.V > 0 && DoubleKernels.V > 0 && MatmulF32.NR > 0 && MatmulF64.NR > 0;
            } catch (LinkageError | RuntimeException e) {
                return false; // module present but unusable (e.g. a stripped runtime image)
            }
        }
    }
}
