package dev.gradbook.backends.simd;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.ReportingBackend;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.backends.conformance.BackendConformanceKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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

    @Test
    @DisplayName("the ServiceLoader finds this backend under the name 'simd'")
    void registeredUnderItsName() {
        TensorBackend registered = Backends.get("simd");
        assertEquals("simd", registered.name());
        assertInstanceOf(SimdBackend.class, ((ReportingBackend) registered).delegate());
    }
}
