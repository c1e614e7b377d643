package dev.gradbook.exercises.scalar;

import dev.gradbook.exercises.grading.Todo;

import java.util.List;
import java.util.Objects;

/**
 * Your own scalar autodiff engine, in the style of Karpathy's micrograd: one number that
 * remembers the numbers it was computed from, and how to pass a gradient back to them.
 *
 * <p>Every operation makes a new {@code Value} (its <em>output</em>) whose parents are its
 * inputs, and gives that output a {@code localBackward}: the few lines of the chain rule that add
 * {@code output.grad * d(output)/d(input)} to each input's grad. For {@code a * b} that is
 *
 * <pre>{@code
 * Value out = new Value(this.data * other.data, "*", this, other);
 * out.localBackward = () -> {
 *     this.grad += other.data * out.grad;   // d(a*b)/da = b
 *     other.grad += this.data * out.grad;   // d(a*b)/db = a
 * };
 * return out;
 * }</pre>
 *
 * Always {@code +=}: a value used twice receives a contribution from each use.
 *
 * <p>gradbook's {@link dev.gradbook.autograd.Scalar} is the finished version of this class; the
 * graders compare your answers with it. Read it once you have written yours.
 *
 * <h2>Tasks</h2>
 * <ul>
 *   <li>ex1.1 {@link #add}, {@link #mul}, {@link #sub}, {@link #neg}</li>
 *   <li>ex1.2 {@link #div}, {@link #pow}, {@link #exp}, {@link #log}</li>
 *   <li>ex1.3 {@link #tanh}, {@link #sigmoid}, {@link #relu}</li>
 *   <li>ex2.2 {@link #backward()} and {@link #zeroGrad()} (using your {@link GraphOrder}, ex2.1)</li>
 * </ul>
 */
public final class Value {

    private final double data;
    private double grad;
    private final String op;
    private final List<Value> parents;
    /** Passes this node's grad on to its parents; a leaf has nothing to pass it to. */
    private Runnable localBackward = () -> { };

    private Value(double data, String op, Value... parents) {
        this.data = data;
        this.op = op;
        this.parents = List.of(parents);
    }

    /** A leaf: an input or a parameter, with gradient 0. */
    public static Value of(double data) {
        return new Value(data, "");
    }

    /** The number this node holds; it never changes. */
    public double data() {
        return data;
    }

    /** The gradient accumulated so far. */
    public double grad() {
        return grad;
    }

    /** Sets the gradient; {@link #backward()} starts by setting the root's to 1. */
    public void setGrad(double grad) {
        this.grad = grad;
    }

    /** The operation that made this node ({@code "+"}, {@code "tanh"}, ...), {@code ""} for a leaf. */
    public String op() {
        return op;
    }

    /** The inputs this node was computed from; {@code a.add(a)} lists {@code a} twice. */
    public List<Value> parents() {
        return parents;
    }

    /**
     * One application of the chain rule: adds this node's grad times its local derivatives to
     * its parents' grads. {@link #backward()} calls it for every node, outputs before inputs.
     */
    public void backwardLocal() {
        localBackward.run();
    }

    @Override
    public String toString() {
        return "Value(data=" + data + ", grad=" + grad + (op.isEmpty() ? "" : ", op=" + op) + ")";
    }

    // ---------------------------------------------------------------- ex1.1

    /**
     * {@code this + other}; both local derivatives are 1.
     *
     * @throws NullPointerException if {@code other} is null
     */
    public Value add(Value other) {
        Objects.requireNonNull(other, "Value.add: other is null");
        // BEGIN SOLUTION ex1.1
        Value out = new Value(data + other.data, "+", this, other);
        out.localBackward = () -> {
            this.grad += out.grad;
            other.grad += out.grad;
        };
        return out;
        // END SOLUTION
    }

    /**
     * {@code this * other}; each factor's local derivative is the other factor.
     *
     * @throws NullPointerException if {@code other} is null
     */
    public Value mul(Value other) {
        Objects.requireNonNull(other, "Value.mul: other is null");
        // BEGIN SOLUTION ex1.1
        Value out = new Value(data * other.data, "*", this, other);
        out.localBackward = () -> {
            this.grad += other.data * out.grad;
            other.grad += this.data * out.grad;
        };
        return out;
        // END SOLUTION
    }

    /**
     * {@code this - other}; local derivatives 1 and -1.
     *
     * @throws NullPointerException if {@code other} is null
     */
    public Value sub(Value other) {
        Objects.requireNonNull(other, "Value.sub: other is null");
        // BEGIN SOLUTION ex1.1
        Value out = new Value(data - other.data, "-", this, other);
        out.localBackward = () -> {
            this.grad += out.grad;
            other.grad -= out.grad;
        };
        return out;
        // END SOLUTION
    }

    /** {@code -this}; local derivative -1. */
    public Value neg() {
        // BEGIN SOLUTION ex1.1
        Value out = new Value(-data, "neg", this);
        out.localBackward = () -> this.grad -= out.grad;
        return out;
        // END SOLUTION
    }

    /** {@code this + c}: the constant becomes a leaf. */
    public Value add(double c) {
        return add(of(c));
    }

