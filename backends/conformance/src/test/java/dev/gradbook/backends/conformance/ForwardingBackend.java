package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.naive.NaiveBackend;

/**
 * A backend that hands every call to the naive backend. The kit's own tests subclass it and
 * override one method with a deliberate mistake, to show that the kit notices.
 */
class ForwardingBackend implements TensorBackend {
    protected final TensorBackend delegate = new NaiveBackend();

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return delegate.allocate(dtype, size);
    }

    @Override
    public void map(UnaryOp op, View in, View out) {
        delegate.map(op, in, out);
    }

    @Override
    public void zip(BinaryOp op, View a, View b, View out) {
        delegate.zip(op, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, View in, int dim, View out) {
        delegate.reduce(op, in, dim, out);
    }

    @Override
    public void matmul(View a, View b, View out) {
        delegate.matmul(a, b, out);
    }

    @Override
    public void copy(View in, View out) {
        delegate.copy(in, out);
    }
}
