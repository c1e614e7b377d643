package dev.gradbook.autograd.spi;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.NullChecks;

import java.util.Objects;

/**
 * The only place where gradbook does arithmetic on tensor elements.
 *
 * <p>A backend implements four primitives over strided {@link View}s — {@link #map},
 * {@link #zip}, {@link #reduce} and {@link #matmul} — plus {@link #name()}. Every tensor
 * operation, forward and backward, is composed of these by the tensor engine, so a new backend
 * (yours, for instance) needs only these methods to run every model in the course. The
 * {@code default} methods ({@link #allocate}, {@link #copy}, {@link #fill}, {@link #gather}, and
 * {@link #update}, the optimizers' one-pass step) have working implementations a backend may
 * replace with faster ones.
 *
 * <p>Contract shared by all primitives:
 * <ul>
 *   <li>Inputs may be any views: transposed, sliced, or broadcast (stride 0). Shapes have already
 *       been checked and broadcast by the engine: operands arrive with exactly the documented
 *       shapes, so a backend never implements broadcasting rules.</li>
 *   <li>{@code out} is always allocated by this backend, contiguous, and does not overlap any
 *       input — unless a method's Javadoc says otherwise. ({@link #map} and {@link #zip} allow one
 *       exception, <em>exact aliasing</em>; see below.)</li>
 *   <li>A primitive writes every element of {@code out} and never reads what {@code out} held
 *       before the call. That may be zeros (a fresh array) or the numbers of an earlier training
 *       step (an array the trainer hands on, see {@code StepBuffers}), so a backend that zeroes
 *       {@code out} and accumulates into it must do the zeroing itself. The conformance kit fills
 *       every output with NaN before the call to check this.</li>
 *   <li>All views of one call share a dtype.</li>
 * </ul>
 *
 * <h2>Exact aliasing in map and zip: updating a tensor in place</h2>
 * For {@link #map} and {@link #zip}, {@code out} may also be <em>the very same view</em> as an
 * input: the same storage object, offset, shape and strides ({@code map(op, x, x)},
 * {@code zip(op, x, b, x)}, {@code zip(op, a, x, x)} or even {@code zip(op, x, x, x)}). This is
 * how optimizers update parameters without allocating. Such an {@code out} need not be contiguous
 * (a transposed or narrowed parameter view, say), but it never repeats a position: no stride-0
 * dimension of size above 1. Any other overlap between {@code out} and an input never reaches a
 * backend — the engine copies that input first.
 *
 * <p>Why exact aliasing is safe for every element-wise backend: output element {@code i} depends
 * only on input element {@code i}, which sits at the same storage position. A backend reads it
 * (into a register, a vector lane or a scratch buffer) before it writes position {@code i}, and
 * nothing reads that position afterwards. A backend must therefore not use {@code out} as scratch
 * space before it has read the inputs at the same positions — for instance, it must not zero
 * {@code out} first and accumulate into it. The conformance kit checks every backend with
 * {@code out == a} and {@code out == b}, in every writable layout.
 *
 * <p>Backends are discovered with {@link java.util.ServiceLoader} through a
 * {@link BackendProvider}; see that interface for how to register one.
 */
public interface TensorBackend {

    /** The name users select this backend by, e.g. {@code "naive"}. */
    String name();

    /**
     * Fresh storage of {@code size} zero-initialised elements of {@code dtype}. The default puts
     * them in a Java array ({@link DoubleStorage} for F64, {@link FloatStorage} for F32), which is
     * what every bundled backend uses; a backend with its own memory (off-heap, say) overrides it.
     */
    default Storage allocate(DType dtype, int size) {
        Objects.requireNonNull(dtype, "TensorBackend.allocate: dtype is null");
        switch (dtype) {
            case F64:
                return new DoubleStorage(new double[size]);
            case F32:
                return new FloatStorage(new float[size]);
            default:
                throw new IllegalArgumentException(name() + ": unsupported dtype " + dtype);
        }
    }

    /**
     * Element-wise {@code out[i] = op(in[i])}; {@code in} and {@code out} have the same shape.
     * {@code out} may be exactly {@code in} (same storage, offset and strides), which updates it in
     * place; see "Exact aliasing" above.
     */
    void map(UnaryOp op, View in, View out);

    /**
     * Element-wise {@code out[i] = op(a[i], b[i])}; all three have the same shape. {@code out} may
     * be exactly {@code a}, exactly {@code b}, or both, which updates that operand in place; see
     * "Exact aliasing" above.
     */
    void zip(BinaryOp op, View a, View b, View out);

    /**
     * Reduces {@code in} along dimension {@code dim}: {@code out} has the same rank and shape as
     * {@code in} except {@code out.shape[dim] == 1}, and each output element is the reduction of
     * the line of inputs that shares its other indices.
     */
    void reduce(ReduceOp op, View in, int dim, View out);

