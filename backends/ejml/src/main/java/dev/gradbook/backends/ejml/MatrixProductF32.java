// Generated twin of MatrixProductF64.java: do not edit by hand.
// Edit MatrixProductF64.java, then regenerate this file from the repository root with
//     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java
// (TwinsTest fails while the two disagree; the substitution table is in Twins.java.)

package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.ejml.MatrixProduct.Kind;
import dev.gradbook.backends.ejml.MatrixProduct.Matrix;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

import static dev.gradbook.backends.ejml.MatrixProduct.needsScratch;

/**
 * The steps of {@link MatrixProduct} for F32 tensors: {@code float[]} storage handed to EJML as
 * {@code FMatrixRMaj}s, multiplied by {@code CommonOps_FDRM} (or, for large products, its
 * multi-threaded {@code CommonOps_MT_FDRM} twin). The objects and scratch arrays are reused from
 * one batch to the next, so a batched product allocates nothing per batch.
 */
final class MatrixProductF32 extends MatrixProduct.Product {
    private final float[] aData;
    private final float[] bData;
    private final float[] outData;
    private final FMatrixRMaj left = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj right = new FMatrixRMaj(1, 1);
    private final FMatrixRMaj result = new FMatrixRMaj(1, 1);
    private float[] aScratch;
    private float[] bScratch;
    private float[] cScratch;
    private FMatrixRMaj bRowMajor;

    MatrixProductF32(View a, View b, View out) {
        aData = Elementwise.f32(a.storage());
        bData = Elementwise.f32(b.storage());
        outData = Elementwise.f32(out.storage());
    }

    @Override
    void loadA(Matrix a, int base) {
        if (needsScratch(a, base) && (aScratch == null || aScratch.length < a.size())) {
            aScratch = new float[a.size()];
        }
        point(left, a, base, aData, aScratch);
    }

    @Override
    void loadB(Matrix b, int base, boolean toRowMajor) {
        if (needsScratch(b, base) && (bScratch == null || bScratch.length < b.size())) {
            bScratch = new float[b.size()];
        }
        point(right, b, base, bData, bScratch);
        if (toRowMajor) {
            if (bRowMajor == null || bRowMajor.data.length < b.size()) {
                bRowMajor = new FMatrixRMaj(b.rows(), b.cols());
            }
            bRowMajor.numRows = b.rows();
            bRowMajor.numCols = b.cols();
            CommonOps_FDRM.transpose(right, bRowMajor);
            right.data = bRowMajor.data;
            right.numRows = b.rows();
            right.numCols = b.cols();
        }
    }

    /** Makes {@code target} the matrix (or, if TRANSPOSED, its transpose) at {@code base}. */
    private static void point(FMatrixRMaj target, Matrix v, int base, float[] data, float[] scratch) {
        boolean transposed = v.kind() == Kind.TRANSPOSED;
        target.numRows = transposed ? v.cols() : v.rows();
        target.numCols = transposed ? v.rows() : v.cols();
        if (!needsScratch(v, base)) {
            target.data = data; // the storage array itself: no copy
        } else if (v.kind() != Kind.STRIDED) {
            System.arraycopy(data, base, scratch, 0, v.size());
            target.data = scratch;
        } else {
            for (int i = 0; i < v.rows(); i++) {
                for (int j = 0; j < v.cols(); j++) {
                    scratch[i * v.cols() + j] = data[base + i * v.rowStride() + j * v.colStride()];
                }
            }
            target.data = scratch;
        }
    }

    @Override
    void prepareC(int m, int n, int position) {
        result.numRows = m;
        result.numCols = n;
        if (position == 0) {
            result.data = outData;
            return;
        }
        if (cScratch == null || cScratch.length < m * n) {
            cScratch = new float[m * n];
        }
        result.data = cScratch;
    }

    @Override
    void run(boolean transA, boolean transB, boolean threaded) {
        if (threaded) {
            if (transA && transB) {
                CommonOps_MT_FDRM.multTransAB(left, right, result);
            } else if (transA) {
                CommonOps_MT_FDRM.multTransA(left, right, result);
            } else if (transB) {
                CommonOps_MT_FDRM.multTransB(left, right, result);
            } else {
                CommonOps_MT_FDRM.mult(left, right, result);
            }
        } else if (transA && transB) {
            CommonOps_FDRM.multTransAB(left, right, result);
        } else if (transA) {
            CommonOps_FDRM.multTransA(left, right, result);
        } else if (transB) {
            CommonOps_FDRM.multTransB(left, right, result);
        } else {
            CommonOps_FDRM.mult(left, right, result);
        }
    }

    @Override
    void commitC(int m, int n, int position) {
        if (result.data != outData) {
            System.arraycopy(result.data, 0, outData, position, m * n);
        }
    }
}
