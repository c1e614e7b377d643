package dev.gradbook.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the warm-up stops: the decision alone, with made-up round times (no clock involved). */
@DisplayName("Stopwatch's warm-up stops when the work has stopped getting faster")
class StopwatchTest {

    @Test
    @DisplayName("a first round never settles: there is nothing to compare it with")
    void firstRound() {
        assertFalse(Stopwatch.settled(Double.POSITIVE_INFINITY, 1e-3, 1, 5.0));
    }

    @Test
    @DisplayName("a round no faster than the best before settles, once the minimum warm-up has passed")
    void noFaster() {
        assertTrue(Stopwatch.settled(1.00e-3, 1.00e-3, 2, 1.5));
        assertTrue(Stopwatch.settled(1.00e-3, 0.98e-3, 3, 1.5), "2 % faster is within the noise");
        assertTrue(Stopwatch.settled(1.00e-3, 1.40e-3, 3, 1.5), "slower (a noisy round) is not faster");
        assertFalse(Stopwatch.settled(1.00e-3, 1.00e-3, 2, 0.5), "before MIN_WARM_SECONDS");
    }

    @Test
    @DisplayName("a round clearly faster than every earlier one keeps the warm-up going (the JIT is still at work)")
    void stillImproving() {
        assertFalse(Stopwatch.settled(2.14e-3, 0.96e-3, 4, 4.0));
        assertFalse(Stopwatch.settled(1.00e-3, 0.96e-3, 2, 1.5));
    }

    @Test
    @DisplayName("whatever the rounds do, the warm-up ends at MAX_WARM_SECONDS")
    void capped() {
        assertTrue(Stopwatch.settled(2e-3, 1e-3, 40, Stopwatch.MAX_WARM_SECONDS));
    }

    @Test
    @DisplayName("median runs the work: at least five timed runs after the warm-up")
    void runsTheWork() {
        AtomicInteger calls = new AtomicInteger();
        double seconds = Stopwatch.median(calls::incrementAndGet, 0);
        assertTrue(seconds >= 0 && seconds < 0.1, "median " + seconds);
        assertTrue(calls.get() >= 5 + 2, calls.get() + " calls: two warm-up rounds at least, then five timed runs");
    }
}
