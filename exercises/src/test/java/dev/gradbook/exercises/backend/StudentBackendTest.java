package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.BackendRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The student backend as gradbook itself sees it: the course is on the class path of gradbook's
 * command line, so its provider is found by every program there and must stay out of the way.
 */
@DisplayName("The student backend in gradbook's own runtime")
class StudentBackendTest {

    @Nested
    @DisplayName("registration")
    class Registration {
        @Test
        @DisplayName("the services file makes ServiceLoader find it, listed last: the lowest priority of all")
        void listedLast() {
            BackendRegistry registry = BackendRegistry.fromServiceLoader();
            List<String> available = registry.available();
            assertTrue(available.contains("naive"), available.toString());
            assertEquals("student", available.get(available.size() - 1), available.toString());
            assertEquals("student", registry.get("student").name()); // wrapped so that its errors name it
        }

        @Test
        @DisplayName("never the default: with nothing chosen, tensors go to a bundled backend")
        void neverTheDefault() {
            BackendRegistry registry = BackendRegistry.fromServiceLoader();
            if (System.getProperty(BackendRegistry.PROPERTY) == null && System.getenv(BackendRegistry.ENVIRONMENT) == null) {
                assertNotEquals("student", registry.current().name());
            }
            assertEquals(Integer.MIN_VALUE, StudentBackendProvider.PRIORITY);
        }
    }

    @Nested
    @DisplayName("the starter's ./gradbook mnist")
    class Lesson {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        private int run(String... args) {
            return MnistLesson.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("a wrong command line exits 2 with one line naming the option, before any training")
        void usage() {
            assertEquals(2, run("--epochs", "0"));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mnist: --epochs must be at least 1, got 0;"),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(2, run("--frobnicate"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--frobnicate'"));
            assertEquals(2, run("--verbose", "3"));
            assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing trained");
        }

        @Test
        @DisplayName("an unknown backend fails with exit 1, naming the backends there are")
        void unknownBackend() {
            assertEquals(1, run("--backend", "nope", "--epochs", "1", "--verbose", "0"));
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(message.contains("nope") && message.contains("student"), message);
        }

        @Test
        @DisplayName("one epoch on the reference backend trains and reports a test accuracy")
        void oneEpoch() {
            assertEquals(0, run("--epochs", "1", "--verbose", "0"), err.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).matches("(?s).*Test accuracy: 0\\.[89]\\d{3}\\n.*"),
                    out.toString(StandardCharsets.UTF_8));
        }
    }
}
