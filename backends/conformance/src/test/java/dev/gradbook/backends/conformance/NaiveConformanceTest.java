package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.naive.NaiveBackend;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit run on the naive backend itself. Comparing the reference with itself must pass — a
 * sanity check of the kit's plumbing (layouts, seeds, tolerances, the end-to-end step). The
 * nested tests then show the other half: that the kit fails a backend that is wrong, by running
 * single checks on deliberately broken backends.
 */
@DisplayName("Conformance kit on the naive backend")
class NaiveConformanceTest extends BackendConformanceKit {

    @Override
    protected TensorBackend backend() {
        return new NaiveBackend();
    }

    @Nested
    @DisplayName("the kit catches broken backends")
    class CatchesBrokenBackends {
        private final int[] matrix = {17, 33};

        @Test
        @DisplayName("map off by 1e-9 relative fails in F64, while rounding-level noise (1e-14) passes")
        void slightlyWrongF64() {
            ConformanceChecks noise = new ConformanceChecks(new MapScaledBy(1 + 1e-14));
            assertDoesNotThrow(() -> noise.map(UnaryOp.EXP, DType.F64, matrix, Layout.CONTIGUOUS, 1));
            ConformanceChecks wrong = new ConformanceChecks(new MapScaledBy(1 + 1e-9));
            assertThrows(AssertionError.class, () -> wrong.map(UnaryOp.EXP, DType.F64, matrix, Layout.CONTIGUOUS, 1));
        }

        @Test
        @DisplayName("map off by 1e-4 relative fails in F32, while one float rounding (1e-7) passes")
        void slightlyWrongF32() {
            ConformanceChecks noise = new ConformanceChecks(new MapScaledBy(1 + 1e-7));
            assertDoesNotThrow(() -> noise.map(UnaryOp.TANH, DType.F32, matrix, Layout.CONTIGUOUS, 2));
            ConformanceChecks wrong = new ConformanceChecks(new MapScaledBy(1 + 1e-4));
            assertThrows(AssertionError.class, () -> wrong.map(UnaryOp.TANH, DType.F32, matrix, Layout.CONTIGUOUS, 2));
        }

        @Test
        @DisplayName("map that ignores strides passes on contiguous input but fails on a transposed one")
        void ignoresStrides() {
            ConformanceChecks checks = new ConformanceChecks(new MapIgnoresStrides());
            assertDoesNotThrow(() -> checks.map(UnaryOp.NEG, DType.F64, matrix, Layout.CONTIGUOUS, 3));
            assertThrows(AssertionError.class, () -> checks.map(UnaryOp.NEG, DType.F64, matrix, Layout.TRANSPOSED, 3));
            assertThrows(AssertionError.class, () -> checks.map(UnaryOp.NEG, DType.F32, matrix, Layout.REVERSED, 3));
        }

        @Test
        @DisplayName("map that forgets the offset fails on a window, even of a 1-D tensor")
        void ignoresOffset() {
            ConformanceChecks checks = new ConformanceChecks(new MapIgnoresOffset());
            assertDoesNotThrow(() -> checks.map(UnaryOp.RELU, DType.F64, new int[] {33}, Layout.CONTIGUOUS, 4));
            assertThrows(AssertionError.class,
                    () -> checks.map(UnaryOp.RELU, DType.F64, new int[] {33}, Layout.NARROWED, 4));
        }

        @Test
        @DisplayName("a sum that skips the last element of each line fails, even in F32 over 1000 elements")
        void sumSkipsLastElement() {
            ConformanceChecks checks = new ConformanceChecks(new SumSkipsLast());
            int[] shape = {3, 1000};
            assertDoesNotThrow(() -> new ConformanceChecks(new NaiveBackend())
                    .reduce(ReduceOp.SUM, DType.F32, shape, 1, Layout.CONTIGUOUS, 5));
            assertThrows(AssertionError.class, () -> checks.reduce(ReduceOp.SUM, DType.F32, shape, 1, Layout.CONTIGUOUS, 5));
            assertThrows(AssertionError.class, () -> checks.reduce(ReduceOp.SUM, DType.F64, shape, 1, Layout.CONTIGUOUS, 5));
        }

        @Test
        @DisplayName("a matmul that reads b as if it were row-major fails when b is transposed (Bᵀ in backward)")
        void matmulAssumesRowMajorB() {
            ConformanceChecks checks = new ConformanceChecks(new MatmulAssumesRowMajorB());
            int[] noBatch = {};
            assertDoesNotThrow(() -> checks.matmul(DType.F64, noBatch, 7, 5, 3,
                    Layout.CONTIGUOUS, Layout.CONTIGUOUS, false, false, 6));
            assertThrows(AssertionError.class, () -> checks.matmul(DType.F64, noBatch, 7, 5, 3,
                    Layout.CONTIGUOUS, Layout.TRANSPOSED, false, false, 6));
        }

