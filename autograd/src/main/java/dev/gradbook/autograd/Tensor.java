package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.UpdateRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * An n-dimensional array of numbers that remembers how it was computed, so that
 * {@link #backward()} can fill in the gradient of a result with respect to every input.
 *
 * <h2>Data: a view onto storage</h2>
 * A tensor is a {@link View} — shape, strides and offset — onto a flat {@link Storage} owned by a
 * {@link TensorBackend}. {@link #transpose}, {@link #permute}, {@link #narrow}, {@link #expand} and
 * (for contiguous tensors) {@link #reshape} make new views of the same storage without copying a
 * number: {@code View} computes the new strides, this class wraps the result and records the
 * backward. All arithmetic is delegated to the backend's four primitives (map, zip, reduce,
 * matmul); this class only decides shapes and records the graph.
 *
 * <h2>Broadcasting</h2>
 * Binary operations follow NumPy's rule: shapes are aligned at the last dimension, and a size-1 (or
 * missing) dimension is stretched to match the other operand, with stride 0 so nothing is copied.
 * {@code [3, 1] + [4]} gives {@code [3, 4]}.
 *
 * <h2>Gradients</h2>
 * Each differentiable operation below computes its result and, right beside it, states its local
 * derivative as a small function from the gradient of the output to the gradients of its inputs
 * (the chain rule, one operation at a time). When an input was broadcast, its gradient arrives in
 * the output's shape and is summed back to the input's shape in exactly one place,
 * {@link #reduceToShape}. Gradients <em>accumulate</em> in {@link #grad()} of leaf tensors created
 * with {@link #requiresGrad(boolean) requiresGrad(true)}; call {@link #zeroGrad()} between steps.
 *
 * <h2>The derivative index</h2>
 * Every differentiable operation, its forward primitive and the gradient each input receives from
 * the output gradient {@code g} (the backward, written beside the forward in each method):
 * <table class="striped">
 * <caption>op → forward → local derivative</caption>
 * <tr><th>op</th><th>forward</th><th>input gradient(s) from {@code g}</th></tr>
 * <tr><td>{@code a.add(b)}</td><td>zip ADD</td><td>{@code g}, {@code g}</td></tr>
 * <tr><td>{@code a.sub(b)}</td><td>zip SUB</td><td>{@code g}, {@code -g}</td></tr>
 * <tr><td>{@code a.mul(b)}</td><td>zip MUL</td><td>{@code g·b}, {@code g·a}</td></tr>
 * <tr><td>{@code a.div(b)}</td><td>zip DIV</td><td>{@code g/b}, {@code -g·a/b²}</td></tr>
 * <tr><td>{@code a.pow(p)}</td><td>zip POW</td><td>{@code g·p·a^(p-1)} (and {@code g·a^p·ln a} for a tensor p)</td></tr>
 * <tr><td>{@code x.neg()}</td><td>map NEG</td><td>{@code -g}</td></tr>
 * <tr><td>{@code x.exp()}</td><td>map EXP</td><td>{@code g·e^x}</td></tr>
 * <tr><td>{@code x.log()}</td><td>map LOG</td><td>{@code g/x}</td></tr>
 * <tr><td>{@code x.sqrt()}</td><td>map SQRT</td><td>{@code g/(2√x)}</td></tr>
 * <tr><td>{@code x.abs()}</td><td>map ABS</td><td>{@code g·sign(x)}</td></tr>
 * <tr><td>{@code x.relu()}</td><td>map RELU</td><td>{@code g·[x > 0]}</td></tr>
 * <tr><td>{@code x.sigmoid()}</td><td>map SIGMOID</td><td>{@code g·σ(x)·σ(-x)}</td></tr>
 * <tr><td>{@code x.tanh()}</td><td>map TANH</td><td>{@code g/cosh²x}</td></tr>
 * <tr><td>{@code x.clamp(lo, hi)}</td><td>zip MAX, MIN</td><td>{@code g·[lo ≤ x ≤ hi]}</td></tr>
 * <tr><td>{@code x.sum(dims)}</td><td>reduce SUM</td><td>{@code g} expanded back over {@code dims}</td></tr>
 * <tr><td>{@code x.max(dims)}</td><td>reduce MAX</td><td>{@code g} to the maxima, shared equally on ties</td></tr>
 * <tr><td>{@code a.matmul(b)}</td><td>matmul</td><td>{@code g·bᵀ}, {@code aᵀ·g}</td></tr>
 * <tr><td>views: reshape, permute, transpose, expand, squeeze, unsqueeze</td><td>a new {@link View}, no arithmetic</td><td>{@code g} viewed back (reshape, inverse permute; expand is undone by {@link #reduceToShape})</td></tr>
 * <tr><td>{@code x.narrow(...)}, {@code x.indexSelect(...)}</td><td>a view / gather</td><td>{@code g} scattered into zeros of x's shape</td></tr>
 * <tr><td>{@code copy}, {@code to(dtype)}, {@code concat}</td><td>copy</td><td>{@code g} (converted back / its own slice)</td></tr>
 * </table>
 * {@code mean}, {@code softmax} and {@code logSoftmax} are composed of the rows above, so their
 * gradients follow from them. Comparisons ({@code eq}, {@code lt}, ...) and {@code argmax} are not
 * differentiable.
 *
 * <h2>Errors</h2>
 * Bad shapes and dims raise {@link IllegalArgumentException} naming the operation, the shapes and,
 * where there is one, the fix. A {@code null} argument raises {@link NullPointerException} naming
 * the method and the parameter ({@code "Tensor.add: other is null"}), the rule of the whole API
 * (see the package documentation, "Null arguments"). Values are never checked: where a real result does not exist
 * ({@code 0/0}, {@code ∞ - ∞}, {@code log(-1)}, a negative base to a fractional power) the
 * element is NaN, and a pole gives ±∞, as IEEE 754, NumPy and PyTorch do; NaN then propagates
 * (no op hides it: {@code relu(NaN)} is NaN, {@code argmax} picks a NaN) and {@code fit} stops at
 * the first NaN loss. {@link Scalar} throws at the same inputs instead (its Javadoc states the
 * rule for both engines).
 */
public final class Tensor {

    /** How a non-leaf tensor was made: the operation's name, its inputs and its chain rule. */
    private record Node(String op, Tensor[] inputs, Backward backward) {
    }

    /** The chain rule of one operation: from d(loss)/d(output) to d(loss)/d(each input). */
    @FunctionalInterface
    private interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final View view;
    private final TensorBackend backend;
    private final Node node;
    private boolean requiresGrad;
    private Tensor grad;
    private String label;

    private Tensor(View view, TensorBackend backend, Node node, boolean requiresGrad) {
        this.view = view;
        this.backend = backend;
        this.node = node;
        this.requiresGrad = requiresGrad;
    }

    // ------------------------------------------------------------------------------------------
    // Creation
    // ------------------------------------------------------------------------------------------

    private static volatile DType defaultDType = DType.F64;

    /**
     * The dtype of tensors created without one ({@link #zeros(int...)}, {@link #of}, {@link #randn},
     * ...): {@link DType#F64} unless changed. Operations never mix dtypes: combining an F32 and an
     * F64 tensor is an error that names both, so a conversion is always explicit ({@link #to}).
     */
    public static DType defaultDType() {
        return defaultDType;
    }

    /**
     * Changes the dtype of tensors created without one, for every thread, e.g.
     * {@code Tensor.setDefaultDType(DType.F32)} before building and training a model in single
     * precision (as PyTorch's {@code set_default_dtype}).
     */
    public static void setDefaultDType(DType dtype) {
        if (dtype == null) {
            throw new NullPointerException("setDefaultDType: dtype is null; use DType.F64 or DType.F32");
        }
        defaultDType = dtype;
    }

    /** A tensor of zeros of the default dtype, on the current backend. */
    public static Tensor zeros(int... shape) {
        return zeros(defaultDType, shape);
    }

    /** A tensor of zeros of the given dtype, on the current backend. */
    public static Tensor zeros(DType dtype, int... shape) {
        Objects.requireNonNull(dtype, "Tensor.zeros: dtype is null");
        return allocate(Backends.current(), dtype, checkShape("zeros", shape), true);
    }

    /** A tensor of ones (default dtype). */
    public static Tensor ones(int... shape) {
        return full(1.0, checkShape("ones", shape));
    }

    /** A tensor whose every element is {@code value} (default dtype). */
    public static Tensor full(double value, int... shape) {
        Tensor t = zeros(checkShape("full", shape));
        t.backend.fill(t.view, value);
        return t;
    }

    /** A 0-dimensional tensor holding one number. */
    public static Tensor scalar(double value) {
        return full(value);
    }

    /**
     * A tensor holding {@code data} in row-major order, e.g. {@code Tensor.of(new double[]{1, 2, 3,
     * 4, 5, 6}, 2, 3)} is the matrix with rows {@code [1, 2, 3]} and {@code [4, 5, 6]}. With no
     * shape given, a vector of {@code data.length} — except that a single value gives a 0-d scalar
     * (pass the shape {@code 1} for a one-element vector).
     */
    public static Tensor of(double[] data, int... shape) {
        Objects.requireNonNull(data, "Tensor.of: data is null");
        Objects.requireNonNull(shape, "Tensor.of: shape is null");
        if (shape.length == 0 && data.length != 1) {
            shape = new int[] {data.length};
        }
        checkShape("of", shape);
        if (View.numel(shape) != data.length) {
            throw new IllegalArgumentException("of: " + data.length + " values cannot fill shape "
                    + View.str(shape) + ", which holds " + View.numel(shape) + " elements");
        }
        Tensor t = zeros(shape);
        Storage storage = t.view.storage();
        for (int i = 0; i < data.length; i++) {
            storage.set(i, data[i]);
        }
        return t;
    }

    /** A tensor holding {@code data} in row-major order, as {@link DType#F32}. */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "Tensor.of: data is null");
        double[] wide = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            wide[i] = data[i];
        }
        return of(wide, shape).to(DType.F32);
    }

    /** {@code [0, 1, ..., n-1]} as a vector (default dtype). */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** {@code [start, start+step, ...]} up to but excluding {@code end}, as a vector (default dtype). */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step) || (end - start) / step < 0) {
            throw new IllegalArgumentException("arange: cannot go from " + start + " to " + end + " in steps of "
                    + step + "; the step must be non-zero and point from start towards end");
        }
        double count = Math.ceil((end - start) / step);
        if (!(count <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("arange: from " + start + " to " + end + " in steps of " + step
                    + " gives " + count + " elements, more than a tensor holds");
        }
        int n = (int) count;
        Tensor t = zeros(checkShape("arange", n)); // written in place: no second array of n numbers
        for (int i = 0; i < n; i++) {
            t.view.storage().set(i, start + i * step);
        }
        return t;
    }

    /** The {@code n × n} identity matrix. */
    public static Tensor eye(int n) {
        Tensor t = zeros(checkShape("eye", n, n));
        for (int i = 0; i < n; i++) {
            t.view.storage().set(i * n + i, 1);
        }
        return t;
    }

    /**
     * Uniform random numbers in {@code [0, 1)}. Pass a seeded generator, e.g.
     * {@code new SplittableRandom(42)}, and the same seed always gives the same tensor.
     */
    public static Tensor rand(RandomGenerator rng, int... shape) {
        Objects.requireNonNull(rng, "Tensor.rand: rng is null");
        Tensor t = zeros(checkShape("rand", shape));
        for (int i = 0, n = t.numel(); i < n; i++) {
            t.view.storage().set(i, rng.nextDouble());
        }
        return t;
    }

    /** Standard normal random numbers (mean 0, variance 1) from a seeded generator. */
    public static Tensor randn(RandomGenerator rng, int... shape) {
        Objects.requireNonNull(rng, "Tensor.randn: rng is null");
        Tensor t = zeros(checkShape("randn", shape));
        for (int i = 0, n = t.numel(); i < n; i++) {
            t.view.storage().set(i, rng.nextGaussian());
        }
        return t;
    }

    /** A tensor of zeros with this tensor's shape, dtype and backend. */
    public Tensor zerosLike() {
        return allocate(backend, dtype(), shape(), true);
    }

    /** A tensor of {@code value}s with this tensor's shape, dtype and backend. */
    public Tensor fullLike(double value) {
        Tensor t = zerosLike();
        backend.fill(t.view, value);
        return t;
    }

    /**
     * Contiguous storage of the given shape on the given backend: the one place the engine
     * allocates. It is fresh and zeroed, except inside a training step that hands its arrays on
     * (see {@link StepBuffers}): there it may be one of the previous step's arrays, zeroed again if
     * {@code zeros} is true and holding that step's numbers otherwise, for a caller that overwrites
     * every element. A request the heap cannot hold fails here with a message that says what was
     * asked, what there is, and how to get more, instead of a bare {@link OutOfMemoryError}.
     */
    private static Tensor allocate(TensorBackend backend, DType dtype, int[] shape, boolean zeros) {
        int n = View.numel(shape);
        long bytes = (long) n * (dtype == DType.F32 ? Float.BYTES : Double.BYTES);
        Runtime jvm = Runtime.getRuntime();
        if (bytes > jvm.maxMemory()) { // can never fit, however much garbage is collected
            throw outOfMemory(shape, dtype, bytes, null);
        }
        try {
            Storage storage = StepBuffers.allocate(backend, dtype, n, zeros); // backend.allocate, unless a training step hands on its arrays
            return new Tensor(View.contiguous(storage, shape.clone()), backend, null, false);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(shape, dtype, bytes, e);
        }
    }

    private static IllegalStateException outOfMemory(int[] shape, DType dtype, long bytes, OutOfMemoryError cause) {
        Runtime jvm = Runtime.getRuntime();
        long free = jvm.maxMemory() - (jvm.totalMemory() - jvm.freeMemory());
        IllegalStateException e = new IllegalStateException("out of memory: a tensor of shape " + View.str(shape)
                + " in " + dtype + " needs " + mebibytes(bytes) + ", but the JVM may use at most "
                + mebibytes(jvm.maxMemory()) + " in all (about " + mebibytes(free) + " free now). Give it more with"
                + " -Xmx (for ./gradbook: JAVA_OPTS=-Xmx" + Math.max(1, (2 * bytes >> 30) + 1) + "g), or use F32 or"
                + " a smaller shape (a smaller batch, say)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    /**
     * A tensor for an output that the caller overwrites in full, such as the result of a backend
     * primitive (every primitive writes every element of its output): its numbers before that are
     * unspecified, as in PyTorch's {@code torch.empty}.
     */
    private Tensor empty(int[] shape) {
        return allocate(backend, dtype(), shape, false);
    }

    /** A tensor of zeros of this tensor's backend and dtype, for gradients that slices add into. */
    private Tensor zeroed(int[] shape) {
        return allocate(backend, dtype(), shape, true);
    }

    /** A 0-d constant on this tensor's backend and dtype, so {@code x.add(1)} mixes freely. */
    private Tensor constant(double value) {
        Tensor c = empty(new int[0]);
        c.view.storage().set(0, value);
        return c;
    }

    /** Checks a shape given by the caller of {@code op}: no negative size, and few enough elements. */
    private static int[] checkShape(String op, int... shape) {
        Objects.requireNonNull(shape, () -> "Tensor." + op + ": shape is null");
        View.numel(op, shape);
        return shape;
    }

    // ------------------------------------------------------------------------------------------
    // Inspection
    // ------------------------------------------------------------------------------------------

    /** The size of each dimension (a copy). */
    public int[] shape() {
        return view.shape().clone();
    }

    /** The size of dimension {@code dim}; negative dims count from the end ({@code -1} is the last). */
    public int size(int dim) {
        return view.shape()[dim("size", dim)];
    }

    /** Number of dimensions: 0 for a scalar, 1 for a vector, 2 for a matrix. */
    public int rank() {
        return view.rank();
    }

    /** Number of elements. */
    public int numel() {
        return view.size();
    }

    /** Element type. */
    public DType dtype() {
        return view.storage().dtype();
    }

    /** The backend that holds this tensor's storage and does its arithmetic. */
    public TensorBackend backend() {
        return backend;
    }

    /** The view onto storage this tensor is; for backends, benchmarks and the curious. */
    public View view() {
        return view;
    }

    /** Storage strides of each dimension (a copy); see {@link View}. */
    public int[] strides() {
        return view.strides().clone();
    }

    /** True if the elements lie row by row at consecutive storage positions. */
    public boolean isContiguous() {
        return view.isContiguous();
    }

    /** The single number of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + View.str(view.shape()) + " has "
                    + numel() + " elements; item() needs exactly one (index it with get(...) instead)");
        }
        return view.storage().get(view.position(new int[rank()]));
    }

    /** The element at {@code index}, e.g. {@code m.get(1, 2)} for row 1, column 2. */
    public double get(int... index) {
        Objects.requireNonNull(index, "Tensor.get: index is null");
        if (index.length != rank()) {
            throw new IllegalArgumentException("get: " + index.length + " indices given for a tensor of rank "
                    + rank() + " (shape " + View.str(view.shape()) + ")");
        }
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= view.shape()[d]) {
                throw new IllegalArgumentException("get: index " + Arrays.toString(index)
                        + " is out of bounds for shape " + View.str(view.shape()) + " at dim " + d);
            }
        }
        return view.get(index);
    }

    /** All elements in row-major order, as a new array. */
    public double[] toDoubleArray() {
        double[] out = new double[numel()];
        int[] index = new int[rank()];
        for (int i = 0; i < out.length; i++) {
            View.unravel(i, view.shape(), index);
            out[i] = view.get(index);
        }
        return out;
    }

    /**
     * A name shown in {@link #toDot()} pictures, e.g. {@code "W1"}; {@code null} removes it.
     * Returns this tensor.
     */
    public Tensor label(String name) {
        this.label = name;
        return this;
    }

    /** The name given with {@link #label(String)}, or null. */
    public String label() {
        return label;
    }

    // ------------------------------------------------------------------------------------------
    // Autograd
    // ------------------------------------------------------------------------------------------

    /** Whether gradients flow to (leaf) or through (computed) this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor (one you created, not one computed from others) as a parameter whose
     * gradient {@link #backward()} should fill in. Returns this tensor, for chaining.
     */
    public Tensor requiresGrad(boolean flag) {
        if (node != null) {
            throw new IllegalStateException("requiresGrad: this tensor was computed by '" + node.op
                    + "'; only leaf tensors can be switched. Call detach() first for a new leaf.");
        }
        this.requiresGrad = flag;
        return this;
    }

    /** True if this tensor was created directly rather than computed by an operation. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null if none yet. */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient, so the next backward pass starts from zero. */
    public void zeroGrad() {
        grad = null;
    }

    /** The same numbers, cut off from the graph: a leaf that does not require grad. */
    public Tensor detach() {
        return new Tensor(view, backend, null, false);
    }

    /**
     * Back-propagates from this one-element tensor (usually a loss): every leaf with
     * {@code requiresGrad(true)} that it depends on gets d(this)/d(leaf) added to its
     * {@link #grad()}. Gradients accumulate: calling it twice adds twice.
     */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: this tensor has shape " + View.str(view.shape())
                    + " (" + numel() + " elements), but backward() needs a single number such as a loss;"
                    + " reduce it first (sum() or mean()) or pass the output gradient: backward(gradient)");
        }
        backward(fullLike(1.0));
    }

    /**
     * Back-propagates a given output gradient {@code dL/d(this)}, of this tensor's shape: the
     * vector-Jacobian product with every leaf that requires grad.
     */
    public void backward(Tensor gradient) {
        Objects.requireNonNull(gradient, "Tensor.backward: gradient is null");
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require grad: none of its inputs had"
                    + " requiresGrad(true), or it was computed inside GradMode.noGrad()");
        }
        if (!Arrays.equals(gradient.view.shape(), view.shape())) {
            throw new IllegalArgumentException("backward: gradient of shape " + View.str(gradient.view.shape())
                    + " does not match the tensor's shape " + View.str(view.shape()));
        }
        checkSameBackendAndDtype("backward", gradient);
        // Inputs first, this tensor last; walking it backwards visits every node after all its users.
        List<Tensor> order = TopologicalOrder.of(this, Tensor::gradParents);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(this, gradient);
        // Storages that belong to someone: the caller's gradient, and each one a leaf has adopted.
        Set<Storage> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        owned.add(gradient.view.storage());
        try (Scope off = GradMode.noGrad(); Scope pass = StepBuffers.backwardPass()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                if (t.node == null) {
                    t.grad = t.grad == null ? ownGradient(g, owned) : t.grad.add(g);
                    continue;
                }
                Tensor[] inputGrads = t.node.backward.apply(g);
                for (int j = 0; j < t.node.inputs.length; j++) {
                    Tensor input = t.node.inputs[j];
                    if (input.requiresGrad && inputGrads[j] != null) {
                        Tensor reduced = reduceToShape(inputGrads[j], input.view.shape());
                        grads.merge(input, reduced, Tensor::add);
                    }
                }
            }
        }
    }

    /**
     * The tensor a leaf keeps as its gradient, which must be its own: it outlives this backward
     * pass, and users may change it in place (clipping, say). A gradient computed during the pass
     * that fills a dense storage nobody else holds is adopted as it is; anything else (the caller's
     * gradient, a view, a storage another leaf already took) is copied. Adopting instead of
     * copying saves a parameter-sized allocation and copy per leaf per step.
     */
    private static Tensor ownGradient(Tensor g, Set<Storage> owned) {
        boolean wholeDenseStorage = g.view.isContiguous() && g.view.offset() == 0
                && g.view.storage().size() == g.numel();
        return wholeDenseStorage && owned.add(g.view.storage()) ? g : g.copy();
    }

    private List<Tensor> gradParents() {
        if (node == null) {
            return List.of();
        }
        List<Tensor> parents = new ArrayList<>(node.inputs.length);
        for (Tensor input : node.inputs) {
            if (input.requiresGrad) {
                parents.add(input);
            }
        }
        return parents;
    }

    /**
     * THE one place where broadcasting is undone: a gradient computed in a broadcast output's shape
     * is summed over the dimensions that broadcasting added or stretched, giving the input's shape.
     * If {@code x} of shape {@code [3, 1]} was added to {@code y} of shape {@code [4]}, each element of
     * {@code x} was used 4 times, so its gradient is the sum of those 4 uses.
     */
    static Tensor reduceToShape(Tensor grad, int[] shape) {
        int[] gradShape = grad.view.shape();
        if (Arrays.equals(gradShape, shape)) {
            return grad;
        }
        int lead = gradShape.length - shape.length;
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < gradShape.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gradShape[d] != 1)) {
                dims.add(d);
            }
        }
        Tensor summed = grad.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return summed.reshape(shape);
    }

    /** Attaches the graph node to {@code out} when recording is on and some input requires grad. */
    private static Tensor record(Tensor out, String op, Backward backward, Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return out;
        }
        boolean any = false;
        for (Tensor input : inputs) {
            any |= input.requiresGrad;
        }
        if (!any) {
            return out;
        }
        return new Tensor(out.view, out.backend, new Node(op, inputs, backward), true);
    }

    private static Tensor[] grads(Tensor... perInput) {
        return perInput;
    }

    /** Graphviz DOT text of the graph that produced this tensor: one box per tensor, op and shape. */
    public String toDot() {
        DotGraph dot = new DotGraph("tensor");
        List<Tensor> order = TopologicalOrder.of(this, t -> t.node == null ? List.of() : Arrays.asList(t.node.inputs));
        Map<Tensor, String> ids = new IdentityHashMap<>();
        for (Tensor t : order) {
            String id = "t" + ids.size();
            ids.put(t, id);
            String what = t.node != null ? t.node.op : (t.label != null ? t.label : "leaf");
            if (t.node != null && t.label != null) {
                what = t.label + " = " + what;
            }
            String grad = t.requiresGrad ? "\nrequires grad" : "";
            dot.node(id, what + "\n" + View.str(t.view.shape()) + " " + t.dtype() + grad,
                    t.node == null ? "box" : "ellipse");
            if (t.node != null) {
                for (Tensor input : t.node.inputs) {
                    dot.edge(ids.get(input), id);
                }
            }
        }
        return dot.toString();
    }

    // ------------------------------------------------------------------------------------------
    // Element-wise functions of one tensor
    // ------------------------------------------------------------------------------------------

    private Tensor mapped(UnaryOp op) {
        Tensor out = empty(view.shape());
        backend.map(op, view, out.view);
        return out;
    }

    /** {@code -x}. */
    public Tensor neg() {
        return record(mapped(UnaryOp.NEG), "neg", g -> grads(g.neg()), this);
    }

    /** {@code e^x}; its derivative is itself. */
    public Tensor exp() {
        Tensor out = mapped(UnaryOp.EXP);
        return record(out, "exp", g -> grads(g.mul(out)), this);
    }

    /** Natural logarithm; d/dx ln x = 1/x. Non-positive inputs give -∞ or NaN, as in IEEE 754. */
    public Tensor log() {
        return record(mapped(UnaryOp.LOG), "log", g -> grads(g.div(this)), this);
    }

    /** Square root; d/dx √x = 1 / (2√x). */
    public Tensor sqrt() {
        Tensor out = mapped(UnaryOp.SQRT);
        return record(out, "sqrt", g -> grads(g.div(out.mul(2))), this);
    }

    /** {@code |x|}; its derivative is the sign of x (0 at 0). */
    public Tensor abs() {
        return record(mapped(UnaryOp.ABS), "abs", g -> grads(g.mul(mapped(UnaryOp.SIGN))), this);
    }

    /** {@code max(x, 0)}; the gradient passes where x > 0 and stops elsewhere. */
    public Tensor relu() {
        return record(mapped(UnaryOp.RELU), "relu", g -> grads(g.mul(mapped(UnaryOp.STEP))), this);
    }

    /**
     * The logistic function σ(x) = 1/(1+e^-x); σ' = σ(x)(1-σ(x)) = σ(x)·σ(-x). The second form is
     * the one computed: for large x, σ(x) rounds towards 1 and {@code 1 - σ(x)} keeps few correct
     * digits, while σ(-x) is computed directly to full precision ({@link Scalar#sigmoid} agrees).
     */
    public Tensor sigmoid() {
        Tensor s = mapped(UnaryOp.SIGMOID);
        return record(s, "sigmoid", g -> grads(g.mul(s).mul(neg().sigmoid())), this);
    }

    /**
     * Hyperbolic tangent; tanh' = 1 - tanh² = 1/cosh². The second form is the one computed: where
     * tanh is close to ±1 the subtraction {@code 1 - tanh²} cancels nearly all digits, and gives
     * exactly 0 once tanh rounds to ±1 (|x| > 19 in F64), while 1/cosh² stays accurate until it
     * underflows ({@link Scalar#tanh} agrees). {@code cosh x = (e^x + e^-x)/2}; the gradient is
     * divided by cosh twice rather than by cosh², which would overflow sooner.
     */
    public Tensor tanh() {
        return record(mapped(UnaryOp.TANH), "tanh", g -> {
            Tensor cosh = exp().add(neg().exp()).mul(0.5);
            return grads(g.div(cosh).div(cosh));
        }, this);
    }

    /**
     * {@code x^p} for a constant exponent; d/dx x^p = p·x^(p-1). For {@code p = 0}, {@code x^0} is
     * the constant 1 and its slope is 0 everywhere, also at x = 0, where the formula would compute
     * {@code 0·0^-1 = 0·∞ = NaN}: there x is raised to 0 instead of -1 ({@link Scalar#pow} agrees).
     */
    public Tensor pow(double exponent) {
        Tensor out = zipped("pow", BinaryOp.POW, constant(exponent));
        double lowered = exponent == 0 ? 0 : exponent - 1;
        return record(out, "pow", g -> grads(g.mul(pow(lowered).mul(exponent))), this);
    }

    /**
     * Clips every element into {@code [min, max]}. The gradient is 1 inside the interval (bounds
     * included) and 0 where the value was clipped, defined piecewise.
     */
    public Tensor clamp(double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor out = zipped("clamp", BinaryOp.MAX, constant(min)).zipped("clamp", BinaryOp.MIN, constant(max));
        return record(out, "clamp", g -> grads(g.mul(ge(min)).mul(le(max))), this);
    }

    // ------------------------------------------------------------------------------------------
    // Element-wise functions of two tensors (broadcasting)
    // ------------------------------------------------------------------------------------------

    /** Broadcasts both operands to a common shape and applies {@code op} element by element. */
    private Tensor zipped(String opName, BinaryOp op, Tensor other) {
        checkSameBackendAndDtype(opName, other);
        int[] shape = broadcastShape(opName, view.shape(), other.view.shape());
        Tensor out = empty(shape);
        backend.zip(op, broadcastView(shape), other.broadcastView(shape), out.view);
        return out;
    }

    /** Element-wise sum with broadcasting; both inputs receive the output gradient unchanged. */
    public Tensor add(Tensor other) {
        return record(zipped("add", BinaryOp.ADD, other), "add", g -> grads(g, g), this, other);
    }

    /** Adds a constant to every element. */
    public Tensor add(double value) {
        return add(constant(value));
    }

    /** Element-wise difference; the right input receives the negated gradient. */
    public Tensor sub(Tensor other) {
        return record(zipped("sub", BinaryOp.SUB, other), "sub", g -> grads(g, g.neg()), this, other);
    }

    /** Subtracts a constant from every element. */
    public Tensor sub(double value) {
        return sub(constant(value));
    }

    /** Element-wise product; each input's gradient is the output gradient times the other input. */
    public Tensor mul(Tensor other) {
        return record(zipped("mul", BinaryOp.MUL, other), "mul", g -> grads(g.mul(other), g.mul(this)), this, other);
    }

    /** Multiplies every element by a constant. */
    public Tensor mul(double value) {
        return mul(constant(value));
    }

    /** Element-wise quotient a/b; d/da = 1/b, d/db = -a/b². */
    public Tensor div(Tensor other) {
        return record(zipped("div", BinaryOp.DIV, other), "div",
                g -> grads(g.div(other), g.mul(this).div(other.mul(other)).neg()), this, other);
    }

    /** Divides every element by a constant. */
    public Tensor div(double value) {
        return div(constant(value));
    }

    /**
     * Element-wise power {@code a^b}; d/da = b·a^(b-1), d/db = a^b·ln a. At the edges of the
     * domain the formulas meet {@code 0·∞}; the limits are taken instead, as PyTorch does: where
     * {@code b = 0} the slope in a is 0 (a^0 is constant), and where {@code a = 0} and
     * {@code b ≥ 0} the slope in b is 0 (0^b is 0 or 1 whatever b does nearby). For a < 0 and a
     * non-integer b, a^b is NaN (IEEE 754), and so are its gradients.
     */
    public Tensor pow(Tensor exponent) {
        Objects.requireNonNull(exponent, "Tensor.pow: exponent is null");
        Tensor out = zipped("pow", BinaryOp.POW, exponent);
        return record(out, "pow", g -> {
            Tensor lowered = exponent.sub(1).add(exponent.eq(0));   // b - 1, but 0 where b = 0
            Tensor zeroBase = eq(0).mul(exponent.ge(0));           // 1 where a = 0 and b >= 0
            return grads(g.mul(exponent).mul(pow(lowered)),
                    exponent.requiresGrad ? g.mul(out).mul(add(zeroBase).log()) : null); // ln 1 = 0 there
        }, this, exponent);
    }

    /** Element-wise {@code max(a, b)} (not differentiable here; use {@link #relu()} or {@link #clamp}). */
    public Tensor maximum(Tensor other) {
        return zipped("maximum", BinaryOp.MAX, other);
    }

    /** 1 where the elements are equal, else 0 (not differentiable). */
    public Tensor eq(Tensor other) {
        return zipped("eq", BinaryOp.EQ, other);
    }

    /** 1 where this element equals {@code value}, else 0. */
    public Tensor eq(double value) {
        return eq(constant(value));
    }

    /** 1 where {@code this < other}, else 0 (not differentiable). */
    public Tensor lt(Tensor other) {
        return zipped("lt", BinaryOp.LT, other);
    }

    /** 1 where this element is below {@code value}, else 0. */
    public Tensor lt(double value) {
        return lt(constant(value));
    }

    /** 1 where {@code this > other}, else 0 (not differentiable). */
    public Tensor gt(Tensor other) {
        return zipped("gt", BinaryOp.GT, other);
    }

    /** 1 where this element is above {@code value}, else 0. */
    public Tensor gt(double value) {
        return gt(constant(value));
    }

    /** 1 where this element is at least {@code value}, else 0. */
    public Tensor ge(double value) {
        return zipped("ge", BinaryOp.GE, constant(value));
    }

    /** 1 where this element is at most {@code value}, else 0. */
    public Tensor le(double value) {
        return zipped("le", BinaryOp.LE, constant(value));
    }

    // ------------------------------------------------------------------------------------------
    // Reductions
    // ------------------------------------------------------------------------------------------

    /** Sum of all elements, as a 0-d tensor. */
    public Tensor sum() {
        return sum(allDims(), false);
    }

    /** Sum along one dim, which disappears from the shape. */
    public Tensor sum(int dim) {
        return sum(new int[] {dim}, false);
    }

    /**
     * Sum along {@code dims}; with {@code keepDim} they stay as size 1 (handy for broadcasting the
     * result back). Each input element contributed once, so its gradient is the output's gradient,
     * copied (broadcast) back over the summed dims.
     */
    public Tensor sum(int[] dims, boolean keepDim) {
        int[] kept = keptShape("sum", dims);
        Tensor out = reduced("sum", ReduceOp.SUM, dims, keepDim);
        int[] inputShape = view.shape();
        return record(out, "sum", g -> grads(g.reshape(kept).expand(inputShape)), this);
    }

    /** Mean of all elements, as a 0-d tensor. */
    public Tensor mean() {
        return mean(allDims(), false);
    }

    /** Mean along one dim. */
    public Tensor mean(int dim) {
        return mean(new int[] {dim}, false);
    }

    /** Mean along {@code dims}: their sum divided by how many elements each output averages. */
    public Tensor mean(int[] dims, boolean keepDim) {
        int count = numel() / Math.max(1, View.numel(keptShape("mean", dims)));
        return sum(dims, keepDim).div(count);
    }

    /** Largest element, as a 0-d tensor. */
    public Tensor max() {
        return max(allDims(), false);
    }

    /** Largest element along one dim. */
    public Tensor max(int dim) {
        return max(new int[] {dim}, false);
    }

    /**
     * Largest element along {@code dims}. The gradient flows to the element(s) that attained the
     * maximum; when several tie, they share it equally.
     */
    public Tensor max(int[] dims, boolean keepDim) {
        int[] kept = keptShape("max", dims);
        Tensor out = reduced("max", ReduceOp.MAX, dims, keepDim);
        return record(out, "max", g -> {
            Tensor winners = eq(out.reshape(kept));
            return grads(g.reshape(kept).mul(winners).div(winners.sum(dims, true)));
        }, this);
    }

    /**
     * The index of the largest element along {@code dim} (the first one on ties), as a tensor of this
     * tensor's dtype without that dim (F32 holds indices exactly up to 2^24). Not differentiable.
     * A NaN counts as larger than everything, as in NumPy: a slice holding NaN gives the index of
     * its first NaN, so the answer is always a valid index and a NaN is not hidden.
     * Built from the primitives: mark the maxima (or the NaNs: {@code max} of a slice with a NaN is
     * NaN, which equals nothing, so then only the NaN marks are set), replace the unmarked by
     * {@code n}, and take the minimum index.
     *
     * @throws IllegalArgumentException if dim {@code dim} is empty: it has no largest element
     */
    public Tensor argmax(int dim) {
        int d = dim("argmax", dim);
        int n = view.shape()[d];
        if (n == 0) {
            throw new IllegalArgumentException("argmax: dim " + dim + " of shape " + View.str(view.shape())
                    + " is empty, so it has no largest element; argmax needs at least one entry along it");
        }
        int[] indexShape = new int[rank()];
        Arrays.fill(indexShape, 1);
        indexShape[d] = n;
        try (Scope off = GradMode.noGrad()) {
            Tensor isNaN = eq(this).neg().add(1); // x == x fails only for NaN
            Tensor isMax = eq(max(new int[] {d}, true)).add(isNaN);
            Tensor index = arangeLike(n).reshape(indexShape);
            Tensor candidates = index.mul(isMax).add(isMax.neg().add(1).mul(n));
            return candidates.reduced("argmax", ReduceOp.MIN, new int[] {d}, false);
        }
    }

    private Tensor arangeLike(int n) {
        Tensor t = empty(new int[] {n});
        for (int i = 0; i < n; i++) {
            t.view.storage().set(i, i);
        }
        return t;
    }

    /** Runs {@code op} along each requested dim in turn through the backend's reduce primitive. */
    private Tensor reduced(String opName, ReduceOp op, int[] dims, boolean keepDim) {
        boolean[] reduce = dimFlags(opName, dims);
        Tensor current = this;
        int[] shape = view.shape().clone();
        for (int d = 0; d < rank(); d++) {
            if (reduce[d] && shape[d] != 1) { // a size-1 dim is already "reduced"
                shape[d] = 1;
                Tensor out = empty(shape.clone());
                backend.reduce(op, current.view, d, out.view);
                current = out;
            }
        }
        if (current == this) {
            current = empty(shape);
            backend.copy(view, current.view);
        }
        if (keepDim) {
            return current;
        }
        int[] dropped = new int[rank()];
        int n = 0;
        for (int d = 0; d < rank(); d++) {
            if (!reduce[d]) {
                dropped[n++] = shape[d];
            }
        }
        return current.viewAs(Arrays.copyOf(dropped, n));
    }

    /** Which dims an operation over {@code dims} touches; validates range and repeats. */
    private boolean[] dimFlags(String op, int[] dims) {
        Objects.requireNonNull(dims, () -> "Tensor." + op + ": dims is null");
        boolean[] flags = new boolean[rank()];
        for (int dim : dims) {
            int d = dim(op, dim);
            if (flags[d]) {
                throw new IllegalArgumentException(op + ": dim " + dim + " is listed twice in "
                        + Arrays.toString(dims));
            }
            flags[d] = true;
        }
        return flags;
    }

    /** The input's shape with every reduced dim set to 1. */
    private int[] keptShape(String op, int[] dims) {
        boolean[] flags = dimFlags(op, dims);
        int[] kept = view.shape().clone();
        for (int d = 0; d < kept.length; d++) {
            if (flags[d]) {
                kept[d] = 1;
            }
        }
        return kept;
    }

    private int[] allDims() {
        int[] dims = new int[rank()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = d;
        }
        return dims;
    }

    // ------------------------------------------------------------------------------------------
    // Composite functions: made of the operations above, so their gradients come for free
    // ------------------------------------------------------------------------------------------

    /**
     * Softmax along {@code dim}: {@code e^x / Σ e^x}, each slice turned into probabilities. The
     * maximum is subtracted first so {@code e^x} never overflows; softmax does not change when a
     * constant is subtracted, so the max is detached from the graph. A slice holding {@code +∞}
     * gets its limit — the {@code +∞} entries share all the probability, the others get 0 —
     * rather than the NaN of {@code ∞ - ∞}; a NaN input gives NaN.
     */
    public Tensor softmax(int dim) {
        Tensor e = shiftedByMax("softmax", dim).exp();
        return e.div(e.sum(new int[] {dim}, true));
    }

    /**
     * {@code log(softmax(x))} along {@code dim}, computed stably as
     * {@code (x - max) - log Σ e^(x - max)}: no exponential overflows and no log of 0. Infinite
     * inputs give the limits {@link #softmax} describes ({@code 0} for a {@code +∞} entry that is
     * alone in its slice, {@code -∞} for the entries beside it).
     */
    public Tensor logSoftmax(int dim) {
        Tensor shifted = shiftedByMax("logSoftmax", dim);
        return shifted.sub(shifted.exp().sum(new int[] {dim}, true).log());
    }

    /**
     * {@code x - max(x)} along {@code dim}, the max detached: one {@code zip(SUB)} after the
     * {@code reduce(MAX)}, unless a slice holds {@code +∞}. There the limit is {@code 0} at the
     * {@code +∞} entries and {@code -∞} at the others, but {@code x - max} would give
     * {@code ∞ - ∞ = NaN}; so {@code +∞} is first capped at the dtype's largest finite number L
     * (those entries then shift to 0) and the rest of such a slice is pushed down by another L
     * ({@code x - L - L} overflows to {@code -∞}).
     */
    private Tensor shiftedByMax(String op, int dim) {
        dim(op, dim); // fail under this op's name, not that of the max it starts with
        int[] dims = {dim};
        Tensor max = max(dims, true).detach();
        double infinity = Double.POSITIVE_INFINITY;
        if (Arrays.stream(max.toDoubleArray()).noneMatch(m -> m == infinity)) {
            return sub(max);
        }
        double largest = dtype() == DType.F32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        Tensor capped = clamp(Double.NEGATIVE_INFINITY, largest);
        Tensor pushDown = max.eq(infinity).mul(lt(infinity)).mul(largest); // L at the finite entries of a +∞ slice
        return capped.sub(capped.max(dims, true).detach()).sub(pushDown);
    }

    // ------------------------------------------------------------------------------------------
    // Matrix product
    // ------------------------------------------------------------------------------------------

    /**
     * Matrix product. For matrices {@code [m, k] @ [k, n] -> [m, n]}; with more dimensions the
     * leading ones are batch dimensions and broadcast ({@code [8, m, k] @ [k, n]} multiplies all 8
     * matrices by the same one). A 1-D operand is treated as a row (left) or column (right) vector
     * and that dimension is removed from the result. Gradients: {@code dA = dC·Bᵀ},
     * {@code dB = Aᵀ·dC}.
     */
    public Tensor matmul(Tensor other) {
        checkSameBackendAndDtype("matmul", other);
        if (rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("matmul: " + View.str(view.shape()) + " @ "
                    + View.str(other.view.shape()) + " — both operands need at least one dimension;"
                    + " use mul() to scale by a number");
        }
        int k = size(-1);
        int k2 = other.rank() == 1 ? other.size(0) : other.size(-2);
        if (k != k2) { // checked before any 1-D operand is unsqueezed, so the message shows the caller's shapes
            throw new IllegalArgumentException("matmul: " + View.str(view.shape()) + " @ "
                    + View.str(other.view.shape()) + " — inner dimensions " + k + " and " + k2
                    + " differ; the left operand's last dim must equal the right operand's "
                    + (other.rank() == 1 ? "length" : "second-to-last") + " (transpose one of them?)");
        }
        if (rank() == 1) {
            // [k] @ [..., k, n] -> [..., n]; and [k] @ [k] -> [] (a dot product), whose result is [1] here
            Tensor rowTimesOther = unsqueeze(0).matmul(other);
            return rowTimesOther.squeeze(other.rank() == 1 ? -1 : -2);
        }
        if (other.rank() == 1) {
            return matmul(other.unsqueeze(1)).squeeze(-1);
        }
        int m = size(-2);
        int n = other.size(-1);
        int[] batch = broadcastShape("matmul (batch dims)",
                Arrays.copyOf(view.shape(), rank() - 2), Arrays.copyOf(other.view.shape(), other.rank() - 2));
        Tensor out = empty(concat(batch, m, n));
        backend.matmul(broadcastView(concat(batch, m, k)), other.broadcastView(concat(batch, k, n)), out.view);
        // Only the gradients somebody needs: for a first layer, dX would be a wasted product.
        return record(out, "matmul", g -> grads(
                requiresGrad ? g.matmul(other.transpose(-2, -1)) : null,
                other.requiresGrad ? transpose(-2, -1).matmul(g) : null), this, other);
    }

    private static int[] concat(int[] batch, int rows, int cols) {
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        return shape;
    }

    // ------------------------------------------------------------------------------------------
    // Views and copies
    // ------------------------------------------------------------------------------------------

    /** A new tensor object over {@code newView} of the same storage; shares this tensor's backend. */
    private Tensor wrap(View newView) {
        return new Tensor(newView, backend, null, false);
    }

    /** Reshapes a contiguous tensor without copying (no graph recording; for internal use). */
    private Tensor viewAs(int[] shape) {
        return wrap(view.reshape(shape));
    }

    /**
     * The same elements in another shape (one size may be -1: inferred). A contiguous tensor is
     * viewed without copying; a non-contiguous one (e.g. a transpose) is copied first, because its
     * elements are not in row-major order in storage.
     */
    public Tensor reshape(int... shape) {
        int[] target = inferShape("reshape", shape);
        Tensor source = isContiguous() ? this : contiguous();
        int[] inputShape = source.view.shape();
        return record(source.viewAs(target), "reshape", g -> grads(g.reshape(inputShape)), source);
    }

    /**
     * Like {@link #reshape} but guaranteed never to copy: fails on non-contiguous tensors, which
     * cannot be re-read row by row in another shape.
     */
    public Tensor view(int... shape) {
        int[] target = inferShape("view", shape);
        if (!isContiguous()) {
            throw new IllegalArgumentException("view: cannot view shape " + View.str(view.shape())
                    + " with strides " + View.str(view.strides()) + " as " + View.str(target)
                    + " without copying: its elements are not stored row by row (it was transposed, permuted"
                    + " or sliced). Call contiguous() first, or use reshape(), which copies when it must.");
        }
        return reshape(target);
    }

    private int[] inferShape(String op, int[] shape) {
        Objects.requireNonNull(shape, () -> "Tensor." + op + ": shape is null");
        int[] target = shape.clone();
        int inferred = -1;
        long known = 1;
        for (int d = 0; d < target.length; d++) {
            if (target[d] == -1 && inferred < 0) {
                inferred = d;
            } else if (target[d] < 0) {
                throw new IllegalArgumentException(op + ": bad target shape " + View.str(shape)
                        + "; sizes must be >= 0 with at most one -1 (inferred)");
            } else {
                known *= target[d];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + View.str(view.shape()) + " ("
                        + numel() + " elements) to " + View.str(shape) + ": no size for -1 fits");
            }
            target[inferred] = (int) (numel() / known);
            known *= target[inferred];
        }
        if (known != numel()) {
            throw new IllegalArgumentException(op + ": cannot reshape " + View.str(view.shape()) + " ("
                    + numel() + " elements) to " + View.str(shape) + " (" + known
                    + " elements); the number of elements must stay the same");
        }
        return target;
    }

    /** Adds a size-1 dimension at {@code dim} (e.g. a vector {@code [3]} becomes a row {@code [1, 3]}). */
    public Tensor unsqueeze(int dim) {
        int d = dim < 0 ? dim + rank() + 1 : dim;
        if (d < 0 || d > rank()) {
            throw new IllegalArgumentException("unsqueeze: dim " + dim + " is out of range for shape "
                    + View.str(view.shape()) + " (valid: " + (-rank() - 1) + ".." + rank() + ")");
        }
        int[] inputShape = view.shape();
        return record(wrap(view.unsqueeze(d)), "unsqueeze", g -> grads(g.reshape(inputShape)), this);
    }

    /** Removes dimension {@code dim}, which must have size 1. */
    public Tensor squeeze(int dim) {
        int[] inputShape = view.shape();
        return record(wrap(view.squeeze(dim("squeeze", dim))), "squeeze", g -> grads(g.reshape(inputShape)), this);
    }

    /** Swaps two dims by swapping their strides; no number moves. */
    public Tensor transpose(int dim0, int dim1) {
        int a = dim("transpose", dim0);
        int b = dim("transpose", dim1);
        return record(wrap(view.transpose(a, b)), "transpose", g -> grads(g.transpose(a, b)), this);
    }

    /** The transpose of a matrix ({@code [m, n] -> [n, m]}). */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expects a matrix but shape is " + View.str(view.shape())
                    + "; use transpose(dim0, dim1) for other ranks");
        }
        return transpose(0, 1);
    }

    /** Reorders the dims: output dim {@code i} is input dim {@code order[i]}. */
    public Tensor permute(int... order) {
        Objects.requireNonNull(order, "Tensor.permute: order is null");
        if (order.length != rank()) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " entries but the tensor has rank " + rank() + " (shape " + View.str(view.shape()) + ")");
        }
        int[] resolved = new int[rank()];
        int[] inverse = new int[rank()]; // the permutation that undoes this one, for the gradient
        boolean[] used = new boolean[rank()];
        for (int i = 0; i < rank(); i++) {
            int d = dim("permute", order[i]);
            if (used[d]) {
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order)
                        + " is not a permutation; dim " + order[i] + " appears twice");
            }
            used[d] = true;
            resolved[i] = d;
            inverse[d] = i;
        }
        return record(wrap(view.permute(resolved)), "permute", g -> grads(g.permute(inverse)), this);
    }

    /**
     * Broadcasts to a larger shape without copying: size-1 dims (and new leading dims) repeat with
     * stride 0; {@code -1} keeps a size. The gradient sums the repeats back (in
     * {@link #reduceToShape}).
     */
    public Tensor expand(int... shape) {
        Objects.requireNonNull(shape, "Tensor.expand: shape is null");
        int[] target = shape.clone();
        int lead = target.length - rank();
        for (int d = 0; lead >= 0 && d < rank(); d++) {
            if (target[lead + d] == -1) {
                target[lead + d] = view.shape()[d];
            }
        }
        View expanded = view.expand(target);
        checkShape("expand", target);
        return record(wrap(expanded), "expand", g -> grads(g), this);
    }

    /** This tensor's view stretched to {@code shape}, already known to be its broadcast shape. */
    private View broadcastView(int[] shape) {
        return view.expand(shape);
    }

    /**
     * {@code length} consecutive entries of dim {@code dim}, starting at {@code start}, without
     * copying: {@code x.narrow(0, 128, 128)} is the second mini-batch of 128 rows. The gradient is
     * scattered back into a zero tensor of the input's shape.
     */
    public Tensor narrow(int dim, int start, int length) {
        return narrow("narrow", dim, start, length);
    }

    private Tensor narrow(String op, int dim, int start, int length) {
        int d = dim(op, dim);
        int size = view.shape()[d];
        if (start < 0 || length < 0 || length > size - start) { // not start + length > size: that can overflow
            throw new IllegalArgumentException(op + ": range [" + start + ", " + ((long) start + length) + ") of dim "
                    + dim + " is outside shape " + View.str(view.shape()) + " (dim size " + size + ")");
        }
        int[] inputShape = view.shape();
        return record(wrap(view.narrow(d, start, length)), "narrow", g -> {
            Tensor full = zeroed(inputShape);
            backend.copy(g.view, full.view.narrow(d, start, length));
            return grads(full);
        }, this);
    }

    /**
     * The slices {@code indices[0], indices[1], ...} of dim {@code dim}, in that order, as a new
     * tensor: NumPy's {@code x[indices]} for dim 0 (PyTorch calls it {@code index_select},
     * TensorFlow {@code gather}). Indices may repeat and come in any order; the result's dim
     * {@code dim} has {@code indices.length} entries. The gradient flows back into the selected
     * slices, summed where an index repeats. This is how {@code fit} takes a shuffled mini-batch.
     *
     * <pre>
     * Tensor batch = xTrain.indexSelect(0, 7, 3, 3);   // rows 7, 3 and 3 again: shape [3, 784]
     * </pre>
     *
     * @throws IllegalArgumentException if an index lies outside dim {@code dim}
     */
    public Tensor indexSelect(int dim, int... indices) {
        Objects.requireNonNull(indices, "Tensor.indexSelect: indices is null");
        int d = dim("indexSelect", dim);
        int size = view.shape()[d];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IllegalArgumentException("indexSelect: index " + indices[i] + " (at position " + i
                        + ") is outside dim " + dim + " of shape " + View.str(view.shape())
                        + (size == 0 ? ", which is empty" : ", whose entries are 0 to " + (size - 1)));
            }
        }
        int[] index = indices.clone(); // the caller may reuse its array; the backward pass needs these
        int[] shape = view.shape().clone();
        shape[d] = index.length;
        Tensor out = empty(shape);
        backend.gather(view, d, index, out.view);
        int[] inputShape = view.shape();
        return record(out, "indexSelect", g -> {
            Tensor full = zeroed(inputShape); // zeros, then each selected slice adds its gradient
            for (int i = 0; i < index.length; i++) {
                full.narrow(d, index[i], 1).addInPlace(g.narrow(d, i, 1));
            }
            return grads(full);
        }, this);
    }

    /** Entries {@code start} (inclusive) to {@code end} (exclusive) of dim {@code dim}, like Python's {@code [start:end]}. */
    public Tensor slice(int dim, int start, int end) {
        if (end < start) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") of dim " + dim
                    + " of shape " + View.str(view.shape()) + " ends before it starts");
        }
        return narrow("slice", dim, start, end - start);
    }

    /** This tensor if already contiguous, otherwise a row-major copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A row-major copy with its own storage; gradients pass through unchanged. */
    public Tensor copy() {
        Tensor out = empty(view.shape());
        backend.copy(view, out.view);
        return record(out, "copy", g -> grads(g), this);
    }

    /**
     * Joins tensors along {@code dim}; all other sizes must agree. Each input's gradient is its own
     * slice of the output gradient.
     */
    public static Tensor concat(int dim, Tensor... tensors) {
        NullChecks.requireNoNullElements(tensors, "Tensor.concat", "tensors");
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = tensors[0];
        int d = first.dim("concat", dim);
        int[] shape = first.view.shape().clone();
        int total = 0;
        int[] starts = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            first.checkSameBackendAndDtype("concat", t);
            boolean fits = t.rank() == first.rank();
            for (int j = 0; fits && j < shape.length; j++) {
                fits = j == d || t.view.shape()[j] == shape[j];
            }
            if (!fits) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + View.str(t.view.shape())
                        + " but tensor 0 has " + View.str(first.view.shape()) + "; all sizes except dim " + dim
                        + " must agree");
            }
            starts[i] = total;
            if (t.view.shape()[d] > Integer.MAX_VALUE - total) {
                throw new IllegalArgumentException("concat: joining " + tensors.length + " tensors along dim " + dim
                        + " gives more than " + Integer.MAX_VALUE + " entries there (tensor " + i + " has shape "
                        + View.str(t.view.shape()) + "); a tensor dimension is indexed by int");
            }
            total += t.view.shape()[d];
        }
        shape[d] = total;
        View.numel("concat", shape);
        Tensor out = first.empty(shape);
        for (int i = 0; i < tensors.length; i++) {
            first.backend.copy(tensors[i].view, out.view.narrow(d, starts[i], tensors[i].view.shape()[d]));
        }
        return record(out, "concat", g -> {
            Tensor[] parts = new Tensor[tensors.length];
            for (int i = 0; i < tensors.length; i++) {
                parts[i] = g.narrow(d, starts[i], tensors[i].view.shape()[d]);
            }
            return parts;
        }, tensors);
    }

    /**
     * Overwrites this tensor's elements, in place, with {@code values} (broadcast to this shape).
     * Not recorded in the graph: it is how optimizers update parameters, inside
     * {@link GradMode#noGrad()}. Returns this tensor.
     */
    public Tensor assign(Tensor values) {
        Objects.requireNonNull(values, "Tensor.assign: values is null");
        backend.copy(InPlace.operand("assign", this, values), view);
        return this;
    }

    // ------------------------------------------------------------------------------------------
    // In-place arithmetic (for optimizers: no graph, no fresh storage)
    // ------------------------------------------------------------------------------------------

    /**
     * {@code this ← this + other}, element by element, overwriting this tensor's own storage
     * ({@code other} is broadcast to this shape). Returns this tensor, so updates chain:
     * {@code s.mulInPlace(0.9).addInPlace(g2)}.
     *
     * <p>Why in place: {@code w.assign(w.sub(step))} allocates a fresh tensor for every
     * intermediate result, which for an optimizer means several copies of every parameter per
     * training step. The in-place methods write the result where the old values were, so an
     * update allocates nothing. The price is the same as with {@link #assign}: they are not
     * recorded in the graph, so they are only allowed where no gradient can flow — on tensors
     * that do not require grad, or inside {@link GradMode#noGrad()}. A tensor that an earlier,
     * recorded operation kept for its backward pass must not be changed either (the engine cannot
     * tell; PyTorch can, with version counters): use them on optimizer state and parameters,
     * between backward passes.
     *
     * <p>The rounding is that of the out-of-place operation: {@code x.addInPlace(y)} leaves in
     * {@code x} exactly the numbers {@code x.add(y)} would have returned.
     *
     * @throws IllegalStateException if this tensor requires grad while the graph is recorded, or
     *                                if it is a broadcast view (one storage position for several
     *                                elements, e.g. from {@link #expand})
     * @throws IllegalArgumentException if {@code other} does not broadcast to this tensor's shape
     */
    public Tensor addInPlace(Tensor other) {
        return zipInPlace("addInPlace", BinaryOp.ADD, other);
    }

    /** {@code this ← this + value}, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor addInPlace(double value) {
        return addInPlace(constant(value));
    }

    /** {@code this ← this - other}, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor subInPlace(Tensor other) {
        return zipInPlace("subInPlace", BinaryOp.SUB, other);
    }

    /** {@code this ← this - value}, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor subInPlace(double value) {
        return subInPlace(constant(value));
    }

    /** {@code this ← this · other}, element by element, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor mulInPlace(Tensor other) {
        return zipInPlace("mulInPlace", BinaryOp.MUL, other);
    }

    /** {@code this ← this · value}, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor mulInPlace(double value) {
        return mulInPlace(constant(value));
    }

    /** {@code this ← this / other}, element by element, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor divInPlace(Tensor other) {
        return zipInPlace("divInPlace", BinaryOp.DIV, other);
    }

    /** {@code this ← this / value}, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor divInPlace(double value) {
        return divInPlace(constant(value));
    }

    /** {@code this ← √this}, in place; see {@link #addInPlace(Tensor)}. */
    public Tensor sqrtInPlace() {
        InPlace.requireWritable("sqrtInPlace", this);
        backend.map(UnaryOp.SQRT, view, view);
        return this;
    }

    /**
     * One optimizer step on this parameter in a single pass over memory: every element of this
     * tensor and of the {@code state} tensors is rewritten from its own value and {@code grad}'s, as
     * {@code rule} defines it (the optimizers call this; {@link UpdateRule} explains why one pass
     * beats a chain of {@code ...InPlace} calls). {@code hyper} holds the rule's hyperparameters in
     * the order it documents.
     *
     * <pre>
     * w.applyUpdate(UpdateRule.RMSPROP, new double[] {0.001, 0.9, 1e-7}, w.grad(), meanSquare);
     * </pre>
     *
     * @param grad  the gradient: read only, broadcast to this tensor's shape
     * @param state the rule's state tensors, each of this tensor's shape, backend and dtype (make
     *              them with {@link #zerosLike()}), each with storage of its own
     * @throws IllegalArgumentException if the number of hyperparameters or states does not fit the
     *                                  rule, or a state does not match this tensor
     * @throws IllegalStateException for the reasons {@link #addInPlace(Tensor)} gives, for this
     *                               tensor or a state
     */
    public Tensor applyUpdate(UpdateRule rule, double[] hyper, Tensor grad, Tensor... state) {
        Objects.requireNonNull(rule, "Tensor.applyUpdate: rule is null");
        Objects.requireNonNull(hyper, "Tensor.applyUpdate: hyper is null");
        Objects.requireNonNull(grad, "Tensor.applyUpdate: grad is null");
        NullChecks.requireNoNullElements(state, "Tensor.applyUpdate", "state");
        InPlace.Update checked = InPlace.update(this, rule, hyper, grad, state);
        backend.update(rule, hyper.clone(), view, checked.grad(), checked.states());
        return this;
    }

    /**
     * Runs {@code this ← op(this, other)} as one {@code zip} whose output is this tensor's own view
     * (the SPI allows exactly that alias; see {@link TensorBackend}).
     */
    private Tensor zipInPlace(String opName, BinaryOp op, Tensor other) {
        backend.zip(op, view, InPlace.operand(opName, this, other), view);
        return this;
    }

    /**
     * The same numbers in another dtype (a copy; the identity if already that dtype). Recorded in the
     * graph: the gradient flows back converted to this tensor's dtype.
     */
    public Tensor to(DType dtype) {
        Objects.requireNonNull(dtype, "Tensor.to: dtype is null");
        if (dtype == dtype()) {
            return this;
        }
        Tensor out = allocate(backend, dtype, view.shape(), false);
        double[] values = toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            out.view.storage().set(i, values[i]);
        }
        DType original = dtype();
        return record(out, "to", g -> grads(g.to(original)), this);
    }

    // ------------------------------------------------------------------------------------------
    // Checks shared by the operations
    // ------------------------------------------------------------------------------------------

    /** Resolves a possibly negative dim ({@code -1} = last) and checks that it exists. */
    private int dim(String op, int dim) {
        int d = dim < 0 ? dim + rank() : dim;
        if (d < 0 || d >= rank()) {
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of shape "
                    + View.str(view.shape()) + (rank() == 0 ? " (a scalar has no dims)"
                    : " (valid dims: " + (-rank()) + ".." + (rank() - 1) + ")"));
        }
        return d;
    }

    static int[] broadcastShape(String op, int[] a, int[] b) {
        int[] shape = View.broadcastShape(a, b);
        if (shape == null) {
            throw new IllegalArgumentException(op + ": shapes " + View.str(a) + " and " + View.str(b)
                    + " cannot be broadcast together; aligned from the last dim, each pair of sizes must be"
                    + " equal or contain a 1");
        }
        return shape;
    }

    void checkSameBackendAndDtype(String op, Tensor other) {
        Objects.requireNonNull(other, () -> "Tensor." + op + ": other is null");
        if (other.backend != backend) {
            String which = backend.name().equals(other.backend.name())
                    ? "two different instances of backend '" + backend.name() + "' (from two BackendRegistry objects?)"
                    : "different backends ('" + backend.name() + "' and '" + other.backend.name() + "')";
            throw new IllegalArgumentException(op + ": tensors live on " + which + "; create both under the same"
                    + " backend (Backends.use(...)) before combining them");
        }
        if (other.dtype() != dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ (" + dtype() + " and " + other.dtype()
                    + "); convert one with .to(DType." + dtype() + ")");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Printing
    // ------------------------------------------------------------------------------------------

    /**
     * The values (up to 1,000 of them), the shape, a dtype other than F64, and the operation that
     * made this tensor — e.g. {@code tensor([[1.0000, 2.0000]], shape=[1, 2], op=add)}. The
     * formatting itself is in {@link TensorText}.
     */
    @Override
    public String toString() {
        return TensorText.format(view, node == null ? null : node.op, requiresGrad);
    }
}
