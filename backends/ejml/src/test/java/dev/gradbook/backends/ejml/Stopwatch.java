package dev.gradbook.backends.ejml;

/**
 * Times a piece of work the simple way, for the measurement programs of this module (not tests):
 * run it until the JIT compiler has settled, then time enough repetitions to fill a time budget
 * and take the best of a few such rounds. The best round is the one least disturbed by the
 * garbage collector and by other processes on a shared machine.
 */
final class Stopwatch {
    private Stopwatch() {
    }

    /** Seconds per call of {@code work}: warm-up, then the best of {@code rounds} timed rounds. */
    static double secondsPerCall(Runnable work, double warmupSeconds, double roundSeconds, int rounds) {
        runFor(work, warmupSeconds);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            best = Math.min(best, runFor(work, roundSeconds));
        }
        return best;
    }

    /** Runs {@code work} repeatedly for about {@code seconds}; returns the seconds per call. */
    private static double runFor(Runnable work, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long calls = 0;
        long elapsed;
        do {
            work.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return elapsed / 1e9 / calls;
    }
}