        @Test
        @DisplayName("a copy that writes its output as if it were contiguous fails: it overwrites storage outside the view")
        void copyIgnoresOutputStrides() {
            ConformanceChecks checks = new ConformanceChecks(new CopyIgnoresOutputStrides());
            assertDoesNotThrow(() -> checks.copy(DType.F64, matrix, Layout.TRANSPOSED, Layout.CONTIGUOUS, 7));
            AssertionError error = assertThrows(AssertionError.class,
                    () -> checks.copy(DType.F64, matrix, Layout.CONTIGUOUS, Layout.NARROWED, 7));
            assertTrue(error.getMessage().contains("storage position"), error.getMessage());
        }

        @Test
        @DisplayName("a primitive that trusts its output to start at zero fails: outputs start full of NaN")
        void trustsZeroedOutput() {
            ConformanceChecks skipsZeros = new ConformanceChecks(new ReluWritesOnlyPositives());
            ConformanceChecks addsInto = new ConformanceChecks(new ZipAddsIntoOutput());
            ConformanceChecks sumsInto = new ConformanceChecks(new SumAddsIntoOutput());
            ConformanceChecks multipliesInto = new ConformanceChecks(new MatmulAddsIntoOutput());
            AssertionError skipped = assertThrows(AssertionError.class,
                    () -> skipsZeros.map(UnaryOp.RELU, DType.F64, matrix, Layout.CONTIGUOUS, 9));
            assertTrue(skipped.getMessage().contains("must write every element of out"), skipped.getMessage());
            assertThrows(AssertionError.class, () -> addsInto.zip(BinaryOp.MUL, DType.F32, matrix, Layout.CONTIGUOUS,
                    Layout.CONTIGUOUS, 9));
            assertThrows(AssertionError.class, () -> sumsInto.reduce(ReduceOp.SUM, DType.F64, matrix, 0, Layout.CONTIGUOUS, 9));
            assertThrows(AssertionError.class, () -> multipliesInto.matmul(DType.F64, new int[0], 4, 3, 5,
                    Layout.CONTIGUOUS, Layout.CONTIGUOUS, false, false, 9));
            // the same four mistakes are invisible on outputs that really are zero
            double[] right = {0, 2, 0, 12, 0};
            assertArrayEquals(right, onZeros(out -> new ReluWritesOnlyPositives().map(UnaryOp.RELU,
                    dense(1, 5, -1, 2, -3, 12, 0), out)));
            assertArrayEquals(right, onZeros(out -> new ZipAddsIntoOutput().zip(BinaryOp.MUL,
                    dense(1, 5, 0, 1, 0, 3, 0), dense(1, 5, 5, 2, 7, 4, 9), out)));
            assertArrayEquals(right, onZeros(out -> new SumAddsIntoOutput().reduce(ReduceOp.SUM,
                    dense(2, 5, 0, 1, 0, 5, 0, 0, 1, 0, 7, 0), 0, out)));
            assertArrayEquals(right, onZeros(out -> new MatmulAddsIntoOutput().matmul(dense(1, 2, 1, 2),
                    dense(2, 5, 0, 2, 0, 4, 0, 0, 0, 0, 4, 0), out)));
        }

        /** What {@code op} leaves in a {@code [1, 5]} output that starts at zero. */
        private double[] onZeros(Consumer<View> op) {
            View out = dense(1, 5, new double[5]);
            op.accept(out);
            double[] values = new double[5];
            for (int i = 0; i < 5; i++) {
                values[i] = out.storage().get(i);
            }
            return values;
        }

        /** A row-major {@code rows × cols} F64 matrix of {@code values}. */
        private static View dense(int rows, int cols, double... values) {
            Storage storage = new NaiveBackend().allocate(DType.F64, values.length);
            for (int i = 0; i < values.length; i++) {
                storage.set(i, values[i]);
            }
            return View.contiguous(storage, new int[] {rows, cols});
        }

