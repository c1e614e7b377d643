package dev.gradbook.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One training run of the seed MLP in the epoch benchmark: who trained it, how long each epoch
 * took, and how well the trained model does on the test split.
 *
 * @param runner        {@code gradbook} or {@code pytorch}
 * @param engine        what did the arithmetic: the gradbook backend ({@code simd}, ...) or the
 *                      PyTorch version ({@code torch 1.13.1})
 * @param threads       threads the run computed on (for gradbook, see
 *                      {@link EpochBenchmark#gradbookThreads(String)})
 * @param dtype         {@code F32} or {@code F64}
 * @param epochSeconds  wall-clock seconds of each epoch, in order (epoch 1 first)
 * @param testAccuracy  accuracy on the test split after the last epoch, in [0, 1]
 */
record EpochRun(String runner, String engine, int threads, String dtype, List<Double> epochSeconds,
                double testAccuracy) {

    EpochRun {
        epochSeconds = List.copyOf(epochSeconds);
        if (epochSeconds.isEmpty()) {
            throw new IllegalArgumentException("an epoch run needs the time of at least one epoch");
        }
    }

    /** The run's typical epoch time: see {@link #steadyMedian(List)}. */
    double medianSeconds() {
        return steadyMedian(epochSeconds);
    }

    /**
     * The typical time of an epoch once the program has warmed up: the median of epochs
     * 2..N, leaving out epoch 1. In epoch 1 the JVM is still compiling the hot loops (and PyTorch
     * is touching fresh memory for the first time), so it is slower than the rest and says little
     * about steady-state speed. With a single epoch there is nothing else, so that epoch is the
     * answer. For an even count the median is the mean of the two middle values (epochs 2 and 3
     * of a three-epoch run average to their midpoint).
     *
     * @param epochSeconds seconds of each epoch, epoch 1 first; at least one
     * @return the median, in seconds
     * @throws IllegalArgumentException if the list is empty
     */
    static double steadyMedian(List<Double> epochSeconds) {
        if (epochSeconds.isEmpty()) {
            throw new IllegalArgumentException("the median of epoch times needs at least one epoch");
        }
        if (epochSeconds.size() == 1) {
            return epochSeconds.get(0);
        }
        List<Double> sorted = new ArrayList<>(epochSeconds.subList(1, epochSeconds.size()));
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
