package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.ReportingBackend;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.View;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static dev.gradbook.exercises.tensorgrad.TensorChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * ex5.1: {@link StudentBackend#map} and the registration ({@link StudentBackendProvider} and the
 * services file). These examples come first; then {@link ConformanceGrader}'s groups
 * {@code conformance-map}, {@code -copy}, {@code -fill} and {@code -gather} compare your map with
 * the naive backend's in every layout and on special values (copy, fill and gather are the
 * interface's defaults, built on your map, writing into views that are not contiguous).
 */
@Tag("ex5.1")
@DisplayName("ex5.1 a backend provider registered as student, and map")
class BackendMapGrader {

    @Test
    @DisplayName("an example: map EXP over [0, 1], a [2] view, gives [1, e]")
    void example() {
        Tensor in = Tensor.of(new double[] {0, 1}, 2);
        Tensor out = Tensor.zeros(2);
        new StudentBackend().map(UnaryOp.EXP, in.view(), out.view());
        assertClose(Tensor.of(new double[] {1, 2.718281828459045}, 2), out, 1e-15, "map(EXP) of [0, 1]");
    }

    @Test
    @DisplayName("through the view: NEG of [[0, 1, 2], [3, 4, 5]] transposed, and of its middle column in place")
    void stridesAndOffset() {
        Tensor x = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor out = Tensor.zeros(3, 2);
        new StudentBackend().map(UnaryOp.NEG, x.t().view(), out.view()); // strides [1, 3]
        assertClose(Tensor.of(new double[] {0, -3, -1, -4, -2, -5}, 3, 2), out, 0,
                "map(NEG) of x.t() (strides [1, 3]): read element (i, j) at offset + i·1 + j·3");
        View column = x.view().narrow(1, 1, 1); // shape [2, 1], strides [3, 1], offset 1
        new StudentBackend().map(UnaryOp.NEG, column, column);
        assertClose(Tensor.of(new double[] {0, -1, 2, 3, -4, 5}, 2, 3), x, 0,
                "map(NEG, column, column) on the middle column (offset 1): only that column changes, in place");
    }

    @Test
    @DisplayName("registered: Backends lists 'student' with the lowest priority, and Backends.use(\"student\") computes with your StudentBackend")
    void registered() {
        List<String> available = Backends.available();
        assertTrue(available.contains("student"), "Backends.available() is " + available + " without 'student': list"
                + " dev.gradbook.exercises.backend.StudentBackendProvider in src/main/resources/META-INF/services/"
                + "dev.gradbook.autograd.spi.BackendProvider, and have name() return \"student\"");
        int studentPriority = 0;
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.name().equals("student")) {
                studentPriority = provider.priority();
            }
        }
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (!provider.name().equals("student") && provider.priority() <= studentPriority) {
                fail("the student backend's priority " + studentPriority + " is not below '" + provider.name() + "''s "
                        + provider.priority() + "; it must be the lowest, so that it runs only when chosen by name");
            }
        }
        // The provider itself first: the registry creates a backend once per JVM and keeps it.
        TensorBackend created = new StudentBackendProvider().create();
        assertTrue(created instanceof StudentBackend, "StudentBackendProvider.create() returned "
                + (created == null ? "null" : "a " + created.getClass().getName()) + "; it should return a new StudentBackend()");
        TensorBackend registered = Backends.get("student");
        TensorBackend unwrapped = registered instanceof ReportingBackend reporting ? reporting.delegate() : registered;
        assertTrue(unwrapped instanceof StudentBackend, "Backends.get(\"student\") is a "
                + unwrapped.getClass().getName() + "; StudentBackendProvider.create() should return a new StudentBackend()");
        try (Scope scope = Backends.use("student")) {
            Tensor y = Tensor.of(new double[] {0, 1}, 2).exp();
            assertEquals("student", y.backend().name(), "a tensor made inside Backends.use(\"student\") lives there");
            assertClose(Tensor.of(new double[] {1, 2.718281828459045}, 2), y, 1e-15,
                    "Tensor.exp() of [0, 1] on the student backend");
        }
    }
}
