package dev.gradbook.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One number in a computation graph, with the gradient that backpropagation finds for it: the
 * whole of reverse-mode automatic differentiation, one scalar at a time.
 *
 * <h2>The idea</h2>
 *
 * Every arithmetic method ({@link #add}, {@link #mul}, {@link #tanh}, ...) returns a new
 * {@code Scalar} that remembers which Scalars it was computed from (its <em>parents</em>) and how
 * to pass a gradient back to them. Writing ordinary-looking arithmetic therefore records a graph:
 *
 * <pre>{@code
 * Scalar x = Scalar.of(2.0, "x");
 * Scalar w = Scalar.of(-3.0, "w");
 * Scalar y = x.mul(w).add(1).tanh();   // y = tanh(x*w + 1)
 * y.backward();                        // fills in dy/dx and dy/dw
 * x.grad();                            // dy/dx = w * (1 - y*y)
 * }</pre>
 *
 * <h2>The chain rule, which is all {@link #backward()} does</h2>
 *
 * If {@code y = f(u)} and {@code u = g(x)}, then {@code dy/dx = dy/du * du/dx}: the gradient
 * arriving at {@code u} from above, times {@code u}'s <em>local</em> derivative with respect to
 * {@code x}. Each operation therefore only has to know its own local derivative; it never needs
 * to know what the rest of the graph looks like. {@code mul}, for instance, is three lines:
 *
 * <pre>{@code
 * out = a * b
 * a.grad += b * out.grad     // d(a*b)/da = b
 * b.grad += a * out.grad     // d(a*b)/db = a
 * }</pre>
 *
 * {@code backward()} sets the root's own gradient to 1 ({@code dy/dy = 1}) and visits the nodes
 * from the root back towards the inputs, in {@link TopologicalOrder reverse topological order},
 * so that each node has collected the gradient from <em>all</em> the nodes that use it before it
 * passes that gradient on to its own parents. When a value feeds several places, the chain rule
 * says its contributions add up; that is why every local backward writes {@code +=}.
 *
 * <p>In this class every operation is one short method that computes its value <em>and</em>
 * states its local derivative right beside it, so the chain rule of each operation can be read in
 * one place.
 *
 * <h2>What changes and what does not</h2>
 *
 * A Scalar's {@link #value()} never changes after it is made. Its {@link #grad()} is the only
 * mutable number, written by {@link #backward()} and cleared by {@link #zeroGrad()}. A step of
 * gradient descent therefore builds fresh Scalars from the updated numbers, as the
 * {@link dev.gradbook.autograd.examples.ScalarNeuronDemo} example shows.
 *
 * <h2>Where a real result does not exist</h2>
 *
 * Both engines compute the same IEEE 754 numbers wherever the real result exists (an overflow
 * to ±∞ included: {@code exp(1000)} is ∞ in both). Where it does not, they differ in how they
 * tell you, by design. A {@code Scalar} is one number, so it can afford to look: an operation
 * outside its function's domain throws an {@link IllegalArgumentException} naming the operation
 * and its operands — a pole ({@code x / 0}, {@code 0^-1}, {@code log 0}), a value with no real
 * result ({@code log(-1)}, {@code (-8)^0.5}) or an undefined form that IEEE arithmetic turns into
 * NaN ({@code ∞ - ∞}, {@code 0 · ∞}) — so a Scalar never holds NaN. A {@link Tensor} holds
 * millions of numbers and checks none of them (a check would cost a second pass): it follows
 * IEEE 754, as NumPy and PyTorch do, giving ±∞ at a pole and NaN where no value exists, and NaN
 * then propagates through every later operation (never hidden; training stops at the first NaN
 * loss and names the batch). {@code EnginesAgreeTest} holds the two engines to this rule.
 *
 * <p>Scalars are compared by identity: two Scalars holding the same number are still two
 * different nodes of the graph, each with its own gradient. Scalars are not thread-safe.
 *
 * @see TopologicalOrder
 * @see DotGraph
 */
public final class Scalar {

    /**
     * How one operation passes a gradient back to its parents: receives {@code dRoot/dOut} and
     * adds {@code dRoot/dOut * dOut/dParent} to each parent's grad.
     */
    @FunctionalInterface
    private interface LocalBackward {
        void propagate(double outGrad);
    }

    private static final LocalBackward LEAF = outGrad -> { };

    private final double value;
    private double grad;
    private final String op;
    /** The operands, in argument order: none for a leaf, {@code second} null for a one-operand op. */
    private final Scalar first;
    private final Scalar second;
    private final LocalBackward localBackward;
    private String label;
    /**
     * Which walk over the graph last met this node: {@link #inOrder()}'s "seen" mark, kept on the
     * node itself instead of in a set on the side (see there why).
     */
    private Object seenBy;

    private Scalar(double value, String op, LocalBackward localBackward, Scalar... parents) {
        if (Double.isNaN(value)) {
            // Where the arithmetic gives NaN, the real result does not exist (inf - inf, 0 * inf,
            // inf / inf): say so here, at the op that made it, instead of letting NaN spread.
            throw new IllegalArgumentException("Scalar '" + op + "' of " + valuesOf(parents)
                    + " is not a number (NaN): the result is undefined there; a Scalar never holds NaN");
        }
        this.value = value;
        this.op = op;
        this.localBackward = localBackward;
        // two fields rather than a list: graphs can have millions of nodes, and every object
        // per node costs memory and time (docs/benchmarks.md, "The scalar engine")
        this.first = parents.length > 0 ? parents[0] : null;
        this.second = parents.length > 1 ? parents[1] : null;
        this.label = "";
    }

    private static String valuesOf(Scalar[] parents) {
        StringBuilder values = new StringBuilder("(");
        for (int i = 0; i < parents.length; i++) {
            values.append(i == 0 ? "" : ", ").append(parents[i].value);
        }
        return values.append(')').toString();
    }

    // ---------------------------------------------------------------- making Scalars

    /**
     * Makes a leaf: an input or parameter of a computation, with gradient 0.
     *
     * @param value the number; infinities are allowed, NaN is not
     * @return a new Scalar with no parents
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    public static Scalar of(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("Scalar.of: value is NaN; a Scalar must hold a number");
        }
        return new Scalar(value, "", LEAF);
    }

    /**
     * Makes a labelled leaf; the label is only for people (it is shown by {@link #toDot()} and
     * {@link #toString()}).
     *
     * @param value the number; infinities are allowed, NaN is not
     * @param label a short name such as {@code "x"} or {@code "w1"}
     * @return a new Scalar with no parents
     * @throws IllegalArgumentException if {@code value} is NaN
     * @throws NullPointerException     if {@code label} is null
     */
    public static Scalar of(double value, String label) {
        Objects.requireNonNull(label, "Scalar.of: label is null");
        return of(value).withLabel(label);
    }

    /**
     * Adds up several Scalars, for example the per-example losses of a batch, as a chain of
     * {@link #add} nodes. An empty list gives a new constant 0; a single term is returned as is.
     *
     * @param terms the Scalars to add
     * @return their sum, as a node whose gradient flows back to every term
     * @throws NullPointerException if {@code terms} or one of its elements is null, naming its
     *                              index ({@code "Scalar.sum: terms[1] is null"})
     */
    public static Scalar sum(Iterable<Scalar> terms) {
        Scalar total = null;
        for (Scalar term : NullChecks.copyOfNoNullElements(terms, "Scalar.sum", "terms")) {
            total = total == null ? term : total.add(term);
        }
        return total == null ? of(0.0) : total;
    }

    /**
     * Names this node for pictures and returns <em>this same node</em>, not a copy, so a label
     * can be attached at the end of a chain: {@code x.mul(w).withLabel("xw")}. The label is the
     * one thing besides the gradient that may change; it has no effect on any computation.
     *
     * @param label a short name; {@code ""} removes the label
     * @return this Scalar
     * @throws NullPointerException if {@code label} is null
     */
    public Scalar withLabel(String label) {
        if (label == null) {
            throw new NullPointerException("withLabel: label is null; use \"\" for no label");
        }
        this.label = label;
        return this;
    }

    // ---------------------------------------------------------------- reading a Scalar

    /**
     * The number this node holds; it never changes.
     *
     * @return the value
     */
    public double value() {
        return value;
    }

    /**
     * The accumulated gradient: for every {@link #backward()} call since this node was made or
     * last reset by {@link #zeroGrad()}, the derivative of that call's root with respect to this
     * node, all added up. It answers "if this number grew by a tiny amount, how fast would the
     * root change?"
     *
     * @return the accumulated gradient; 0 before any {@code backward()}
     */
    public double grad() {
        return grad;
    }

    /**
     * This node's label, shown in pictures.
     *
     * @return the label, or {@code ""} if it has none
     */
    public String label() {
        return label;
    }

    /**
     * The name of the operation that made this node, such as {@code "+"}, {@code "*"},
     * {@code "tanh"} or {@code "^2"}.
     *
     * @return the operation's name; {@code ""} for a leaf made by {@link #of}
     */
    public String op() {
        return op;
    }

    /**
     * The Scalars this node was computed from, in argument order (a leaf has none). A value used
     * twice, as in {@code a.add(a)}, appears twice.
     *
     * @return an unmodifiable list
     */
    public List<Scalar> parents() {
        return first == null ? List.of() : second == null ? List.of(first) : List.of(first, second);
    }

    // ---------------------------------------------------------------- the operations
    // Each one: compute the value, then say how the gradient flows back (the local derivative).

    /**
     * Addition. Local derivatives: 1 for both inputs, so the gradient passes through unchanged.
     *
     * @param other the Scalar to add
     * @return a new node holding {@code this + other}
     */
    public Scalar add(Scalar other) {
        requireOperand(other, "add");
        return new Scalar(value + other.value, "+", outGrad -> {
            this.grad += outGrad;
            other.grad += outGrad;
        }, this, other);
    }

    /**
     * Adds a plain number. The constant becomes a leaf of the graph (so {@link #toDot()} draws
     * it), with a gradient of its own that nothing reads.
     *
     * @param c the constant
     * @return a new node holding {@code this + c}
     */
    public Scalar add(double c) {
        return add(constant(c, "add"));
    }

    /**
     * Subtraction. Local derivatives: 1 for this, -1 for other.
     *
     * @param other the Scalar to subtract
     * @return a new node holding {@code this - other}
     */
    public Scalar sub(Scalar other) {
        requireOperand(other, "sub");
        return new Scalar(value - other.value, "-", outGrad -> {
            this.grad += outGrad;
            other.grad -= outGrad;
        }, this, other);
    }

    /**
     * Subtracts a plain number, which becomes a leaf of the graph. For {@code c - x} write
     * {@code x.neg().add(c)}.
     *
     * @param c the constant
     * @return a new node holding {@code this - c}
     */
    public Scalar sub(double c) {
        return sub(constant(c, "sub"));
    }

    /**
     * Multiplication. Local derivatives: each factor's is the <em>other</em> factor, since
     * {@code d(a*b)/da = b} and {@code d(a*b)/db = a}.
     *
     * @param other the Scalar to multiply by
     * @return a new node holding {@code this * other}
     */
    public Scalar mul(Scalar other) {
        requireOperand(other, "mul");
        return new Scalar(value * other.value, "*", outGrad -> {
            this.grad += other.value * outGrad;
            other.grad += this.value * outGrad;
        }, this, other);
    }

    /**
     * Multiplies by a plain number, which becomes a leaf of the graph.
     *
     * @param c the constant
     * @return a new node holding {@code this * c}
     */
    public Scalar mul(double c) {
        return mul(constant(c, "mul"));
    }

    /**
     * Division. Local derivatives: {@code 1/other} for this and {@code -this/other²} for other.
     *
     * @param other the divisor
     * @return a new node holding {@code this / other}
     * @throws IllegalArgumentException if {@code other} is 0
     */
    public Scalar div(Scalar other) {
        requireOperand(other, "div");
        if (other.value == 0.0) {
            throw new IllegalArgumentException("div: divisor is " + other.value + " (dividing " + value
                    + "); division by zero is undefined");
        }
        return new Scalar(value / other.value, "/", outGrad -> {
            this.grad += outGrad / other.value;
            other.grad -= this.value / (other.value * other.value) * outGrad;
        }, this, other);
    }

    /**
     * Divides by a plain number, which becomes a leaf of the graph. For {@code c / x} write
     * {@code x.pow(-1).mul(c)}.
     *
     * @param c the divisor
     * @return a new node holding {@code this / c}
     * @throws IllegalArgumentException if {@code c} is 0
     */
    public Scalar div(double c) {
        return div(constant(c, "div"));
    }

    /**
     * Negation. Local derivative: -1.
     *
     * @return a new node holding {@code -this}
     */
    public Scalar neg() {
        return new Scalar(-value, "neg", outGrad -> this.grad -= outGrad, this);
    }

    /**
     * Returns {@code this} raised to a constant power. Local derivative (the power rule):
     * {@code exponent * this^(exponent - 1)}. With exponent 0.5 this is a square root, whose slope
     * at 0 is infinite.
     *
     * @param exponent a constant; not a Scalar, so no gradient flows to it
     * @return a new node holding {@code this^exponent}
     * @throws IllegalArgumentException if the result is not a real number (a negative base with a
     *                                  non-integer exponent) or would divide by zero (base 0
     *                                  with a negative exponent)
     */
    public Scalar pow(double exponent) {
        if (Double.isNaN(exponent)) {
            throw new IllegalArgumentException("pow: exponent is NaN (base " + value + ")");
        }
        if (value < 0 && exponent != Math.rint(exponent)) {
            throw new IllegalArgumentException("pow: base " + value + " is negative and exponent " + exponent
                    + " is not an integer; the result would not be a real number");
        }
        if (value == 0.0 && exponent < 0) {
            throw new IllegalArgumentException("pow: base " + value + " with negative exponent " + exponent
                    + " would divide by zero");
        }
        // x^0 is the constant 1: its slope is 0 everywhere, even where x^-1 would blow up.
        double slope = exponent == 0.0 ? 0.0 : exponent * Math.pow(value, exponent - 1);
        return new Scalar(Math.pow(value, exponent), "^" + formatExponent(exponent),
                outGrad -> this.grad += slope * outGrad, this);
    }

    /**
     * The exponential function. Local derivative: {@code e^this} again, the output itself.
     *
     * @return a new node holding {@code e^this}
     */
    public Scalar exp() {
        double out = Math.exp(value);
        return new Scalar(out, "exp", outGrad -> this.grad += out * outGrad, this);
    }

    /**
     * The natural logarithm. Local derivative: {@code 1/this}.
     *
     * @return a new node holding {@code ln(this)}
     * @throws IllegalArgumentException if {@code this} is not positive
     */
    public Scalar log() {
        if (!(value > 0)) {
            throw new IllegalArgumentException("log: input " + value
                    + " is not positive; log is only defined for x > 0");
        }
        return new Scalar(Math.log(value), "log", outGrad -> this.grad += outGrad / value, this);
    }

    /**
     * The hyperbolic tangent, an S-shaped squashing into (-1, 1) and a classic activation
     * function. Local derivative: {@code 1 - tanh²}, which equals {@code 1 / cosh²}.
     *
     * @return a new node holding {@code tanh(this)}
     */
    public Scalar tanh() {
        double out = Math.tanh(value);
        // Where tanh is close to ±1 the subtraction in 1 - tanh² cancels nearly all the digits
        // (and gives exactly 0 once tanh rounds to 1), so the same slope is computed as 1/cosh²,
        // dividing by cosh twice: cosh² overflows for |x| > 355, cosh itself only past 710.
        // Tensor.tanh computes the same formula.
        double cosh = Math.cosh(value);
        double slope = 1 / cosh / cosh;
        return new Scalar(out, "tanh", outGrad -> this.grad += slope * outGrad, this);
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + e^-this)}, an S-shaped squashing into (0, 1), often
     * read as a probability. Local derivative: {@code sigmoid(x) * (1 - sigmoid(x))}, and
     * {@code 1 - sigmoid(x)} is {@code sigmoid(-x)}.
     *
     * @return a new node holding {@code sigmoid(this)}
     */
    public Scalar sigmoid() {
        double out = logistic(value);
        // sigmoid(-x) rather than 1 - out: for large x, out rounds towards 1 and 1 - out would
        // keep few correct digits.
        double slope = out * logistic(-value);
        return new Scalar(out, "sigmoid", outGrad -> this.grad += slope * outGrad, this);
    }

    /**
     * The rectified linear unit {@code max(0, this)}, the most common activation in deep
     * networks. Local derivative: 1 where the input is positive, 0 elsewhere (at exactly 0 the
     * slope is undefined; 0 is the usual choice).
     *
     * @return a new node holding {@code max(0, this)}
     */
    public Scalar relu() {
        double slope = value > 0 ? 1.0 : 0.0;
        // value <= 0 rather than value > 0 picks the branch, so a NaN stays NaN (as in Tensor.relu)
        return new Scalar(value <= 0 ? 0.0 : value, "relu", outGrad -> this.grad += slope * outGrad, this);
    }

    // ---------------------------------------------------------------- backpropagation

    /**
     * Backpropagation: adds the derivative of this Scalar with respect to every node of its graph
     * to that node's {@link #grad()}, this Scalar's own included ({@code d this/d this = 1}).
     *
     * <p>Gradients <strong>accumulate</strong>. Calling {@code backward()} twice adds every
     * derivative twice, and a second root that shares inputs with the first adds its own
     * derivatives on top, which is what a sum of losses needs. Call {@link #zeroGrad()} to
     * start from zero.
     *
     * <p>How: the nodes are put in {@link TopologicalOrder} (inputs first) and visited in
     * reverse, each passing its gradient to its parents through its operation's local derivative.
     * So that a repeated call adds exactly one more derivative (rather than pushing the gradients
     * left over from the first call through the graph a second time), each pass starts the graph
     * from zero, seeds this Scalar's grad with 1, propagates, and then adds the earlier grads back.
     * The walk uses no recursion, so graphs with millions of nodes are fine.
     */
    public void backward() {
        List<Scalar> order = inOrder();
        double[] earlier = new double[order.size()];
        for (int i = 0; i < earlier.length; i++) {
            Scalar node = order.get(i);
            earlier[i] = node.grad;
            node.grad = 0.0;
        }
        this.grad = 1.0;
        for (int i = order.size() - 1; i >= 0; i--) {
            Scalar node = order.get(i);
            node.localBackward.propagate(node.grad);
        }
        for (int i = 0; i < earlier.length; i++) {
            order.get(i).grad += earlier[i];
        }
    }

    /**
     * Sets the gradient of this Scalar and of every node it was computed from back to 0.
     * Like {@link #backward()}, it walks the graph without recursion.
     */
    public void zeroGrad() {
        for (Scalar node : inOrder()) {
            node.grad = 0.0;
        }
    }

    /**
     * The nodes of this Scalar's graph in {@link TopologicalOrder}: every node after all of its
     * parents, this one last. It is the same depth-first search with a stack of its own, with one
     * change that matters for speed: "have we met this node?" is a mark on the node, not a lookup
     * in an identity set. A walk makes a fresh mark object and stamps each node it meets with it,
     * so no node needs clearing afterwards, and a stamp left by an earlier walk is simply not this
     * walk's. (A Scalar graph cannot have a cycle, since a Scalar's parents exist before it does,
     * so the search needs no check for one.)
     */
    private List<Scalar> inOrder() {
        Object walk = new Object();
        List<Scalar> order = new ArrayList<>();
        Deque<Scalar> stack = new ArrayDeque<>();
        this.seenBy = walk;
        stack.push(this);
        while (!stack.isEmpty()) {
            Scalar top = stack.peek();
            Scalar unseenParent = null;
            if (top.first != null && top.first.seenBy != walk) {
                unseenParent = top.first;
            } else if (top.second != null && top.second.seenBy != walk) {
                unseenParent = top.second;
            }
            if (unseenParent != null) {
                unseenParent.seenBy = walk;
                stack.push(unseenParent);
            } else {
                stack.pop();
                order.add(top); // all its parents are placed
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- showing a Scalar

    /**
     * Draws the graph that computed this Scalar as Graphviz DOT text, left to right: one box per
     * Scalar showing its label (if any), value and gradient to 4 decimals, and a small oval per
     * operation between its inputs and its output. Render it with
     * {@code dot -Tsvg graph.dot -o graph.svg}.
     *
     * @return DOT text starting with {@code digraph}
     */
    public String toDot() {
        return ScalarPicture.toDot(this);
    }

    /**
     * Shows this node alone, e.g. {@code Scalar(value=2.0000, grad=0.0000)}, with
     * {@code , label=x} before the closing parenthesis when it has a label. It never walks
     * the graph, so it is cheap even for huge graphs.
     */
    @Override
    public String toString() {
        String suffix = label.isEmpty() ? "" : ", label=" + label;
        return "Scalar(value=" + fourDecimals(value) + ", grad=" + fourDecimals(grad) + suffix + ")";
    }

    // ---------------------------------------------------------------- helpers

    /** {@code 1 / (1 + e^-x)}, in one of two equal forms chosen so that {@code exp} cannot overflow. */
    private static double logistic(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    static String fourDecimals(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    /** {@code 2.0} reads better as {@code ^2} in a picture; {@code 0.5} stays {@code ^0.5}. */
    private static String formatExponent(double exponent) {
        boolean whole = exponent == Math.rint(exponent) && Math.abs(exponent) < 1e15;
        return whole ? Long.toString((long) exponent) : Double.toString(exponent);
    }

    private static Scalar requireOperand(Scalar operand, String op) {
        if (operand == null) {
            throw new NullPointerException(op + ": the other operand is null");
        }
        return operand;
    }

    private static Scalar constant(double c, String op) {
        if (Double.isNaN(c)) {
            throw new IllegalArgumentException(op + ": the constant is NaN");
        }
        return of(c);
    }
}
