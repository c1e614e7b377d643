package dev.gradbook.backends.simd;

/**
 * Walks several same-shaped strided operands together, one <em>row</em> at a time, so that a
 * kernel can process a whole row in one call.
 *
 * <p>Before walking, dimensions are simplified in a way that changes no element's position:
 * <ul>
 *   <li>dimensions of size 1 are dropped (their stride is never used);</li>
 *   <li>two neighbouring dimensions are merged when <em>every</em> operand steps through them as
 *       through one longer dimension ({@code stride[d] == stride[d+1] * size[d+1]}).</li>
 * </ul>
 * A contiguous tensor therefore becomes a single long row, a scalar broadcast (all strides 0)
 * merges too, while a bias row broadcast over a batch ({@code [128, 512]} with strides
 * {@code [0, 1]}) stays 128 rows of 512 — exactly the shape a vector kernel wants. The row is the
 * last remaining dimension; the dimensions before it are counted like an odometer.
 *
 * <p>Usage:
 * <pre>{@code
 * RowWalk walk = new RowWalk(shape, new int[][] {inStrides, outStrides}, new int[] {inOffset, outOffset});
 * for (int r = 0; r < walk.rows(); r++, walk.next()) {
 *     kernel(walk.position(0), walk.rowStride(0), walk.position(1), walk.rowStride(1), walk.rowLength());
 * }
 * }</pre>
 */
final class RowWalk {
    private final int rowLength;
    private final int rows;
    private final int[] rowStrides;     // per operand
    private final int[] outerShape;     // dims before the row, outermost first
    private final int[][] outerStrides; // [operand][dim]
    private final int[] index;
    private final int[] positions;      // current row start per operand

    /**
     * @param shape the common shape (no dimension may be 0 — callers return early on empty views)
     * @param strides one stride array per operand, each as long as {@code shape}
     * @param offsets one starting storage position per operand
     */
    RowWalk(int[] shape, int[][] strides, int[] offsets) {
        int operands = strides.length;
        // Collapse from the innermost dim outwards into these arrays (filled back to front).
        int[] sizes = new int[shape.length];
        int[][] merged = new int[operands][shape.length];
        int count = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            if (count > 0 && mergeable(strides, d, merged, count - 1, sizes[count - 1])) {
                sizes[count - 1] *= shape[d];
                continue;
            }
            sizes[count] = shape[d];
            for (int o = 0; o < operands; o++) {
                merged[o][count] = strides[o][d];
            }
            count++;
        }
        this.rowStrides = new int[operands];
        if (count == 0) { // a single element (rank 0, or every size 1)
            this.rowLength = 1;
            this.outerShape = new int[0];
            this.outerStrides = new int[operands][0];
        } else {
            this.rowLength = sizes[0];
            for (int o = 0; o < operands; o++) {
                rowStrides[o] = merged[o][0];
            }
            this.outerShape = new int[count - 1];
            this.outerStrides = new int[operands][count - 1];
            for (int i = 1; i < count; i++) { // merged[.][i] is the i-th dim counting from the row outwards
                outerShape[count - 1 - i] = sizes[i];
                for (int o = 0; o < operands; o++) {
                    outerStrides[o][count - 1 - i] = merged[o][i];
                }
            }
        }
        int rowCount = 1;
        for (int size : outerShape) {
            rowCount *= size;
        }
        this.rows = rowCount;
        this.index = new int[outerShape.length];
        this.positions = offsets.clone();
    }

    /** True if dim {@code d} is, for every operand, the outer half of one longer collapsed dim. */
    private static boolean mergeable(int[][] strides, int d, int[][] merged, int inner, int innerSize) {
        for (int o = 0; o < strides.length; o++) {
            if ((long) strides[o][d] != (long) merged[o][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** Elements per row (the size of the innermost collapsed dimension). */
    int rowLength() {
        return rowLength;
    }

    /** Number of rows. */
    int rows() {
        return rows;
    }

    /** Storage step between neighbours in a row for {@code operand}: 1 dense, 0 broadcast. */
    int rowStride(int operand) {
        return rowStrides[operand];
    }

    /** Storage position where the current row starts for {@code operand}. */
    int position(int operand) {
        return positions[operand];
    }

    /** Moves every operand to the start of the next row (odometer order, last dim fastest). */
    void next() {
        for (int d = outerShape.length - 1; d >= 0; d--) {
            index[d]++;
            for (int o = 0; o < positions.length; o++) {
                positions[o] += outerStrides[o][d];
            }
            if (index[d] < outerShape[d]) {
                return;
            }
            for (int o = 0; o < positions.length; o++) {
                positions[o] -= outerStrides[o][d] * outerShape[d];
            }
            index[d] = 0;
        }
    }
}
