package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.UpdateRule;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.naive.NaiveBackend;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The comparisons the conformance kit is made of: each method runs one primitive on the backend
 * under test (the <em>candidate</em>) and on the {@link NaiveBackend} (the <em>reference</em>),
 * on the same numbers in the same layout, and throws an {@link AssertionError} naming the
 * operation, dtype, shape, layout, seed and first differing element when the results disagree
 * beyond the {@link Tolerance}.
 *
 * <p>Every check also verifies that the candidate left its inputs untouched.
 *
 * <p>{@link BackendConformanceKit} calls these for a grid of ops, shapes and layouts. They are
 * public so that you can run a single case while debugging a backend, e.g.
 * {@code new ConformanceChecks(myBackend).map(UnaryOp.EXP, DType.F32, new int[] {17, 33},
 * Layout.TRANSPOSED, 42)}.
 */
public final class ConformanceChecks {
    private final TensorBackend candidate;
    private final TensorBackend reference = new NaiveBackend();

    /** Checks for {@code candidate} against the naive reference backend. */
    public ConformanceChecks(TensorBackend candidate) {
        Objects.requireNonNull(candidate, "ConformanceChecks: candidate is null");
        this.candidate = candidate;
    }

    /**
     * One tensor built twice, with the same numbers in the same layout: once on the candidate's
     * storage, once on the reference's.
     */
    record Operand(View candidate, View reference, Layout.Placement placement) {
    }

    // ------------------------------------------------------------------------------------------
    // The primitives
    // ------------------------------------------------------------------------------------------

    /** {@code allocate} returns zeroed storage of the requested dtype and size that holds numbers. */
    public void allocate(DType dtype, int size) {
        Objects.requireNonNull(dtype, "ConformanceChecks.allocate: dtype is null");
        String context = "allocate(" + dtype + ", " + size + ")";
        Storage storage = candidate.allocate(dtype, size);
        assertEquals(dtype, storage.dtype(), context + ": dtype of the new storage");
        assertEquals(size, storage.size(), context + ": size of the new storage");
        for (int i = 0; i < size; i++) {
            if (storage.get(i) != 0.0) {
                fail(context + ": element " + i + " is " + storage.get(i) + "; fresh storage must be all zeros");
            }
        }
        if (size > 0) {
            double third = 1.0 / 3.0;
            storage.set(size - 1, third);
            double expected = dtype == DType.F64 ? third : (float) third;
            assertEquals(expected, storage.get(size - 1),
                    context + ": set then get of 1/3 must round to the dtype and read back the same number");
        }
    }

    /** {@code map(op)} on a seeded random input of {@code shape} in {@code layout}. */
    public void map(UnaryOp op, DType dtype, int[] shape, Layout layout, long seed) {
        Objects.requireNonNull(op, "ConformanceChecks.map: op is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.map: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.map: shape is null");
        Objects.requireNonNull(layout, "ConformanceChecks.map: layout is null");
        RandomGenerator rng = new SplittableRandom(seed);
        Operand in = operand(dtype, shape, layout, Values.forOp(op), rng);
        String context = "map " + op + " " + dtype + " shape " + View.str(shape) + ", input " + layout
                + " (" + in.placement() + "), seed " + seed;
        runMap(context, op, dtype, in, shape);
    }

    /** {@code map(op)} on exactly these values (e.g. {@link Values#special()}), as a vector. */
    public void mapValues(UnaryOp op, DType dtype, double[] values) {
        Objects.requireNonNull(op, "ConformanceChecks.mapValues: op is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.mapValues: dtype is null");
        Objects.requireNonNull(values, "ConformanceChecks.mapValues: values is null");
        Operand in = vector(dtype, values);
        runMap("map " + op + " " + dtype + " on " + Arrays.toString(values), op, dtype, in,
                new int[] {values.length});
    }

    private void runMap(String context, UnaryOp op, DType dtype, Operand in, int[] shape) {
        Operand out = output(dtype, shape);
        reference.map(op, in.reference(), out.reference());
        candidate.map(op, in.candidate(), out.candidate());
        compareElementwise(context, dtype, out);
        assertInputUnchanged(context, in);
    }

