package dev.gradbook.backends.simd;

/**
 * Where one matrix of a (possibly batched, possibly transposed) view lives in its storage array:
 * element {@code (i, j)} is at {@code offset + i*rowStride + j*colStride}. A transposed view is the
 * same numbers with the two strides swapped; the matmul kernels absorb any layout when they pack.
 *
 * @param offset array position of element (0, 0)
 * @param rowStride positions skipped per step down a column
 * @param colStride positions skipped per step along a row
 */
record MatrixLayout(int offset, int rowStride, int colStride) {

    /** Array position of element {@code (i, j)}. */
    int at(int i, int j) {
        return offset + i * rowStride + j * colStride;
    }
}
