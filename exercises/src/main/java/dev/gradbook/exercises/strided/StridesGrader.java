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

/** ex3.1: {@link Strides#contiguousStrides} and {@link Strides#position}. */
@Tag("ex3.1")
@ExtendWith(Seeded.class)
@DisplayName("ex3.1 strides and positions")
class StridesGrader {

    @Test
    @DisplayName("the book's examples: [2, 3, 4] has strides [12, 4, 1]; (1, 2, 3) sits at 23")
    void examples() {
        assertArrayEquals(new int[] {12, 4, 1}, Strides.contiguousStrides(2, 3, 4), "contiguousStrides(2, 3, 4)");
        assertArrayEquals(new int[] {1}, Strides.contiguousStrides(5), "contiguousStrides(5)");
        assertArrayEquals(new int[] {}, Strides.contiguousStrides(), "contiguousStrides() of a rank-0 shape");
        assertEquals(23, Strides.position(0, new int[] {12, 4, 1}, 1, 2, 3), "position(0, [12, 4, 1], (1, 2, 3)) = 12 + 8 + 3");
        assertEquals(12, Strides.position(5, new int[] {1, 3}, 1, 2), "position(5, [1, 3], (1, 2)) = 5 + 1 + 6");
        assertEquals(7, Strides.position(7, new int[] {}), "position(7, [], ()) is the offset");
    }

    @Test
    @DisplayName("random shapes: the same strides as gradbook's View.contiguousStrides")
    void randomStrides(Random random) {
        for (int i = 0; i < 200; i++) {
            int[] shape = Shapes.randomShape(random, 5, 7);
            assertArrayEquals(View.contiguousStrides(shape), Strides.contiguousStrides(shape),
                    "contiguousStrides(" + str(shape) + ")");
        }
    }

    @Test
    @DisplayName("random layouts (any strides, 0 and negative too, any offset): the same positions as View.position")
    void randomPositions(Random random) {
        for (int i = 0; i < 200; i++) {
            int[] shape = Shapes.randomShape(random, 5, 6);
            int[] strides = new int[shape.length];
            for (int d = 0; d < strides.length; d++) {
                strides[d] = random.nextInt(41) - 20;
            }
            int offset = random.nextInt(1000);
            int[] index = Shapes.randomIndex(random, shape);
            View view = Shapes.view(new double[0], shape, strides, offset);
            assertEquals(view.position(index), Strides.position(offset, strides, index),
                    "position(" + offset + ", " + str(strides) + ", " + str(index) + ")");
        }
    }
}
