package dev.gradbook.backends.simd;

import dev.gradbook.autograd.BackendRegistry;
import dev.gradbook.autograd.spi.BackendProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The simd provider is found by ServiceLoader and knows when it can run")
class SimdBackendProviderTest {

    @Nested
    @DisplayName("in a JVM started with --add-modules jdk.incubator.vector (this one)")
    class WithTheModule {
        @Test
        @DisplayName("it is named simd, outranks naive, is available and creates a SimdBackend")
        void available() {
            SimdBackendProvider provider = new SimdBackendProvider();
            assertEquals("simd", provider.name());
            assertEquals(20, provider.priority());
            assertTrue(provider.isAvailable());
            assertInstanceOf(SimdBackend.class, provider.create());
        }

        @Test
        @DisplayName("ServiceLoader lists it, and default selection picks it over naive")
        void discovered() {
            List<String> names = new ArrayList<>();
            ServiceLoader.load(BackendProvider.class).forEach(p -> names.add(p.name()));
            assertTrue(names.contains("simd"), "providers found: " + names);
            BackendRegistry registry = BackendRegistry.fromServiceLoader();
            assertEquals("simd", registry.available().get(0));
        }
    }

    @Nested
    @DisplayName("in a JVM started without the module")
    class WithoutTheModule {
        @Test
        @DisplayName("isAvailable() is false (no NoClassDefFoundError) and gradbook falls back to naive")
        void unavailable() throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = System.getProperty("java.class.path");
            Process process = new ProcessBuilder(java, "-cp", classpath, ProviderProbe.class.getName())
                    .redirectErrorStream(true)
                    .start();
            String output = readAll(process.getInputStream());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
            assertEquals(0, process.exitValue(), "probe output:\n" + output);
            assertTrue(output.contains("simd available: false"), output);
            assertTrue(output.contains("default backend: naive"), output);
            assertTrue(output.contains("create: the simd backend needs the module jdk.incubator.vector"), output);
        }

        private String readAll(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Runs in the child JVM: reports what a program without the Vector API module sees. */
    static final class ProviderProbe {
        public static void main(String[] args) {
            SimdBackendProvider provider = new SimdBackendProvider();
            System.out.println("simd available: " + provider.isAvailable());
            BackendRegistry registry = BackendRegistry.fromServiceLoader();
            System.out.println("default backend: " + registry.current().name());
            try {
                provider.create();
                System.out.println("create: succeeded");
            } catch (IllegalStateException e) {
                System.out.println("create: " + e.getMessage());
            }
            System.out.println("classpath entries: " + System.getProperty("java.class.path").split(File.pathSeparator).length);
        }
    }
}
