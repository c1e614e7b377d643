package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.View;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How {@link Runs} cuts views into runs. The fewer and longer the runs, the more time the
 * backend spends in tight loops; these cases show which layouts merge into one run and which
 * cannot.
 */
@DisplayName("Runs: walking views as stretches of equal steps")
class RunsTest {
    private static final DoubleStorage STORAGE = new DoubleStorage(new double[1000]);

    private static View view(int[] shape, int[] strides, int offset) {
        return new View(STORAGE, shape, strides, offset);
    }

    /** Each run as "start/step×length" for view 0, in walking order. */
    private static List<String> walk(View... views) {
        Runs runs = new Runs(views);
        List<String> seen = new ArrayList<>();
        while (runs.next()) {
            StringBuilder run = new StringBuilder();
            for (int v = 0; v < views.length; v++) {
                run.append(v == 0 ? "" : " | ").append(runs.start(v)).append('/').append(runs.step(v));
            }
            seen.add(run.append(" ×").append(runs.length()).toString());
        }
        return seen;
    }

    @Nested
    @DisplayName("merging dims")
    class Merging {
        @Test
        @DisplayName("a contiguous 2×3×4 tensor is one run of 24")
        void contiguousIsOneRun() {
            assertEquals(List.of("0/1 ×24"), walk(view(new int[] {2, 3, 4}, new int[] {12, 4, 1}, 0)));
        }

        @Test
        @DisplayName("a 2×3 window of a 4-wide matrix is 2 runs of 3, starting at the offset")
        void windowIsOneRunPerRow() {
            assertEquals(List.of("5/1 ×3", "9/1 ×3"), walk(view(new int[] {2, 3}, new int[] {4, 1}, 5)));
        }

        @Test
        @DisplayName("a transposed 3×2 matrix is 3 runs of 2 with step 3")
        void transposedRunsAlongTheStride() {
            assertEquals(List.of("0/3 ×2", "1/3 ×2", "2/3 ×2"), walk(view(new int[] {3, 2}, new int[] {1, 3}, 0)));
        }

        @Test
        @DisplayName("size-1 dims vanish whatever their stride")
        void sizeOneDimsVanish() {
            assertEquals(List.of("0/1 ×6"), walk(view(new int[] {2, 1, 3}, new int[] {3, 99, 1}, 0)));
        }

        @Test
        @DisplayName("dims merge only where every view allows: a row broadcast (stride 0) keeps rows apart")
        void mergingNeedsEveryView() {
            View out = view(new int[] {2, 3}, new int[] {3, 1}, 0);
            View row = view(new int[] {2, 3}, new int[] {0, 1}, 100);
            assertEquals(List.of("0/1 | 100/1 ×3", "3/1 | 100/1 ×3"), walk(out, row));
        }
    }

    @Nested
    @DisplayName("edge cases")
    class EdgeCases {
        @Test
        @DisplayName("a 0-d tensor is one run of one element at its offset")
        void scalar() {
            assertEquals(List.of("7/0 ×1"), walk(view(new int[0], new int[0], 7)));
        }

        @Test
        @DisplayName("an empty tensor has no runs, even when other dims are large")
        void empty() {
            assertEquals(List.of(), walk(view(new int[] {5, 0, 3}, new int[] {0, 3, 1}, 0)));
        }

        @Test
        @DisplayName("a fully broadcast tensor is runs of step 0 over the same number")
        void broadcastScalar() {
            assertEquals(List.of("4/0 ×6"), walk(view(new int[] {2, 3}, new int[] {0, 0}, 4)));
        }
    }
}
