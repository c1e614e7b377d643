package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.TensorBackend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * How gradbook picks the backend of a new tensor: an explicit choice beats the system property,
 * which beats the environment variable, which beats priority. The providers are Mockito mocks and
 * the property and environment lookups are plain maps, so every rung of the ladder can be set up
 * without touching the real JVM.
 */
@DisplayName("Backend selection (BackendRegistry)")
class BackendRegistryTest {

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    /** A provider mock whose backend is a mock that answers {@code name()}. */
    private static BackendProvider provider(String name, int priority, boolean available) {
        BackendProvider provider = mock(BackendProvider.class, "provider " + name);
        when(provider.name()).thenReturn(name);
        when(provider.priority()).thenReturn(priority);
        when(provider.isAvailable()).thenReturn(available);
        TensorBackend backend = mock(TensorBackend.class, "backend " + name);
        when(backend.name()).thenReturn(name);
        when(provider.create()).thenReturn(backend);
        return provider;
    }

    private BackendRegistry registry(BackendProvider... providers) {
        return new BackendRegistry(List.of(providers), properties::get, environment::get);
    }

    /** low (1), high (5), mid (3), env (2) and prop (4): all available. */
    private BackendRegistry ladder() {
        return registry(provider("low", 1, true), provider("high", 5, true), provider("mid", 3, true),
                provider("env", 2, true), provider("prop", 4, true));
    }