    /** {@code zip(op)} on two seeded random inputs of {@code shape} in the given layouts. */
    public void zip(BinaryOp op, DType dtype, int[] shape, Layout aLayout, Layout bLayout, long seed) {
        Objects.requireNonNull(op, "ConformanceChecks.zip: op is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.zip: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.zip: shape is null");
        Objects.requireNonNull(aLayout, "ConformanceChecks.zip: aLayout is null");
        Objects.requireNonNull(bLayout, "ConformanceChecks.zip: bLayout is null");
        RandomGenerator rng = new SplittableRandom(seed);
        Operand a = operand(dtype, shape, aLayout, Values.forOp(op), rng);
        Operand b = operand(dtype, shape, bLayout, Values.forOp(op), rng);
        String context = "zip " + op + " " + dtype + " shape " + View.str(shape) + ", a " + aLayout + " ("
                + a.placement() + "), b " + bLayout + " (" + b.placement() + "), seed " + seed;
        runZip(context, op, dtype, a, b, shape);
    }

    /**
     * {@code zip(op)} on every pair of {@code values}: the result is the {@code n × n} table of
     * {@code op(values[i], values[j])}, computed from a column and a row each broadcast with stride 0.
     */
    public void zipTable(BinaryOp op, DType dtype, double[] values) {
        Objects.requireNonNull(op, "ConformanceChecks.zipTable: op is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.zipTable: dtype is null");
        Objects.requireNonNull(values, "ConformanceChecks.zipTable: values is null");
        int n = values.length;
        Operand column = vector(dtype, values);
        int[] shape = {n, n};
        Operand a = new Operand(
                new View(column.candidate().storage(), shape, new int[] {1, 0}, 0),
                new View(column.reference().storage(), shape, new int[] {1, 0}, 0), column.placement());
        Operand b = new Operand(
                new View(column.candidate().storage(), shape, new int[] {0, 1}, 0),
                new View(column.reference().storage(), shape, new int[] {0, 1}, 0), column.placement());
        runZip("zip " + op + " " + dtype + " on every pair of " + Arrays.toString(values), op, dtype, a, b, shape);
    }

    private void runZip(String context, BinaryOp op, DType dtype, Operand a, Operand b, int[] shape) {
        Operand out = output(dtype, shape);
        reference.zip(op, a.reference(), b.reference(), out.reference());
        candidate.zip(op, a.candidate(), b.candidate(), out.candidate());
        compareElementwise(context, dtype, out);
        assertInputUnchanged(context + " (input a)", a);
        assertInputUnchanged(context + " (input b)", b);
    }

    /**
     * {@code map(op, x, x)}: the output is exactly the input view, in a writable {@code layout}
     * (the exact aliasing the SPI allows; see {@code TensorBackend}). The expected storage is the
     * reference computed out of place and copied into the view: inside the view the results, within
     * the tolerance; outside it the storage's old numbers, untouched.
     */
    public void mapInPlace(UnaryOp op, DType dtype, int[] shape, Layout layout, long seed) {
        Objects.requireNonNull(op, "ConformanceChecks.mapInPlace: op is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.mapInPlace: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.mapInPlace: shape is null");
        Objects.requireNonNull(layout, "ConformanceChecks.mapInPlace: layout is null");
        requireWritable(layout);
        RandomGenerator rng = new SplittableRandom(seed);
        Operand x = operand(dtype, shape, layout, Values.forOp(op), rng);
        String context = "map " + op + " in place (out == in) " + dtype + " shape " + View.str(shape) + ", "
                + layout + " (" + x.placement() + "), seed " + seed;
        View expected = freshReference(dtype, shape);
        reference.map(op, x.reference(), expected);
        reference.copy(expected, x.reference());
        candidate.map(op, x.candidate(), x.candidate());
        compareInPlace(context, dtype, x);
    }

    /** Which operand of {@code zip} the output is the same view as. */
    public enum Alias {
        /** {@code zip(op, x, b, x)}: {@code x ← op(x, b)}, as in {@code w.subInPlace(step)}. */
        A("out == a"),
        /** {@code zip(op, a, x, x)}: {@code x ← op(a, x)}. */
        B("out == b"),
        /** {@code zip(op, x, x, x)}: {@code x ← op(x, x)}, as in {@code g.mulInPlace(g)}. */
        BOTH("out == a == b");

        private final String description;

