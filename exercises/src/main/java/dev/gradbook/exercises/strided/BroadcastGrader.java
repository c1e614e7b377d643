package dev.gradbook.exercises.strided;

import dev.gradbook.autograd.spi.View;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.Random;

import static dev.gradbook.exercises.strided.Shapes.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ex3.3: {@link Strides#broadcastShape} and {@link Strides#broadcastIndex}. */
@Tag("ex3.3")
@ExtendWith(Seeded.class)
@DisplayName("ex3.3 broadcasting")
class BroadcastGrader {

    @Test
    @DisplayName("the book's examples: [3, 1] with [4] is [3, 4]; input [3, 1] at output (5, 2, 4) reads (2, 0)")
    void examples() {
        assertArrayEquals(new int[] {3, 4}, Strides.broadcastShape(new int[] {3, 1}, new int[] {4}), "broadcastShape([3, 1], [4])");
        assertArrayEquals(new int[] {2, 3, 5}, Strides.broadcastShape(new int[] {2, 1, 5}, new int[] {3, 1}),
                "broadcastShape([2, 1, 5], [3, 1])");
        assertArrayEquals(new int[] {2}, Strides.broadcastShape(new int[] {}, new int[] {2}), "broadcastShape([], [2])");
        assertArrayEquals(new int[] {2, 0}, Strides.broadcastIndex(new int[] {5, 2, 4}, new int[] {3, 1}),
                "broadcastIndex((5, 2, 4), [3, 1])");
        assertArrayEquals(new int[] {}, Strides.broadcastIndex(new int[] {1, 1}, new int[] {}), "broadcastIndex((1, 1), [])");
    }

    @Test
    @DisplayName("shapes that do not fit are refused with both shapes in the message")
    void refusesMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strides.broadcastShape(new int[] {2, 3}, new int[] {4}), "broadcastShape([2, 3], [4]) must throw");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[2, 3]") && message.contains("[4]"),
                "the message should name both shapes as [2, 3] and [4] (Arrays.toString): " + message);
    }

    @Test
    @DisplayName("random shape pairs: the same broadcast shape as gradbook's View.broadcastShape, or refused when it has none")
    void randomShapes(Random random) {
        for (int i = 0; i < 300; i++) {
            int[] a = Shapes.randomShape(random, 4, 3);
            int[] b = Shapes.randomShape(random, 4, 3);
            int[] expected = View.broadcastShape(a, b);
            String call = "broadcastShape(" + str(a) + ", " + str(b) + ")";
            if (expected == null) {
                assertThrows(IllegalArgumentException.class, () -> Strides.broadcastShape(a, b),
                        call + ": these shapes do not broadcast, so it must throw IllegalArgumentException");
            } else {
                assertArrayEquals(expected, Strides.broadcastShape(a, b), call);
            }
        }
    }

    @Test
    @DisplayName("random broadcasts: the element read is the one View.expand (stride 0) reads")
    void randomIndices(Random random) {
        for (int i = 0; i < 300; i++) {
            int[] out = Shapes.randomShape(random, 5, 4);
            // An input that broadcasts to out: some leading dims dropped, some sizes set to 1.
            int[] in = Arrays.copyOfRange(out, random.nextInt(out.length + 1), out.length);
            for (int d = 0; d < in.length; d++) {
                if (random.nextInt(3) == 0) {
                    in[d] = 1;
                }
            }
            int[] outIndex = Shapes.randomIndex(random, out);
            View expanded = View.contiguous(new dev.gradbook.autograd.spi.DoubleStorage(new double[View.numel(in)]), in)
                    .expand(out);
            int[] index = Strides.broadcastIndex(outIndex, in);
            String call = "broadcastIndex(" + str(outIndex) + ", " + str(in) + ") (output shape " + str(out) + ")";
            assertEquals(in.length, index.length, call + ": the index has one entry per dim of the input");
            assertEquals(expanded.position(outIndex), View.ravel(index, in), call + " gave " + str(index)
                    + ": the element it names (in row-major order) is not the one broadcasting reads");
        }
    }
}
