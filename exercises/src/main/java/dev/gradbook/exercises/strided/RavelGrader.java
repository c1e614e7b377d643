package dev.gradbook.exercises.strided;

import dev.gradbook.autograd.spi.View;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.gradbook.exercises.strided.Shapes.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ex3.2: {@link Strides#ravel} and {@link Strides#unravel}. */
@Tag("ex3.2")
@ExtendWith(Seeded.class)
@DisplayName("ex3.2 ravel and unravel")
class RavelGrader {

    @Test
    @DisplayName("the book's examples over [2, 3]: (1, 0) is ordinal 3, ordinal 5 is (1, 2)")
    void examples() {
        assertEquals(3, Strides.ravel(new int[] {1, 0}, new int[] {2, 3}), "ravel((1, 0), [2, 3])");
        assertEquals(0, Strides.ravel(new int[] {0, 0}, new int[] {2, 3}), "ravel((0, 0), [2, 3])");
        assertEquals(23, Strides.ravel(new int[] {1, 2, 3}, new int[] {2, 3, 4}), "ravel((1, 2, 3), [2, 3, 4])");
        assertArrayEquals(new int[] {1, 2}, Strides.unravel(5, 2, 3), "unravel(5, [2, 3])");
        assertArrayEquals(new int[] {0, 1, 0}, Strides.unravel(4, 2, 3, 4), "unravel(4, [2, 3, 4])");
        assertArrayEquals(new int[] {}, Strides.unravel(0), "unravel(0, []) of a rank-0 shape");
    }

    @Test
    @DisplayName("random shapes: every ordinal unravels as gradbook's View.unravel does, and ravels back")
    void roundTrip(Random random) {
        for (int i = 0; i < 30; i++) {
            int[] shape = Shapes.randomShape(random, 4, 5);
            int[] expected = new int[shape.length];
            for (int ordinal = 0; ordinal < View.numel(shape); ordinal++) {
                View.unravel(ordinal, shape, expected);
                int[] index = Strides.unravel(ordinal, shape);
                assertArrayEquals(expected, index, "unravel(" + ordinal + ", " + str(shape) + ")");
                assertEquals(ordinal, Strides.ravel(expected, shape), "ravel(" + str(expected) + ", " + str(shape) + ")");
            }
        }
    }

    @Test
    @DisplayName("random indices: the same ordinal as View.ravel")
    void randomIndices(Random random) {
        for (int i = 0; i < 200; i++) {
            int[] shape = Shapes.randomShape(random, 6, 9);
            int[] index = Shapes.randomIndex(random, shape);
            assertEquals(View.ravel(index, shape), Strides.ravel(index, shape), "ravel(" + str(index) + ", " + str(shape) + ")");
        }
    }
}