    /**
     * Matrix product over the last two dimensions, batched over the leading ones:
     * {@code a} is {@code [..., m, k]}, {@code b} is {@code [..., k, n]}, {@code out} is
     * {@code [..., m, n]}, and the leading (batch) dimensions of all three are equal. Whatever
     * {@code out} held before is overwritten, not added to.
     */
    void matmul(View a, View b, View out);

    /**
     * Copies {@code in} into {@code out} (same shape). Unlike the primitives, {@code out} may be any
     * view, including a slice of a larger tensor (this is how gradients of slices are scattered).
     * Falls back to {@code map(IDENTITY)}.
     */
    default void copy(View in, View out) {
        Objects.requireNonNull(in, "TensorBackend.copy: in is null");
        Objects.requireNonNull(out, "TensorBackend.copy: out is null");
        map(UnaryOp.IDENTITY, in, out);
    }

    /**
     * Sets every element of {@code out} to {@code value}. The fallback broadcasts a one-element
     * storage over {@code out}'s shape with all strides 0 and copies it.
     */
    default void fill(View out, double value) {
        Objects.requireNonNull(out, "TensorBackend.fill: out is null");
        Storage one = allocate(out.storage().dtype(), 1);
        one.set(0, value);
        copy(new View(one, out.shape(), new int[out.rank()], 0), out);
    }

    /**
     * Gathers slices along {@code dim}: slice {@code i} of {@code out} (index {@code i} along
     * {@code dim}) becomes a copy of slice {@code index[i]} of {@code in}. {@code out} has
     * {@code in}'s shape except {@code out.shape[dim] == index.length}; every index lies in
     * {@code [0, in.shape[dim])} (checked by the engine) and may repeat. This is NumPy's
     * {@code x[order]} for {@code dim} 0: how a shuffled mini-batch is taken from a data set.
     * Optional: the default copies one slice per index with {@link #copy}; a backend overrides it
     * when one call per slice costs more than the copying (a batch of 128 rows of 784 numbers).
     */
    default void gather(View in, int dim, int[] index, View out) {
        Objects.requireNonNull(in, "TensorBackend.gather: in is null");
        Objects.requireNonNull(index, "TensorBackend.gather: index is null");
        Objects.requireNonNull(out, "TensorBackend.gather: out is null");
        int inStride = in.strides()[dim];
        int outStride = out.strides()[dim];
        int[] sliceShape = in.shape().clone();
        sliceShape[dim] = 1;
        for (int i = 0; i < index.length; i++) {
            copy(new View(in.storage(), sliceShape, in.strides(), in.offset() + index[i] * inStride),
                    new View(out.storage(), sliceShape, out.strides(), out.offset() + i * outStride));
        }
    }

    /**
     * One optimizer step on one parameter, in a single pass: for every element, {@code rule}
     * rewrites {@code param} and the {@code state} views from their values and {@code grad}'s.
     * All views have the same shape; {@code param} and the states are distinct, writable views
     * (no stride 0), and {@code grad} overlaps none of them. Optional: the default applies
     * {@link UpdateRule#apply} element by element through {@link Storage#get}/{@link Storage#set},
     * which every backend can run; a backend overrides it with a kernel of its own (see
     * {@link UpdateRule} for why this is worth it).
     */
    default void update(UpdateRule rule, double[] hyper, View param, View grad, View... state) {
        Objects.requireNonNull(rule, "TensorBackend.update: rule is null");
        Objects.requireNonNull(hyper, "TensorBackend.update: hyper is null");
        Objects.requireNonNull(param, "TensorBackend.update: param is null");
        Objects.requireNonNull(grad, "TensorBackend.update: grad is null");
        NullChecks.requireNoNullElements(state, "TensorBackend.update", "state");
        View[] views = UpdateRule.slots(param, grad, state);
        boolean contiguous = true;
        for (View v : views) {
            contiguous &= v.isContiguous();
        }
        int[] shape = param.shape();
        int[] index = new int[shape.length];
        int[] at = new int[views.length];
        double[] slot = new double[views.length];
        for (int i = 0, n = param.size(); i < n; i++) {
            if (!contiguous) {
                View.unravel(i, shape, index);
            }
            for (int v = 0; v < views.length; v++) {
                at[v] = contiguous ? views[v].offset() + i : views[v].position(index);
                slot[v] = views[v].storage().get(at[v]);
            }
            rule.apply(hyper, slot);
            param.storage().set(at[0], slot[0]);
            for (int v = 2; v < views.length; v++) {
                views[v].storage().set(at[v], slot[v]);
            }
        }
    }
}