        Alias(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * {@code zip(op)} whose output is exactly one operand (or both), that operand in a writable
     * {@code layout} and the other, separate one in {@code otherLayout} (broadcast included).
     * Compared as in {@link #mapInPlace}; the separate operand must be left unchanged.
     */
    public void zipInPlace(BinaryOp op, DType dtype, int[] shape, Alias alias, Layout layout, Layout otherLayout,
                           long seed) {
        Objects.requireNonNull(op, "ConformanceChecks.zipInPlace: op is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.zipInPlace: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.zipInPlace: shape is null");
        Objects.requireNonNull(alias, "ConformanceChecks.zipInPlace: alias is null");
        Objects.requireNonNull(layout, "ConformanceChecks.zipInPlace: layout is null");
        Objects.requireNonNull(otherLayout, "ConformanceChecks.zipInPlace: otherLayout is null");
        requireWritable(layout);
        RandomGenerator rng = new SplittableRandom(seed);
        Operand x = operand(dtype, shape, layout, Values.forOp(op), rng);
        Operand other = alias == Alias.BOTH ? x : operand(dtype, shape, otherLayout, Values.forOp(op), rng);
        Operand a = alias == Alias.B ? other : x;
        Operand b = alias == Alias.A ? other : x;
        String context = "zip " + op + " in place (" + alias + ") " + dtype + " shape " + View.str(shape)
                + ", out " + layout + " (" + x.placement() + ")"
                + (alias == Alias.BOTH ? "" : ", other operand " + otherLayout + " (" + other.placement() + ")")
                + ", seed " + seed;
        View expected = freshReference(dtype, shape);
        reference.zip(op, a.reference(), b.reference(), expected);
        reference.copy(expected, x.reference());
        candidate.zip(op, a.candidate(), b.candidate(), x.candidate());
        compareInPlace(context, dtype, x);
        if (alias != Alias.BOTH) {
            assertInputUnchanged(context + " (the other operand)", other);
        }
    }

    /** {@code reduce(op)} along {@code dim} of a seeded random input of {@code shape} in {@code layout}. */
    public void reduce(ReduceOp op, DType dtype, int[] shape, int dim, Layout layout, long seed) {
        Objects.requireNonNull(op, "ConformanceChecks.reduce: op is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.reduce: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.reduce: shape is null");
        Objects.requireNonNull(layout, "ConformanceChecks.reduce: layout is null");
        RandomGenerator rng = new SplittableRandom(seed);
        Operand in = operand(dtype, shape, layout, Values.GENERAL, rng);
        String context = "reduce " + op + " along dim " + dim + ", " + dtype + " shape " + View.str(shape)
                + ", input " + layout + " (" + in.placement() + "), seed " + seed;
        int[] outShape = shape.clone();
        outShape[dim] = 1;
        Operand out = output(dtype, outShape);
        reference.reduce(op, in.reference(), dim, out.reference());
        candidate.reduce(op, in.candidate(), dim, out.candidate());
        View magnitude = null;
        if (op == ReduceOp.SUM) {
            // Σ|x| along the same line: the scale of the rounding error (see Tolerance).
            View abs = freshReference(dtype, shape);
            reference.map(UnaryOp.ABS, in.reference(), abs);
            magnitude = freshReference(dtype, outShape);
            reference.reduce(ReduceOp.SUM, abs, dim, magnitude);
        }
        compare(context, dtype, out, magnitude);
        assertInputUnchanged(context, in);
    }

    /**
     * {@code matmul} of {@code [batch..., m, k] @ [batch..., k, n]} with seeded random operands.
     * A "shared" operand is one {@code m × k} (or {@code k × n}) matrix in the given layout,
     * broadcast over the batch dims with stride 0 — what the engine passes for
     * {@code [8, m, k] @ [k, n]}.
     */
    public void matmul(DType dtype, int[] batch, int m, int k, int n, Layout aLayout, Layout bLayout,
                       boolean aShared, boolean bShared, long seed) {
        Objects.requireNonNull(dtype, "ConformanceChecks.matmul: dtype is null");
        Objects.requireNonNull(batch, "ConformanceChecks.matmul: batch is null");
        Objects.requireNonNull(aLayout, "ConformanceChecks.matmul: aLayout is null");
        Objects.requireNonNull(bLayout, "ConformanceChecks.matmul: bLayout is null");
        RandomGenerator rng = new SplittableRandom(seed);
        Operand a = batchOperand(dtype, batch, m, k, aLayout, aShared, rng);
        Operand b = batchOperand(dtype, batch, k, n, bLayout, bShared, rng);
        String context = "matmul " + dtype + " " + View.str(batch) + " batch of " + m + "×" + k + " @ " + k
                + "×" + n + ", a " + aLayout + (aShared ? " shared across the batch" : "") + " ("
                + a.placement() + "), b " + bLayout + (bShared ? " shared across the batch" : "") + " ("
                + b.placement() + "), seed " + seed;
        int[] outShape = withMatrix(batch, m, n);
        Operand out = output(dtype, outShape);
        reference.matmul(a.reference(), b.reference(), out.reference());
        candidate.matmul(a.candidate(), b.candidate(), out.candidate());
        // Σ_p |a_ip|·|b_pj|: the scale of each dot product's rounding error (see Tolerance).
        View absA = freshReference(dtype, a.reference().shape());
        View absB = freshReference(dtype, b.reference().shape());
        reference.map(UnaryOp.ABS, a.reference(), absA);
        reference.map(UnaryOp.ABS, b.reference(), absB);
        View magnitude = freshReference(dtype, outShape);
        reference.matmul(absA, absB, magnitude);
        compare(context, dtype, out, magnitude);
        assertInputUnchanged(context + " (input a)", a);
        assertInputUnchanged(context + " (input b)", b);
    }

    /**
     * {@code copy} from an input in {@code inLayout} into an output in {@code outLayout}. The
     * output's storage starts full of random numbers; afterwards the positions inside the output
     * view must hold the input and every other position must be untouched. Nothing is computed, so
     * the comparison is exact.
     */
    public void copy(DType dtype, int[] shape, Layout inLayout, Layout outLayout, long seed) {
        Objects.requireNonNull(dtype, "ConformanceChecks.copy: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.copy: shape is null");
        Objects.requireNonNull(inLayout, "ConformanceChecks.copy: inLayout is null");
        Objects.requireNonNull(outLayout, "ConformanceChecks.copy: outLayout is null");
        requireWritable(outLayout);
        RandomGenerator rng = new SplittableRandom(seed);
        Operand in = operand(dtype, shape, inLayout, Values.GENERAL, rng);
        Operand out = operand(dtype, shape, outLayout, Values.GENERAL, rng);
        String context = "copy " + dtype + " shape " + View.str(shape) + " from " + inLayout + " (" + in.placement()
                + ") into " + outLayout + " (" + out.placement() + "), seed " + seed;
        reference.copy(in.reference(), out.reference());
        candidate.copy(in.candidate(), out.candidate());
        compareWholeStorage(context, out);
        assertInputUnchanged(context, in);
    }

    /**
     * {@code fill} of an output view in {@code outLayout} whose storage starts full of random
     * numbers: the view's positions must hold {@code value} (rounded to the dtype), the others must
     * be untouched. Exact.
     */
    public void fill(DType dtype, int[] shape, Layout outLayout, double value, long seed) {
        Objects.requireNonNull(dtype, "ConformanceChecks.fill: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.fill: shape is null");
        Objects.requireNonNull(outLayout, "ConformanceChecks.fill: outLayout is null");
        requireWritable(outLayout);
        RandomGenerator rng = new SplittableRandom(seed);
        Operand out = operand(dtype, shape, outLayout, Values.GENERAL, rng);
        String context = "fill " + dtype + " shape " + View.str(shape) + " with " + value + ", output " + outLayout
                + " (" + out.placement() + "), seed " + seed;
        reference.fill(out.reference(), value);
        candidate.fill(out.candidate(), value);
        compareWholeStorage(context, out);
    }

    // ------------------------------------------------------------------------------------------
    // Building operands
    // ------------------------------------------------------------------------------------------

    /**
     * A tensor of {@code shape} in {@code layout}: storage allocated by each backend, every
     * position of it (also those outside the view) filled with the same random numbers.
     */
    Operand operand(DType dtype, int[] shape, Layout layout, Values values, RandomGenerator rng) {
        Layout.Placement placement = layout.place(shape, rng);
        Storage candidateStorage = candidate.allocate(dtype, placement.storageSize());
        Storage referenceStorage = reference.allocate(dtype, placement.storageSize());
        for (int i = 0; i < placement.storageSize(); i++) {
            candidateStorage.set(i, values.next(rng));
            referenceStorage.set(i, candidateStorage.get(i)); // exactly the same, already rounded
        }
        return new Operand(
                new View(candidateStorage, shape.clone(), placement.strides(), placement.offset()),
                new View(referenceStorage, shape.clone(), placement.strides().clone(), placement.offset()),
                placement);
    }

    /** A contiguous vector holding {@code values}. */
    private Operand vector(DType dtype, double[] values) {
        Storage candidateStorage = candidate.allocate(dtype, values.length);
        Storage referenceStorage = reference.allocate(dtype, values.length);
        for (int i = 0; i < values.length; i++) {
            candidateStorage.set(i, values[i]);
            referenceStorage.set(i, values[i]);
        }
        return new Operand(View.contiguous(candidateStorage, values.length),
                View.contiguous(referenceStorage, values.length),
                new Layout.Placement(values.length, new int[] {1}, 0));
    }

    /** {@code [batch..., rows, cols]}, or one {@code rows × cols} matrix broadcast over the batch. */
    private Operand batchOperand(DType dtype, int[] batch, int rows, int cols, Layout layout, boolean shared,
                                 RandomGenerator rng) {
        if (!shared) {
            return operand(dtype, withMatrix(batch, rows, cols), layout, Values.GENERAL, rng);
        }
        Operand matrix = operand(dtype, new int[] {rows, cols}, layout, Values.GENERAL, rng);
        return new Operand(expandBatch(matrix.candidate(), batch), expandBatch(matrix.reference(), batch),
                matrix.placement());
    }

    private static View expandBatch(View matrix, int[] batch) {
        int[] strides = new int[batch.length + 2]; // batch strides 0: every batch reads the same matrix
        strides[batch.length] = matrix.strides()[0];
        strides[batch.length + 1] = matrix.strides()[1];
        return new View(matrix.storage(), withMatrix(batch, matrix.shape()[0], matrix.shape()[1]), strides,
                matrix.offset());
    }

    private static int[] withMatrix(int[] batch, int rows, int cols) {
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = rows;
        shape[batch.length + 1] = cols;
        return shape;
    }

    /** A fresh contiguous output on each backend, as the engine would allocate it. */
    /**
     * An output for one call, full of NaN: a primitive must overwrite every element and never read
     * what was there (the engine may hand it an array of an earlier training step), so a backend
     * that adds into its output, or skips elements it thinks are already zero, fails the check.
     */
    private Operand output(DType dtype, int[] shape) {
        int size = View.numel(shape);
        Storage candidateOut = candidate.allocate(dtype, size);
        Storage referenceOut = reference.allocate(dtype, size);
        for (int i = 0; i < size; i++) {
            candidateOut.set(i, Double.NaN);
            referenceOut.set(i, Double.NaN);
        }
        return new Operand(View.contiguous(candidateOut, shape.clone()), View.contiguous(referenceOut, shape.clone()),
                new Layout.Placement(size, View.contiguousStrides(shape), 0));
    }

    private View freshReference(DType dtype, int[] shape) {
        return View.contiguous(reference.allocate(dtype, View.numel(shape)), shape.clone());
    }

    private static void requireWritable(Layout layout) {
        if (!layout.writable()) {
            throw new IllegalArgumentException(layout + " views cannot be written to; choose a writable layout");
        }
    }

    /**
     * {@code gather} along {@code dim} of a seeded random input in {@code layout}, with
     * {@code count} random indices (repeats likely) into a fresh output. Nothing is computed, so
     * the comparison is exact.
     */
    public void gather(DType dtype, int[] shape, int dim, Layout layout, int count, long seed) {
        Objects.requireNonNull(dtype, "ConformanceChecks.gather: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.gather: shape is null");
        Objects.requireNonNull(layout, "ConformanceChecks.gather: layout is null");
        RandomGenerator rng = new SplittableRandom(seed);
        Operand in = operand(dtype, shape, layout, Values.GENERAL, rng);
        int[] index = new int[shape[dim] == 0 ? 0 : count];
        for (int i = 0; i < index.length; i++) {
            index[i] = rng.nextInt(shape[dim]);
        }
        int[] outShape = shape.clone();
        outShape[dim] = index.length;
        String context = "gather " + dtype + " shape " + View.str(shape) + " along dim " + dim + ", indices "
                + Arrays.toString(index) + ", input " + layout + " (" + in.placement() + "), seed " + seed;
        Operand out = output(dtype, outShape);
        reference.gather(in.reference(), dim, index.clone(), out.reference());
        candidate.gather(in.candidate(), dim, index.clone(), out.candidate());
        compare(context, dtype, out, null);
        for (int p = 0; p < out.reference().storage().size(); p++) {
            if (!Tolerance.close(out.reference().storage().get(p), out.candidate().storage().get(p), 0.0)) {
                fail(context + ": position " + p + " holds " + out.candidate().storage().get(p) + " but should hold "
                        + out.reference().storage().get(p) + " (a gather copies, so it must be exact)");
            }
        }
        assertInputUnchanged(context, in);
    }

    /**
     * {@code update(rule)}: one optimizer step on a seeded random parameter, gradient and state, the
     * parameter and states in a writable {@code layout}, the gradient in {@code gradLayout}
     * (broadcast included), with random hyperparameters of the sizes optimizers use. The reference
     * is the naive backend, whose {@code update} is the SPI's default, {@link UpdateRule#apply}
     * element by element. Each written element is compared relative to the size of the terms of its
     * update ({@code |old| + |new| + |g| + g²}): an F32 kernel rounds every intermediate to float,
     * and a weight that nearly cancels must not fail a relative test for that.
     */
    public void update(UpdateRule rule, DType dtype, int[] shape, Layout layout, Layout gradLayout, long seed) {
        Objects.requireNonNull(rule, "ConformanceChecks.update: rule is null");
        Objects.requireNonNull(dtype, "ConformanceChecks.update: dtype is null");
        Objects.requireNonNull(shape, "ConformanceChecks.update: shape is null");
        Objects.requireNonNull(layout, "ConformanceChecks.update: layout is null");
        Objects.requireNonNull(gradLayout, "ConformanceChecks.update: gradLayout is null");
        requireWritable(layout);
        RandomGenerator rng = new SplittableRandom(seed);
        Operand w = operand(dtype, shape, layout, Values.GENERAL, rng);
        Operand g = operand(dtype, shape, gradLayout, Values.GENERAL, rng);
        Operand[] state = new Operand[rule.stateCount()];
        for (int i = 0; i < state.length; i++) {
            boolean meanSquare = rule == UpdateRule.RMSPROP || (rule == UpdateRule.ADAM && i == 1);
            state[i] = operand(dtype, shape, layout, meanSquare ? Values.POSITIVE : Values.GENERAL, rng);
        }
        double[] hyper = new double[rule.hyperCount()];
        hyper[0] = rng.nextDouble(0.001, 0.1); // a learning rate
        for (int i = 1; i < hyper.length; i++) {
            hyper[i] = rng.nextDouble(0.5, 0.999); // momentum, rho, betas
        }
        if (rule == UpdateRule.RMSPROP || rule == UpdateRule.ADAM) {
            hyper[hyper.length - 1] = 1e-7; // epsilon
        }
        String context = "update " + rule + " " + dtype + " shape " + View.str(shape) + ", parameter and state "
                + layout + " (" + w.placement() + "), gradient " + gradLayout + " (" + g.placement() + "), hyper "
                + Arrays.toString(hyper) + ", seed " + seed;
        Operand[] written = new Operand[1 + state.length];
        written[0] = w;
        System.arraycopy(state, 0, written, 1, state.length);
        View[] before = new View[written.length];
        for (int i = 0; i < written.length; i++) {
            before[i] = freshReference(dtype, shape);
            reference.copy(written[i].reference(), before[i]);
        }
        reference.update(rule, hyper.clone(), w.reference(), g.reference(), views(state, true));
        candidate.update(rule, hyper.clone(), w.candidate(), g.candidate(), views(state, false));
        for (int i = 0; i < written.length; i++) {
            String what = i == 0 ? " (the parameter)" : " (state " + (i - 1) + ")";
            View magnitude = freshReference(dtype, shape);
            int[] index = new int[shape.length];
            for (int e = 0; e < magnitude.size(); e++) {
                View.unravel(e, shape, index);
                double gradient = g.reference().get(index);
                magnitude.storage().set(e, Math.abs(before[i].get(index)) + Math.abs(written[i].reference().get(index))
                        + Math.abs(gradient) + gradient * gradient);
            }
            compare(context + what, dtype, written[i], magnitude);
            compareOutsideUnchanged(context + what, written[i]);
        }
        assertInputUnchanged(context + " (the gradient)", g);
    }

    private static View[] views(Operand[] operands, boolean reference) {
        View[] views = new View[operands.length];
        for (int i = 0; i < operands.length; i++) {
            views[i] = reference ? operands[i].reference() : operands[i].candidate();
        }
        return views;
    }

    // ------------------------------------------------------------------------------------------
    // Comparing
    // ------------------------------------------------------------------------------------------

    /** Element-wise results: each compared relative to its own size. */
    private static void compareElementwise(String context, DType dtype, Operand out) {
        compare(context, dtype, out, null);
    }

    /** The likely cause when a result is NaN where the reference's is not. */
    static final String NOT_OVERWRITTEN = ". The output started full of NaN: every primitive must write every"
            + " element of out and never read what it held, which may be an earlier step's numbers; zero out"
            + " yourself before adding into it";

    /**
     * Compares the candidate's output with the reference's, element by element in row-major order.
     *
     * @param magnitude per element, the size of the terms that were summed into it (null: the
     *                  result's own size)
     */
    static void compare(String context, DType dtype, Operand out, View magnitude) {
        View expected = out.reference();
        View actual = out.candidate();
        int[] shape = expected.shape();
        int[] index = new int[shape.length];
        for (int i = 0; i < expected.size(); i++) {
            View.unravel(i, shape, index);
            double e = expected.get(index);
            double a = actual.get(index);
            double scale = magnitude == null ? Math.abs(e) : magnitude.get(index);
            double allowed = Tolerance.allowed(dtype, scale);
            if (!Tolerance.close(e, a, allowed)) {
                fail(context + ": element " + Arrays.toString(index) + " is " + a + " but the naive backend gives "
                        + e + " (difference " + Math.abs(a - e) + ", allowed " + allowed + " = rtol "
                        + Tolerance.rtol(dtype) + " × " + (magnitude == null ? "|expected| " : "Σ|terms| ")
                        + scale + ")" + (Double.isNaN(a) && !Double.isNaN(e) ? NOT_OVERWRITTEN : ""));
            }
        }
    }

    /** Every position of the output storages, exactly: inside the view and (untouched) outside it. */
    private static void compareWholeStorage(String context, Operand out) {
        Storage expected = out.reference().storage();
        Storage actual = out.candidate().storage();
        for (int p = 0; p < expected.size(); p++) {
            if (!Tolerance.close(expected.get(p), actual.get(p), 0.0)) {
                fail(context + ": storage position " + p + " holds " + actual.get(p) + " but should hold "
                        + expected.get(p) + (isInside(out.reference(), p) ? " (inside the output view)"
                        : " (outside the output view: it must not be written)"));
            }
        }
    }

    /**
     * An in-place result: every storage position inside the view within the tolerance of the
     * reference (relative to its own size, as element-wise results are), every position outside
     * it exactly as before.
     */
    private static void compareInPlace(String context, DType dtype, Operand x) {
        compareElementwise(context, dtype, x);
        compareOutsideUnchanged(context, x);
    }

    /** Every storage position outside the view of {@code x} exactly as before (as the reference kept it). */
    private static void compareOutsideUnchanged(String context, Operand x) {
        Storage expected = x.reference().storage();
        Storage actual = x.candidate().storage();
        boolean[] inside = new boolean[expected.size()];
        int[] index = new int[x.reference().rank()];
        for (int i = 0; i < x.reference().size(); i++) {
            View.unravel(i, x.reference().shape(), index);
            inside[x.reference().position(index)] = true;
        }
        for (int p = 0; p < expected.size(); p++) {
            if (!inside[p] && !Tolerance.close(expected.get(p), actual.get(p), 0.0)) {
                fail(context + ": storage position " + p + ", outside the view, changed from " + expected.get(p)
                        + " to " + actual.get(p) + "; an in-place op must write only the view's elements");
            }
        }
    }

    /** Whether storage position {@code p} is an element of {@code view}. */
    private static boolean isInside(View view, int p) {
        int[] index = new int[view.rank()];
        for (int i = 0; i < view.size(); i++) {
            View.unravel(i, view.shape(), index);
            if (view.position(index) == p) {
                return true;
            }
        }
        return false;
    }

    /** The candidate must not write into its inputs: compare their whole storage with the reference's copy. */
    private static void assertInputUnchanged(String context, Operand in) {
        Storage expected = in.reference().storage();
        Storage actual = in.candidate().storage();
        for (int p = 0; p < expected.size(); p++) {
            if (!Tolerance.close(expected.get(p), actual.get(p), 0.0)) {
                fail(context + ": the backend changed its input at storage position " + p + " from "
                        + expected.get(p) + " to " + actual.get(p) + "; inputs are read-only");
            }
        }
    }
}
