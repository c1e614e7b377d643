package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.View;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.Objects;

/**
 * A backend built on <a href="https://ejml.org">EJML</a>, the Efficient Java Matrix Library.
 *
 * <p>Where the time goes in a neural network is the matrix product, and that is what EJML is for:
 * {@link #matmul} hands the numbers to {@code CommonOps_DDRM.mult} (F64) or
 * {@code CommonOps_FDRM.mult} (F32) — cache-blocked loops tuned over years — and, for large
 * products, to their multi-threaded twins in {@code CommonOps_MT_DDRM} and
 * {@code CommonOps_MT_FDRM}. Of the transposed operands that every backward pass produces, a left
 * one goes to {@code multTransA} without being copied; a right one is transposed into scratch
 * first, which measured twice as fast as {@code multTransB} for all but the smallest products.
 * {@link MatrixProduct} explains how, and when.
 *
 * <p>Everything else is tight loops over the raw {@code double[]}/{@code float[]} arrays, walking
 * strided views in runs instead of element by element ({@link Runs}, {@link Elementwise},
 * {@link Reductions}). Where EJML has the very operation on whole F64 arrays — element-wise
 * {@code add}, {@code subtract}, {@code elementMult}, {@code elementDiv}, and {@code sumRows},
 * {@code sumCols} — it is used.
 *
 * <p>Storage is the plain {@link DoubleStorage} and
 * {@link dev.gradbook.autograd.spi.FloatStorage FloatStorage} of the SPI, so EJML can
 * wrap the arrays without copying ({@code DMatrixRMaj.wrap}) and so can any other code. Following
 * EJML's own discipline, every method writes into the output it is given; temporary arrays are
 * allocated per call where a layout needs them, never per element.
 *
 * <p>The {@code dev.gradbook.backends.conformance} kit checks every method against the naive
 * backend on all the awkward layouts.
 */
public final class EjmlBackend implements TensorBackend {

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void map(UnaryOp op, View in, View out) {
        Objects.requireNonNull(op, "EjmlBackend.map: op is null");
        Objects.requireNonNull(in, "EjmlBackend.map: in is null");
        Objects.requireNonNull(out, "EjmlBackend.map: out is null");
        Elementwise.map(op, in, out);
    }

    @Override
    public void zip(BinaryOp op, View a, View b, View out) {
        Objects.requireNonNull(op, "EjmlBackend.zip: op is null");
        Objects.requireNonNull(a, "EjmlBackend.zip: a is null");
        Objects.requireNonNull(b, "EjmlBackend.zip: b is null");
        Objects.requireNonNull(out, "EjmlBackend.zip: out is null");
        if (wholeF64Array(a) && wholeF64Array(b) && wholeF64Array(out) && zipByEjml(op, a, b, out)) {
            return;
        }
        Elementwise.zip(op, a, b, out);
    }

    /**
     * EJML's element-wise arithmetic on three whole arrays, seen as {@code 1 × n} matrices (EJML
     * has no offsets or strides, so only whole arrays qualify). False if EJML has no such op.
     */
    private static boolean zipByEjml(BinaryOp op, View a, View b, View out) {
        int n = out.size();
        DMatrixRMaj x = DMatrixRMaj.wrap(1, n, Elementwise.f64(a.storage()));
        DMatrixRMaj y = DMatrixRMaj.wrap(1, n, Elementwise.f64(b.storage()));
        DMatrixRMaj z = DMatrixRMaj.wrap(1, n, Elementwise.f64(out.storage()));
        switch (op) {
            case ADD:
                CommonOps_DDRM.add(x, y, z);
                return true;
            case SUB:
                CommonOps_DDRM.subtract(x, y, z);
                return true;
            case MUL:
                CommonOps_DDRM.elementMult(x, y, z);
                return true;
            case DIV:
                CommonOps_DDRM.elementDiv(x, y, z);
                return true;
            default:
                return false;
        }
    }

    /** An F64 view that is exactly its whole storage array, row-major from position 0. */
    private static boolean wholeF64Array(View v) {
        return v.storage() instanceof DoubleStorage && v.offset() == 0 && v.size() > 0
                && v.storage().size() == v.size() && v.isContiguous();
    }

    @Override
    public void reduce(ReduceOp op, View in, int dim, View out) {
        Objects.requireNonNull(op, "EjmlBackend.reduce: op is null");
        Objects.requireNonNull(in, "EjmlBackend.reduce: in is null");
        Objects.requireNonNull(out, "EjmlBackend.reduce: out is null");
        Reductions.reduce(this, op, in, dim, out);
    }

    @Override
    public void matmul(View a, View b, View out) {
        Objects.requireNonNull(a, "EjmlBackend.matmul: a is null");
        Objects.requireNonNull(b, "EjmlBackend.matmul: b is null");
        Objects.requireNonNull(out, "EjmlBackend.matmul: out is null");
        MatrixProduct.matmul(this, a, b, out);
    }

    /** Copies run by run: {@code System.arraycopy} where both sides are consecutive. */
    @Override
    public void copy(View in, View out) {
        Objects.requireNonNull(in, "EjmlBackend.copy: in is null");
        Objects.requireNonNull(out, "EjmlBackend.copy: out is null");
        Elementwise.copy(in, out);
    }

    /** {@code Arrays.fill} where the output is consecutive, a strided loop elsewhere. */
    @Override
    public void fill(View out, double value) {
        Objects.requireNonNull(out, "EjmlBackend.fill: out is null");
        Elementwise.fill(out, value);
    }

    /** A contiguous copy of {@code v} in fresh storage. */
    View compact(View v) {
        View fresh = freshLike(v);
        Elementwise.copy(v, fresh);
        return fresh;
    }

    /** Fresh, zeroed, contiguous storage of {@code v}'s shape and dtype. */
    View freshLike(View v) {
        return View.contiguous(allocate(v.storage().dtype(), v.size()), v.shape().clone());
    }
}