    @Test
    @DisplayName("providers given as an Iterable that can be walked only once are all registered, after the null check")
    void oneWalkIterable() {
        java.util.Iterator<BackendProvider> once = List.of(provider("a", 1, true), provider("b", 2, true)).iterator();
        BackendRegistry registry = new BackendRegistry(() -> once, properties::get, environment::get);
        assertEquals(List.of("a", "b"), registry.names());
        NullPointerException e = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> new BackendRegistry(java.util.Arrays.asList(provider("a", 1, true), null), properties::get,
                        environment::get));
        assertEquals("BackendRegistry: providers[1] is null", e.getMessage());
    }

    @Nested
    @DisplayName("Selection order")
    class SelectionOrder {
        @Test
        @DisplayName("with no choice anywhere, the available provider with the highest priority wins")
        void priorityWins() {
            assertEquals("high", ladder().current().name());
        }

        @Test
        @DisplayName("the environment variable beats priority")
        void environmentBeatsPriority() {
            environment.put(BackendRegistry.ENVIRONMENT, "env");
            assertEquals("env", ladder().current().name());
        }

        @Test
        @DisplayName("the system property beats the environment variable")
        void propertyBeatsEnvironment() {
            environment.put(BackendRegistry.ENVIRONMENT, "env");
            properties.put(BackendRegistry.PROPERTY, "prop");
            assertEquals("prop", ladder().current().name());
        }

        @Test
        @DisplayName("setDefault beats the system property; setDefault(null) hands back to it")
        void explicitDefaultBeatsProperty() {
            environment.put(BackendRegistry.ENVIRONMENT, "env");
            properties.put(BackendRegistry.PROPERTY, "prop");
            BackendRegistry registry = ladder();
            registry.setDefault("low");
            assertEquals("low", registry.current().name());
            registry.setDefault(null);
            assertEquals("prop", registry.current().name());
        }

        @Test
        @DisplayName("a scoped use() beats setDefault, and closing it restores the default")
        void scopeBeatsDefault() {
            BackendRegistry registry = ladder();
            registry.setDefault("low");
            try (Scope scope = registry.use("mid")) {
                assertEquals("mid", registry.current().name());
            }
            assertEquals("low", registry.current().name());
        }

        @Test
        @DisplayName("the whole ladder, climbed down one rung at a time")
        void wholeLadder() {
            environment.put(BackendRegistry.ENVIRONMENT, "env");
            properties.put(BackendRegistry.PROPERTY, "prop");
            BackendRegistry registry = ladder();
            registry.setDefault("low");
            try (Scope scope = registry.use("mid")) {
                assertEquals("mid", registry.current().name(), "1. explicit scope");
            }
            assertEquals("low", registry.current().name(), "1. explicit default");
            registry.setDefault(null);
            assertEquals("prop", registry.current().name(), "2. system property");
            properties.remove(BackendRegistry.PROPERTY);
            assertEquals("env", registry.current().name(), "3. environment variable");
            environment.remove(BackendRegistry.ENVIRONMENT);
            assertEquals("high", registry.current().name(), "4. highest priority");
        }

        @Test
        @DisplayName("blank property and environment values count as unset; names are trimmed")
        void blankAndPaddedValues() {
            properties.put(BackendRegistry.PROPERTY, "   ");
            environment.put(BackendRegistry.ENVIRONMENT, "  mid ");
            assertEquals("mid", ladder().current().name());
        }

        @Test
        @DisplayName("setDefault applies to every thread")
        void defaultIsGlobal() throws Exception {
            BackendRegistry registry = ladder();
            registry.setDefault("low");
            assertEquals("low", CompletableFuture.supplyAsync(() -> registry.current().name()).get());
        }
    }

    @Nested
    @DisplayName("Availability")
    class Availability {
        @Test
        @DisplayName("an unavailable provider is skipped, however high its priority")
        void unavailableSkipped() {
            BackendRegistry registry = registry(provider("simd", 100, false), provider("naive", 0, true),
                    provider("ejml", 10, true));
            assertEquals("ejml", registry.current().name());
            assertEquals(List.of("ejml", "naive"), registry.available(), "available, highest priority first");
            assertEquals(List.of("simd", "naive", "ejml"), registry.names(), "all, in discovery order");
        }

        @Test
        @DisplayName("an unavailable provider is never created")
        void unavailableNotCreated() {
            BackendProvider simd = provider("simd", 100, false);
            registry(simd, provider("naive", 0, true)).current();
            verify(simd, never()).create();
        }

        @Test
        @DisplayName("naming an unavailable provider fails, saying it cannot run and listing what can")
        void namingUnavailable() {
            BackendRegistry registry = registry(provider("simd", 100, false), provider("naive", 0, true));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.use("simd"));
            assertTrue(e.getMessage().contains("'simd'") && e.getMessage().contains("cannot run")
                    && e.getMessage().contains("[naive]"), e.getMessage());
        }

        @Test
        @DisplayName("with nothing available, current() fails naming the providers it saw")
        void nothingAvailable() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> registry(provider("simd", 100, false)).current());
            assertTrue(e.getMessage().contains("[simd]"), e.getMessage());
        }

        @Test
        @DisplayName("with no provider at all, the message says which dependency to add")
        void noProviders() {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry().current());
            assertTrue(e.getMessage().contains("gradbook-backend-naive"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("Unknown and duplicate names")
    class BadNames {
        @Test
        @DisplayName("use() of an unknown name fails at once, listing the available names")
        void unknownUse() {
            BackendRegistry registry = ladder();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.use("cuda"));
            assertTrue(e.getMessage().contains("unknown backend 'cuda'"), e.getMessage());
            assertTrue(e.getMessage().contains("[high, prop, mid, env, low]"), e.getMessage());
            assertEquals("high", registry.current().name(), "the failed use() left no scope behind");
        }

        @Test
        @DisplayName("setDefault() of an unknown name fails at once and keeps the previous default")
        void unknownDefault() {
            BackendRegistry registry = ladder();
            registry.setDefault("mid");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.setDefault("tpu"));
            assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("mid"), e.getMessage());
            assertEquals("mid", registry.current().name());
        }

        @Test
        @DisplayName("an unknown name in the system property or environment fails on first use, naming it")
        void unknownFromOutside() {
            properties.put(BackendRegistry.PROPERTY, "typo");
            IllegalArgumentException fromProperty = assertThrows(IllegalArgumentException.class, () -> ladder().current());
            assertTrue(fromProperty.getMessage().contains("'typo'") && fromProperty.getMessage().contains("high"),
                    fromProperty.getMessage());
            properties.clear();
            environment.put(BackendRegistry.ENVIRONMENT, "otherTypo");
            IllegalArgumentException fromEnv = assertThrows(IllegalArgumentException.class, () -> ladder().current());
            assertTrue(fromEnv.getMessage().contains("'otherTypo'"), fromEnv.getMessage());
        }

        @Test
        @DisplayName("two providers with one name are rejected when the registry is built")
        void duplicateNames() {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> registry(provider("naive", 0, true), provider("naive", 1, true)));
            assertTrue(e.getMessage().contains("'naive'") && e.getMessage().contains("rename"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("Creating backends")
    class Creation {
        @Test
        @DisplayName("a backend is created on first request, once, and shared afterwards")
        void createdOnce() {
            BackendProvider naive = provider("naive", 0, true);
            BackendRegistry registry = registry(naive);
            verify(naive, never()).create();
            TensorBackend first = registry.current();
            assertSame(first, registry.get("naive"));
            try (Scope scope = registry.use("naive")) {
                assertSame(first, registry.current());
            }
            verify(naive, times(1)).create();
        }

        @Test
        @DisplayName("a provider whose create() throws fails with an IllegalStateException naming the backend")
        void createThrows() {
            BackendProvider broken = provider("broken", 9, true);
            RuntimeException cause = new UnsupportedOperationException("no native library");
            when(broken.create()).thenThrow(cause);
            BackendRegistry registry = registry(broken, provider("naive", 0, true));
            IllegalStateException e = assertThrows(IllegalStateException.class, registry::current);
            assertTrue(e.getMessage().contains("'broken'") && e.getMessage().contains("no native library"),
                    e.getMessage());
            assertSame(cause, e.getCause());
            assertEquals("naive", registry.get("naive").name(), "the other backends still work");
        }

        @Test
        @DisplayName("a linkage error in create() (a missing class) is reported the same way")
        void createLinkageError() {
            BackendProvider broken = provider("simd", 9, true);
            when(broken.create()).thenThrow(new NoClassDefFoundError("jdk/incubator/vector/DoubleVector"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry(broken).get("simd"));
            assertTrue(e.getMessage().contains("'simd'") && e.getMessage().contains("DoubleVector"), e.getMessage());
        }

        @Test
        @DisplayName("a provider whose create() returns null is reported, not passed on")
        void createReturnsNull() {
            BackendProvider lazy = provider("lazy", 0, true);
            when(lazy.create()).thenReturn(null);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry(lazy).current());
            assertTrue(e.getMessage().contains("'lazy'") && e.getMessage().contains("null"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("Scopes")
    class Scopes {
        @Test
        @DisplayName("nest, and each close restores what was in force before it opened")
        void nestAndRestore() {
            BackendRegistry registry = ladder();
            try (Scope outer = registry.use("low")) {
                try (Scope inner = registry.use("mid")) {
                    try (Scope innermost = registry.use("low")) {
                        assertEquals("low", registry.current().name());
                    }
                    assertEquals("mid", registry.current().name());
                }
                assertEquals("low", registry.current().name());
            }
            assertEquals("high", registry.current().name());
        }

        @Test
        @DisplayName("close even when the block throws (try-with-resources)")
        void restoreOnException() {
            BackendRegistry registry = ladder();
            assertThrows(ArithmeticException.class, () -> {
                try (Scope scope = registry.use("low")) {
                    throw new ArithmeticException("boom");
                }
            });
            assertEquals("high", registry.current().name());
        }

        @Test
        @DisplayName("closing the outer scope before the inner one fails loudly")
        void outOfOrder() {
            BackendRegistry registry = ladder();
            Scope outer = registry.use("low");
            Scope inner = registry.use("mid");
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(e.getMessage().contains("out of order"), e.getMessage());
            inner.close();
            outer.close();
            assertEquals("high", registry.current().name());
        }

        @Test
        @DisplayName("closing a scope twice is harmless: it does not close a later scope")
        void closeTwice() {
            BackendRegistry registry = ladder();
            Scope first = registry.use("low");
            first.close();
            try (Scope second = registry.use("mid")) {
                first.close();
                assertEquals("mid", registry.current().name(), "the second scope is still in force");
            }
            assertEquals("high", registry.current().name());
        }

        @Test
        @DisplayName("belong to one thread: another thread still sees the default")
        void perThread() throws Exception {
            BackendRegistry registry = ladder();
            try (Scope scope = registry.use("low")) {
                assertEquals("high", CompletableFuture.supplyAsync(() -> registry.current().name()).get());
                assertEquals("low", registry.current().name());
            }
        }
    }

    @Nested
    @DisplayName("The Backends facade")
    class Facade {
        @Test
        @DisplayName("delegates to the installed registry, and install hands back the previous one")
        void delegatesToInstalledRegistry() {
            BackendRegistry mine = ladder();
            BackendRegistry previous = Backends.install(mine);
            try {
                assertSame(mine, Backends.registry());
                assertEquals("high", Backends.current().name());
                assertEquals(List.of("high", "prop", "mid", "env", "low"), Backends.available());
                try (Scope scope = Backends.use("mid")) {
                    assertEquals("mid", Backends.current().name());
                }
                assertSame(mine.get("low"), Backends.get("low"));
            } finally {
                assertSame(mine, Backends.install(previous));
            }
        }
    }
}
