package dev.gradbook.backends.simd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Warmup: the kernels are compiled in the background")
class WarmupTest {

    @Test
    @DisplayName("its work list runs through matmul, map, zip, reduce, copy and every update rule without error")
    void workListRuns() {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> new Warmup(new SimdBackend(new WorkerPool(1))).run());
    }

    @Test
    @DisplayName("it starts at most once per JVM, as a daemon thread: a second start does nothing")
    void startsOnce() {
        new SimdBackendProvider().create(); // the provider's create() starts it (unless an earlier test did)
        assertFalse(Warmup.startOnce(), "a second start must not start another thread");
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gradbook-simd-warmup"))
                .forEach(t -> assertTrue(t.isDaemon(), "the warm-up must never keep a program alive"));
    }
}
