package dev.gradbook.backends.ejml;

/**
 * Times a piece of work for the measurement programs of this module (not tests): run it until the
 * JIT compiler has settled, then time every call separately for a while and keep the fastest.
 *
 * <p>Why the fastest call and not the average? On a shared machine other processes take the CPU
 * at random moments; a call they interrupt is slower, never faster. The fastest of many calls is
 * the best estimate of what the code itself costs, and it is stable from run to run where the
 * average is not. (It is optimistic for multi-threaded code only in needing both cores free at
 * once, which makes threaded figures, if anything, pessimistic.)
 */
final class Stopwatch {
    private Stopwatch() {
    }

    /** Seconds of the fastest call of {@code work} within {@code seconds}, after a warm-up. */
    static double fastestCall(Runnable work, double warmupSeconds, double seconds) {
        timeFor(work, warmupSeconds);
        return timeFor(work, seconds);
    }

    private static double timeFor(Runnable work, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long fastest = Long.MAX_VALUE;
        do {
            long start = System.nanoTime();
            work.run();
            fastest = Math.min(fastest, System.nanoTime() - start);
        } while (System.nanoTime() < deadline);
        return fastest / 1e9;
    }
}