    /** {@code this * c}: the constant becomes a leaf. */
    public Value mul(double c) {
        return mul(of(c));
    }

    /** {@code this - c}: the constant becomes a leaf. */
    public Value sub(double c) {
        return sub(of(c));
    }

    // ---------------------------------------------------------------- ex1.2

    /**
     * {@code this / other}; local derivatives {@code 1/other} and {@code -this/other²}.
     *
     * @throws NullPointerException if {@code other} is null
     * @throws IllegalArgumentException when {@code other} is 0, naming both numbers
     */
    public Value div(Value other) {
        Objects.requireNonNull(other, "Value.div: other is null");
        // BEGIN SOLUTION ex1.2
        if (other.data == 0.0) {
            throw new IllegalArgumentException("div: dividing " + data + " by 0");
        }
        Value out = new Value(data / other.data, "/", this, other);
        out.localBackward = () -> {
            this.grad += out.grad / other.data;
            other.grad -= data / (other.data * other.data) * out.grad;
        };
        return out;
        // END SOLUTION
    }

    /**
     * {@code this} to a constant power; local derivative {@code exponent * this^(exponent-1)}
     * (and 0 for exponent 0). Only positive bases are asked for in the graders, except whole
     * exponents, which work for any base.
     */
    public Value pow(double exponent) {
        // BEGIN SOLUTION ex1.2
        double slope = exponent == 0.0 ? 0.0 : exponent * Math.pow(data, exponent - 1);
        Value out = new Value(Math.pow(data, exponent), "^" + exponent, this);
        out.localBackward = () -> this.grad += slope * out.grad;
        return out;
        // END SOLUTION
    }

    /** {@code e^this}; the local derivative is the output itself. */
    public Value exp() {
        // BEGIN SOLUTION ex1.2
        Value out = new Value(Math.exp(data), "exp", this);
        out.localBackward = () -> this.grad += out.data * out.grad;
        return out;
        // END SOLUTION
    }

    /**
     * The natural logarithm; local derivative {@code 1/this}.
     *
     * @throws IllegalArgumentException when {@code this} is not positive, naming the number
     */
    public Value log() {
        // BEGIN SOLUTION ex1.2
        if (!(data > 0)) {
            throw new IllegalArgumentException("log: input " + data + " is not positive");
        }
        Value out = new Value(Math.log(data), "log", this);
        out.localBackward = () -> this.grad += out.grad / data;
        return out;
        // END SOLUTION
    }

    // ---------------------------------------------------------------- ex1.3

    /** {@code tanh(this)}; local derivative {@code 1 - tanh²}. */
    public Value tanh() {
        // BEGIN SOLUTION ex1.3
        double t = Math.tanh(data);
        Value out = new Value(t, "tanh", this);
        out.localBackward = () -> this.grad += (1 - t * t) * out.grad;
        return out;
        // END SOLUTION
    }

    /** {@code 1 / (1 + e^-this)}; local derivative {@code s * (1 - s)}. Must not overflow for large |x|. */
    public Value sigmoid() {
        // BEGIN SOLUTION ex1.3
        double s = data >= 0 ? 1 / (1 + Math.exp(-data)) : Math.exp(data) / (1 + Math.exp(data));
        Value out = new Value(s, "sigmoid", this);
        out.localBackward = () -> this.grad += s * (1 - s) * out.grad;
        return out;
        // END SOLUTION
    }

    /** {@code max(0, this)}; local derivative 1 for a positive input, else 0. */
    public Value relu() {
        // BEGIN SOLUTION ex1.3
        Value out = new Value(data > 0 ? data : 0.0, "relu", this);
        out.localBackward = () -> this.grad += (data > 0 ? out.grad : 0.0);
        return out;
        // END SOLUTION
    }

    // ---------------------------------------------------------------- ex2.2

    /**
     * Backpropagation: adds d(this)/d(node) to the grad of every node of this graph, this one
     * included (d(this)/d(this) = 1).
     *
     * <p>Gradients accumulate, as in gradbook's {@code Scalar}: a second call adds every
     * derivative once more, and the backward of a second root that shares nodes with the first
     * adds its own derivatives on top. The trap: the grads left in the shared nodes by the first
     * call must not be pushed through the graph a second time.
     */
    public void backward() {
        // BEGIN SOLUTION ex2.2
        List<Value> order = GraphOrder.of(this);
        double[] earlier = new double[order.size()];
        for (int i = 0; i < earlier.length; i++) {
            earlier[i] = order.get(i).grad;
            order.get(i).grad = 0.0;
        }
        this.grad = 1.0;
        for (int i = order.size() - 1; i >= 0; i--) {
            order.get(i).backwardLocal();
        }
        for (int i = 0; i < earlier.length; i++) {
            order.get(i).grad += earlier[i];
        }
        // END SOLUTION
    }

    /** Sets the grad of this node and of every node it was computed from back to 0. */
    public void zeroGrad() {
        // BEGIN SOLUTION ex2.2
        for (Value node : GraphOrder.of(this)) {
            node.grad = 0.0;
        }
        // END SOLUTION
    }
}
