package dev.gradbook.exercises.strided;

import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.View;

import java.util.Arrays;
import java.util.Random;

/** Random shapes and indices for the chapter 3 graders, and gradbook's {@link View} as the oracle. */
final class Shapes {

    private Shapes() {
    }

    /** A shape of rank {@code 0 .. maxRank} with sizes {@code 1 .. maxSize}. */
    static int[] randomShape(Random random, int maxRank, int maxSize) {
        int[] shape = new int[random.nextInt(maxRank + 1)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = 1 + random.nextInt(maxSize);
        }
        return shape;
    }

    /** A valid index into {@code shape}. */
    static int[] randomIndex(Random random, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            index[d] = random.nextInt(shape[d]);
        }
        return index;
    }

    /** A random order of {@code 0 .. rank-1}. */
    static int[] randomPermutation(Random random, int rank) {
        int[] order = new int[rank];
        for (int d = 0; d < rank; d++) {
            order[d] = d;
        }
        for (int d = rank - 1; d > 0; d--) {
            int other = random.nextInt(d + 1);
            int kept = order[d];
            order[d] = order[other];
            order[other] = kept;
        }
        return order;
    }

    /** gradbook's view of {@code storage} with this layout: the oracle for positions and permutes. */
    static View view(double[] storage, int[] shape, int[] strides, int offset) {
        return new View(new DoubleStorage(storage), shape, strides, offset);
    }

    /** {@code [2, 3]}, as students write shapes. */
    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
