package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.ReportingBackend;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.backends.conformance.BackendConformanceKit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The EJML backend must give the naive backend's results on every primitive, layout and dtype. */
@DisplayName("EJML backend conformance")
class EjmlConformanceTest extends BackendConformanceKit {
    @Override
    protected TensorBackend backend() {
        return new EjmlBackend();
    }

    @Test
    @DisplayName("the ServiceLoader finds this backend under the name 'ejml'")
    void registeredUnderItsName() {
        TensorBackend registered = Backends.get("ejml");
        assertEquals("ejml", registered.name());
        assertInstanceOf(EjmlBackend.class, ((ReportingBackend) registered).delegate());
    }
}
