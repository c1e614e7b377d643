package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.UpdateRule;

import java.util.Objects;
import java.util.StringJoiner;

/**
 * Wraps every backend the registry hands out, so that when a backend fails — a student's backend
 * with an off-by-one, say — the error says <em>which backend</em> failed in <em>which primitive</em>
 * on <em>which shapes</em>, instead of a bare {@code ArrayIndexOutOfBoundsException} from deep
 * inside its loops. The original exception stays attached as the cause.
 *
 * <p>It adds one method call per primitive (whole-tensor operations, not per element), so it costs
 * nothing measurable.
 */
public final class ReportingBackend implements TensorBackend {
    private final TensorBackend delegate;

    ReportingBackend(TensorBackend delegate) {
        this.delegate = delegate;
    }

    /** The backend that does the work. */
    public TensorBackend delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Storage allocate(dev.gradbook.autograd.DType dtype, int size) {
        Objects.requireNonNull(dtype, "ReportingBackend.allocate: dtype is null");
        try {
            return delegate.allocate(dtype, size);
        } catch (RuntimeException e) {
            throw failure("allocate(" + dtype + ", " + size + ")", e);
        }
    }

    @Override
    public void map(UnaryOp op, View in, View out) {
        Objects.requireNonNull(op, "ReportingBackend.map: op is null");
        Objects.requireNonNull(in, "ReportingBackend.map: in is null");
        Objects.requireNonNull(out, "ReportingBackend.map: out is null");
        try {
            delegate.map(op, in, out);
        } catch (RuntimeException e) {
            throw failure("map(" + op + ")", e, in, out);
        }
    }

    @Override
    public void zip(BinaryOp op, View a, View b, View out) {
        Objects.requireNonNull(op, "ReportingBackend.zip: op is null");
        Objects.requireNonNull(a, "ReportingBackend.zip: a is null");
        Objects.requireNonNull(b, "ReportingBackend.zip: b is null");
        Objects.requireNonNull(out, "ReportingBackend.zip: out is null");
        try {
            delegate.zip(op, a, b, out);
        } catch (RuntimeException e) {
            throw failure("zip(" + op + ")", e, a, b, out);
        }
    }

    @Override
    public void reduce(ReduceOp op, View in, int dim, View out) {
        Objects.requireNonNull(op, "ReportingBackend.reduce: op is null");
        Objects.requireNonNull(in, "ReportingBackend.reduce: in is null");
        Objects.requireNonNull(out, "ReportingBackend.reduce: out is null");
        try {
            delegate.reduce(op, in, dim, out);
        } catch (RuntimeException e) {
            throw failure("reduce(" + op + ", dim " + dim + ")", e, in, out);
        }
    }

    @Override
    public void matmul(View a, View b, View out) {
        Objects.requireNonNull(a, "ReportingBackend.matmul: a is null");
        Objects.requireNonNull(b, "ReportingBackend.matmul: b is null");
        Objects.requireNonNull(out, "ReportingBackend.matmul: out is null");
        try {
            delegate.matmul(a, b, out);
        } catch (RuntimeException e) {
            throw failure("matmul", e, a, b, out);
        }
    }

    @Override
    public void copy(View in, View out) {
        Objects.requireNonNull(in, "ReportingBackend.copy: in is null");
        Objects.requireNonNull(out, "ReportingBackend.copy: out is null");
        try {
            delegate.copy(in, out);
        } catch (RuntimeException e) {
            throw failure("copy", e, in, out);
        }
    }

    @Override
    public void fill(View out, double value) {
        Objects.requireNonNull(out, "ReportingBackend.fill: out is null");
        try {
            delegate.fill(out, value);
        } catch (RuntimeException e) {
            throw failure("fill(" + value + ")", e, out);
        }
    }

    @Override
    public void gather(View in, int dim, int[] index, View out) {
        Objects.requireNonNull(in, "ReportingBackend.gather: in is null");
        Objects.requireNonNull(index, "ReportingBackend.gather: index is null");
        Objects.requireNonNull(out, "ReportingBackend.gather: out is null");
        try {
            delegate.gather(in, dim, index, out);
        } catch (RuntimeException e) {
            throw failure("gather(dim " + dim + ", " + index.length + " indices)", e, in, out);
        }
    }

    @Override
    public void update(UpdateRule rule, double[] hyper, View param, View grad, View... state) {
        Objects.requireNonNull(rule, "ReportingBackend.update: rule is null");
        Objects.requireNonNull(hyper, "ReportingBackend.update: hyper is null");
        Objects.requireNonNull(param, "ReportingBackend.update: param is null");
        Objects.requireNonNull(grad, "ReportingBackend.update: grad is null");
        NullChecks.requireNoNullElements(state, "ReportingBackend.update", "state");
        try {
            delegate.update(rule, hyper, param, grad, state);
        } catch (RuntimeException e) {
            throw failure("update(" + rule + ")", e, UpdateRule.slots(param, grad, state));
        }
    }

    private IllegalStateException failure(String primitive, RuntimeException cause, View... views) {
        StringJoiner operands = new StringJoiner(", ", " on ", "");
        for (View v : views) {
            operands.add(View.str(v.shape()) + " " + v.storage().dtype()
                    + (v.isContiguous() ? "" : " (strides " + View.str(v.strides()) + ")"));
        }
        return new IllegalStateException("backend '" + name() + "' failed in " + primitive
                + (views.length > 0 ? operands : "") + ": " + cause
                + ". The backend has a bug (run the conformance kit against it); meanwhile another backend can be"
                + " chosen with -Dgradbook.backend=naive", cause);
    }
}
