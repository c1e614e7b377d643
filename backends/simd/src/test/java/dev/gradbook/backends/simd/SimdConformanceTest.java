package dev.gradbook.backends.simd;

import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.backends.conformance.BackendConformanceKit;
import org.junit.jupiter.api.DisplayName;

/**
 * The SIMD backend must give the naive backend's results on every primitive, layout and dtype,
 * within the kit's stated tolerances (its FMA chains round differently from naive's mul-then-add).
 */
@DisplayName("SIMD backend conformance")
class SimdConformanceTest extends BackendConformanceKit {
    @Override
    protected TensorBackend backend() {
        return new SimdBackend();
    }
}
