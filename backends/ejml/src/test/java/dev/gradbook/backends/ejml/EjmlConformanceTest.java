package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.backends.conformance.BackendConformanceKit;

import org.junit.jupiter.api.DisplayName;

/** The EJML backend must give the naive backend's results on every primitive, layout and dtype. */
@DisplayName("EJML backend conformance")
class EjmlConformanceTest extends BackendConformanceKit {
    @Override
    protected TensorBackend backend() {
        return new EjmlBackend();
    }
}
