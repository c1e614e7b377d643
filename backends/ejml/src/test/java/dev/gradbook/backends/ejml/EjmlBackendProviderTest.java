package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.BackendRegistry;
import dev.gradbook.autograd.spi.BackendProvider;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("EjmlBackendProvider: found on the classpath and preferred over the naive backend")
class EjmlBackendProviderTest {

    @Test
    @DisplayName("ServiceLoader finds it under the name 'ejml', available, with priority 10")
    void registered() {
        List<BackendProvider> ejml = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("ejml"))
                .collect(Collectors.toList());
        assertEquals(1, ejml.size(), "exactly one provider named 'ejml'");
        assertTrue(ejml.get(0).isAvailable());
        assertEquals(10, ejml.get(0).priority());
        assertInstanceOf(EjmlBackend.class, ejml.get(0).create());
    }

    @Test
    @DisplayName("with no choice made, a registry with both backends picks ejml")
    void winsByPriority() {
        BackendRegistry registry = new BackendRegistry(ServiceLoader.load(BackendProvider.class), name -> null,
                name -> null);
        assertEquals(List.of("ejml", "naive"), registry.available());
        assertEquals("ejml", registry.current().name());
    }
}