        @Test
        @DisplayName("a map that scribbles on its input fails, although its output is right")
        void writesIntoInput() {
            ConformanceChecks checks = new ConformanceChecks(new MapWritesIntoInput());
            AssertionError error = assertThrows(AssertionError.class,
                    () -> checks.map(UnaryOp.ABS, DType.F64, matrix, Layout.CONTIGUOUS, 8));
            assertTrue(error.getMessage().contains("inputs are read-only"), error.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------
    // The broken backends: each the naive backend with one deliberate mistake
    // ------------------------------------------------------------------------------------------

    /** Multiplies every result of map by a factor close to 1. */
    static final class MapScaledBy extends ForwardingBackend {
        private final double factor;

        MapScaledBy(double factor) {
            this.factor = factor;
        }

        @Override
        public void map(UnaryOp op, View in, View out) {
            delegate.map(op, in, out);
            for (int p = 0; p < out.size(); p++) { // out is fresh and contiguous
                out.storage().set(p, out.storage().get(p) * factor);
            }
        }
    }

    /** Reads the input as if it were row-major from its offset. */
    static final class MapIgnoresStrides extends ForwardingBackend {
        @Override
        public void map(UnaryOp op, View in, View out) {
            delegate.map(op, new View(in.storage(), in.shape(), View.contiguousStrides(in.shape()), in.offset()), out);
        }
    }

    /** Reads the input from storage position 0 instead of its offset. */
    static final class MapIgnoresOffset extends ForwardingBackend {
        @Override
        public void map(UnaryOp op, View in, View out) {
            delegate.map(op, new View(in.storage(), in.shape(), in.strides(), 0), out);
        }
    }

    /** Sums each line without its last element. */
    static final class SumSkipsLast extends ForwardingBackend {
        @Override
        public void reduce(ReduceOp op, View in, int dim, View out) {
            int[] shorter = in.shape().clone();
            shorter[dim] = Math.max(0, shorter[dim] - 1);
            delegate.reduce(op, new View(in.storage(), shorter, in.strides(), in.offset()), dim, out);
        }
    }

    /** Ignores b's strides: treats its storage as a row-major k × n matrix. */
    static final class MatmulAssumesRowMajorB extends ForwardingBackend {
        @Override
        public void matmul(View a, View b, View out) {
            delegate.matmul(a, new View(b.storage(), b.shape(), View.contiguousStrides(b.shape()), b.offset()), out);
        }
    }

    /** Writes the copy row-major from the output's offset, whatever its strides. */
    static final class CopyIgnoresOutputStrides extends ForwardingBackend {
        @Override
        public void copy(View in, View out) {
            delegate.copy(in, new View(out.storage(), out.shape(), View.contiguousStrides(out.shape()), out.offset()));
        }
    }

    /** Writes relu's positive results only, as if the output's other elements were already 0. */
    static final class ReluWritesOnlyPositives extends ForwardingBackend {
        @Override
        public void map(UnaryOp op, View in, View out) {
            for (int i = 0; i < out.size(); i++) { // in and out are dense here
                double x = in.storage().get(in.offset() + i);
                if (x > 0) {
                    out.storage().set(i, x);
                }
            }
        }
    }

    /** Adds a result computed elsewhere to whatever {@code out} held: the mistake the next three make. */
    static void addInto(View out, View result) {
        new NaiveBackend().zip(BinaryOp.ADD, out, result, out);
    }

    /** A fresh contiguous output of {@code out}'s shape and dtype. */
    static View resultLike(View out) {
        return View.contiguous(new NaiveBackend().allocate(out.storage().dtype(), out.size()), out.shape());
    }

    /** Adds its result to whatever the output held. */
    static final class ZipAddsIntoOutput extends ForwardingBackend {
        @Override
        public void zip(BinaryOp op, View a, View b, View out) {
            View result = resultLike(out);
            delegate.zip(op, a, b, result);
            addInto(out, result);
        }
    }

    /** Adds each line's sum to whatever the output held. */
    static final class SumAddsIntoOutput extends ForwardingBackend {
        @Override
        public void reduce(ReduceOp op, View in, int dim, View out) {
            View result = resultLike(out);
            delegate.reduce(op, in, dim, result);
            addInto(out, result);
        }
    }

    /** Adds the product to whatever the output held. */
    static final class MatmulAddsIntoOutput extends ForwardingBackend {
        @Override
        public void matmul(View a, View b, View out) {
            View result = resultLike(out);
            delegate.matmul(a, b, result);
            addInto(out, result);
        }
    }

    /** Computes the right output but then overwrites the input's first element. */
    static final class MapWritesIntoInput extends ForwardingBackend {
        @Override
        public void map(UnaryOp op, View in, View out) {
            delegate.map(op, in, out);
            in.storage().set(in.offset(), -12345.0);
        }
    }
}
