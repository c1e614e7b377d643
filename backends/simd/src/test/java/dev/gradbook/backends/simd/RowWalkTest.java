package dev.gradbook.backends.simd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("RowWalk merges the dims every operand walks alike and hands out rows")
class RowWalkTest {

    @Test
    @DisplayName("a contiguous [4, 5, 6] tensor is one row of 120")
    void contiguousIsOneRow() {
        RowWalk walk = new RowWalk(new int[] {4, 5, 6}, new int[][] {{30, 6, 1}, {30, 6, 1}}, new int[] {0, 0});
        assertEquals(1, walk.rows());
        assertEquals(120, walk.rowLength());
        assertEquals(1, walk.rowStride(0));
    }

    @Test
    @DisplayName("x + bias: [128, 512] plus a row broadcast with strides [0, 1] is 128 rows of 512")
    void biasBroadcastKeepsRows() {
        RowWalk walk = new RowWalk(new int[] {128, 512}, new int[][] {{512, 1}, {0, 1}, {512, 1}},
                new int[] {0, 0, 0});
        assertEquals(128, walk.rows());
        assertEquals(512, walk.rowLength());
        walk.next();
        assertEquals(512, walk.position(0), "x moves to its next row");
        assertEquals(0, walk.position(1), "the bias row is read again");
    }

    @Test
    @DisplayName("x * 0.5: a scalar broadcast (all strides 0) merges into one row with stride 0")
    void scalarBroadcastMerges() {
        RowWalk walk = new RowWalk(new int[] {3, 7}, new int[][] {{7, 1}, {0, 0}}, new int[] {0, 5});
        assertEquals(1, walk.rows());
        assertEquals(21, walk.rowLength());
        assertEquals(0, walk.rowStride(1));
        assertEquals(5, walk.position(1));
    }

    @Test
    @DisplayName("a transposed operand keeps both dims; size-1 dims are dropped")
    void transposedStays() {
        RowWalk walk = new RowWalk(new int[] {3, 1, 4}, new int[][] {{4, 99, 1}, {1, 99, 3}}, new int[] {0, 0});
        assertEquals(3, walk.rows());
        assertEquals(4, walk.rowLength());
        assertEquals(3, walk.rowStride(1));
        walk.next();
        walk.next();
        assertEquals(8, walk.position(0));
        assertEquals(2, walk.position(1));
    }

    @Test
    @DisplayName("a 0-d tensor is one row of one element")
    void scalarTensor() {
        RowWalk walk = new RowWalk(new int[0], new int[][] {{}, {}}, new int[] {3, 4});
        assertEquals(1, walk.rows());
        assertEquals(1, walk.rowLength());
        assertEquals(3, walk.position(0));
    }

    @Test
    @DisplayName("the odometer visits rows in row-major order and wraps correctly")
    void odometer() {
        // shape [2, 3, 2] with a slice-like layout that cannot merge: rows of 2, 6 rows
        RowWalk walk = new RowWalk(new int[] {2, 3, 2}, new int[][] {{20, 5, 1}}, new int[] {0});
        int[] expected = {0, 5, 10, 20, 25, 30};
        for (int r = 0; r < walk.rows(); r++, walk.next()) {
            assertEquals(expected[r], walk.position(0), "row " + r);
        }
    }
}
