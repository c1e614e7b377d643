package dev.gradbook.bench;

import java.util.Arrays;

/**
 * Times a piece of work the careful-but-simple way: warm the JIT up, then repeat until enough time
 * has passed, and report the median (robust to the odd slow run on a shared machine).
 */
final class Stopwatch {
    private Stopwatch() {
    }

    /**
     * Median seconds of one run of {@code work}.
     *
     * @param minSeconds keep repeating until the timed runs add up to at least this
     */
    static double median(Runnable work, double minSeconds) {
        // The JIT compiles hot loops (and the Vector API's intrinsics) only after many calls: warm up
        // for at least a second (or 3 runs, for work slower than that), never less than the timed part.
        long warmEnd = System.nanoTime() + (long) (Math.max(1.0, minSeconds) * 1e9);
        int warm = 0;
        while (warm < 3 || System.nanoTime() < warmEnd) {
            work.run();
            warm++;
            if (warm >= 2000) {
                break;
            }
        }
        double[] runs = new double[1000];
        int n = 0;
        double total = 0;
        while (n < runs.length && (n < 5 || total < minSeconds)) {
            long start = System.nanoTime();
            work.run();
            runs[n] = (System.nanoTime() - start) / 1e9;
            total += runs[n++];
        }
        double[] sorted = Arrays.copyOf(runs, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }
}
