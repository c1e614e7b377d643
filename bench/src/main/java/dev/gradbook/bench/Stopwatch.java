package dev.gradbook.bench;

import java.util.Arrays;

/**
 * Times a piece of work the careful-but-simple way: warm the JIT up until the work has stopped
 * getting faster, then repeat until enough time has passed, and report the median (robust to the
 * odd slow run on a shared machine).
 *
 * <p>Why "until it has stopped getting faster" and not "for one second": HotSpot compiles a hot
 * loop in stages (interpreter, C1, then C2 with the Vector API's intrinsics), and how long that
 * takes depends on the machine. On an AVX-512 machine one second was enough; on the same machine
 * with {@code -XX:UseAVX=2} the seed product {@code 128x784x512} F32 still ran at half speed
 * after one second (the bench reported 2.14 ms where JMH, which warms up for 3 s, measured
 * 0.96 ms; with 3 s of warm-up the bench gave 0.93 ms). So the warm-up runs in rounds and stops
 * once a round is no faster than the best one before it.
 */
final class Stopwatch {

    /** Each warm-up round lasts at least this long (and at least one run). */
    static final double ROUND_SECONDS = 0.25;
    /** A round within this fraction of the best earlier round counts as "no faster". */
    static final double SETTLED_WITHIN = 0.03;
    /** Never warm up for less than this, nor (whatever the JIT does) for more than {@link #MAX_WARM_SECONDS}. */
    static final double MIN_WARM_SECONDS = 1.0;
    static final double MAX_WARM_SECONDS = 10.0;

    private Stopwatch() {
    }

    /**
     * Median seconds of one run of {@code work}, after the warm-up.
     *
     * @param minSeconds keep repeating the timed runs until they add up to at least this
     */
    static double median(Runnable work, double minSeconds) {
        warmUp(work);
        return medianOfRuns(work, Math.max(minSeconds, 0), 5);
    }

    /** Runs {@code work} in rounds until it has stopped getting faster ({@link #settled}). */
    private static void warmUp(Runnable work) {
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        int rounds = 0;
        while (true) {
            double round = medianOfRuns(work, ROUND_SECONDS, 1);
            rounds++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (settled(best, round, rounds, elapsed)) {
                return;
            }
            best = Math.min(best, round);
        }
    }

    /**
     * Whether the warm-up may stop after a round whose median run took {@code round} seconds,
     * when the best earlier round took {@code bestBefore} ({@code +∞} before the second round),
     * after {@code rounds} rounds and {@code elapsed} seconds in all.
     */
    static boolean settled(double bestBefore, double round, int rounds, double elapsed) {
        if (elapsed >= MAX_WARM_SECONDS) {
            return true; // a JIT that keeps improving this long is not worth waiting for
        }
        boolean noFaster = rounds >= 2 && round >= bestBefore * (1 - SETTLED_WITHIN);
        return noFaster && elapsed >= MIN_WARM_SECONDS;
    }

    /** The median of runs of {@code work}, repeated until at least {@code minRuns} and {@code minSeconds} in all. */
    private static double medianOfRuns(Runnable work, double minSeconds, int minRuns) {
        double[] runs = new double[1000];
        int n = 0;
        double total = 0;
        while (n < runs.length && (n < minRuns || total < minSeconds)) {
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
