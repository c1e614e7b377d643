// Twin source: MatrixProductF32.java is generated from this file by the substitution table in
// Twins.java. After an edit here, regenerate it from the repository root with
//     java backends/simd/src/test/java/dev/gradbook/backends/simd/Twins.java

package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.ejml.MatrixProduct.Kind;
import dev.gradbook.backends.ejml.MatrixProduct.Matrix;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

import static dev.gradbook.backends.ejml.MatrixProduct.needsScratch;

/**
 * The steps of {@link MatrixProduct} for F64 tensors: {@code double[]} storage handed to EJML as
 * {@code DMatrixRMaj}s, multiplied by {@code CommonOps_DDRM} (or, for large products, its
 * multi-threaded {@code CommonOps_MT_DDRM} twin). The objects and scratch arrays are reused from
 * one batch to the next, so a batched product allocates nothing per batch.
 */
final class MatrixProductF64 extends MatrixProduct.Product {
    private final double[] aData;
    private final double[] bData;
    private final double[] outData;
    private final DMatrixRMaj left = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj right = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj result = new DMatrixRMaj(1, 1);
    private double[] aScratch;
    private double[] bScratch;
    private double[] cScratch;
    private DMatrixRMaj bRowMajor;

    MatrixProductF64(View a, View b, View out) {
        aData = Elementwise.f64(a.storage());
        bData = Elementwise.f64(b.storage());
        outData = Elementwise.f64(out.storage());
    }

    @Override
    void loadA(Matrix a, int base) {
        if (needsScratch(a, base) && (aScratch == null || aScratch.length < a.size())) {
            aScratch = new double[a.size()];
        }
        point(left, a, base, aData, aScratch);
    }

    @Override
    void loadB(Matrix b, int base, boolean toRowMajor) {
        if (needsScratch(b, base) && (bScratch == null || bScratch.length < b.size())) {
            bScratch = new double[b.size()];
        }
        point(right, b, base, bData, bScratch);
        if (toRowMajor) {
            if (bRowMajor == null || bRowMajor.data.length < b.size()) {
                bRowMajor = new DMatrixRMaj(b.rows(), b.cols());
            }
            bRowMajor.numRows = b.rows();
            bRowMajor.numCols = b.cols();
            CommonOps_DDRM.transpose(right, bRowMajor);
            right.data = bRowMajor.data;
            right.numRows = b.rows();
            right.numCols = b.cols();
        }
    }

    /** Makes {@code target} the matrix (or, if TRANSPOSED, its transpose) at {@code base}. */
    private static void point(DMatrixRMaj target, Matrix v, int base, double[] data, double[] scratch) {
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
            cScratch = new double[m * n];
        }
        result.data = cScratch;
    }

    @Override
    void run(boolean transA, boolean transB, boolean threaded) {
        if (threaded) {
            if (transA && transB) {
                CommonOps_MT_DDRM.multTransAB(left, right, result);
            } else if (transA) {
                CommonOps_MT_DDRM.multTransA(left, right, result);
            } else if (transB) {
                CommonOps_MT_DDRM.multTransB(left, right, result);
            } else {
                CommonOps_MT_DDRM.mult(left, right, result);
            }
        } else if (transA && transB) {
            CommonOps_DDRM.multTransAB(left, right, result);
        } else if (transA) {
            CommonOps_DDRM.multTransA(left, right, result);
        } else if (transB) {
            CommonOps_DDRM.multTransB(left, right, result);
        } else {
            CommonOps_DDRM.mult(left, right, result);
        }
    }

    @Override
    void commitC(int m, int n, int position) {
        if (result.data != outData) {
            System.arraycopy(result.data, 0, outData, position, m * n);
        }
    }
}
