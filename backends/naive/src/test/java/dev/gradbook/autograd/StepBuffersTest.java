package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("StepBuffers: a training step is handed the arrays of the step before")
class StepBuffersTest {
    private final StepBuffers buffers = new StepBuffers();

    @AfterEach
    void closeAnyStep() {
        buffers.release();
    }

    private static Storage storage(Tensor t) {
        return t.view().storage();
    }

    @Nested
    @DisplayName("inside a step")
    class InsideAStep {
        @Test
        @DisplayName("the i-th new tensor gets the i-th array of the step before; a tensor of zeros is zeroed again")
        void sameOrderSameArrays() {
            buffers.begin();
            Tensor a = Tensor.ones(3, 4);
            Tensor b = Tensor.full(7.0, 5);
            buffers.end();
            assertEquals(2, buffers.arraysKept());
            buffers.begin();
            Tensor c = Tensor.zeros(3, 4);
            Tensor d = Tensor.zeros(5);
            buffers.end();
            assertSame(storage(a), storage(c));
            assertSame(storage(b), storage(d));
            assertArrayEquals(new double[12], c.toDoubleArray(), "every new tensor starts at zero");
            assertArrayEquals(new double[5], d.toDoubleArray());
        }

        @Test
        @DisplayName("a different size or dtype at that position gets a new array, and the order goes on")
        void otherShapesGetNewArrays() {
            buffers.begin();
            Tensor a = Tensor.zeros(3, 4);              // position 0
            Tensor six = Tensor.zeros(6);               // position 1
            Tensor other = six.to(otherDType());        // position 2: the other dtype
            buffers.end();
            buffers.begin();
            Tensor c = Tensor.zeros(2, 2);              // position 0, another size: new
            Tensor d = Tensor.zeros(6);                 // position 1, same size and dtype: reused
            Tensor e = Tensor.zeros(6);                 // position 2, another dtype: new
            buffers.end();
            assertNotSame(storage(a), storage(c));
            assertSame(storage(six), storage(d));
            assertNotSame(storage(other), storage(e));
            assertEquals(Tensor.defaultDType(), e.dtype());
        }

        @Test
        @DisplayName("what backward() computes is handed on too, although it runs without recording a graph")
        void backwardIsPartOfTheStep() {
            Tensor w = Tensor.ones(4, 4).requiresGrad(true);
            buffers.begin();
            Tensor forwardOnly = w.mul(w).sum();
            buffers.end();
            int forward = buffers.arraysKept();
            buffers.begin();
            Tensor loss = w.mul(w).sum();
            loss.backward();
            buffers.end();
            assertTrue(buffers.arraysKept() > forward, buffers.arraysKept() + " arrays, forward alone " + forward);
            assertArrayEquals(Tensor.full(2.0, 4, 4).toDoubleArray(), w.grad().toDoubleArray());
            assertEquals(16.0, forwardOnly.item());
        }

        @Test
        @DisplayName("an output that an operation overwrites keeps the old numbers until it does; zeros are zeroed")
        void onlyZerosAreZeroed() {
            buffers.begin();
            Tensor sevens = Tensor.full(7.0, 5);
            buffers.end();
            buffers.begin();
            Storage forAnOutput = StepBuffers.allocate(Backends.current(), Tensor.defaultDType(), 5, false);
            buffers.end();
            assertSame(storage(sevens), forAnOutput);
            assertEquals(7.0, forAnOutput.get(4), "not zeroed: the operation will write every element");
            buffers.begin();
            Tensor zeros = Tensor.zeros(5);
            buffers.end();
            assertSame(forAnOutput, storage(zeros));
            assertArrayEquals(new double[5], zeros.toDoubleArray());
        }

        @Test
        @DisplayName("the gradients that slices add into start at zero, even in an array that held last step's")
        void sliceGradientsStartAtZero() {
            Tensor w = Tensor.ones(6).requiresGrad(true);
            double[][] expected = {{0, 1, 1, 0, 0, 0}, {0, 0, 0, 1, 1, 0}};
            for (int step = 0; step < 2; step++) {
                buffers.begin();
                w.narrow(0, 1 + 2 * step, 2).sum().backward();
                buffers.end();
                assertArrayEquals(expected[step], w.grad().toDoubleArray(), "narrow, step " + step);
                w.zeroGrad();
            }
            double[][] picked = {{0, 1, 1, 0, 0, 0}, {0, 0, 0, 0, 2, 0}};
            int[][] rows = {{1, 2}, {4, 4}};
            for (int step = 0; step < 2; step++) {
                buffers.begin();
                w.indexSelect(0, rows[step]).sum().backward();
                buffers.end();
                assertArrayEquals(picked[step], w.grad().toDoubleArray(), "indexSelect, step " + step);
                w.zeroGrad();
            }
        }

        @Test
        @DisplayName("what is made inside noGrad outside backward (an optimizer's state) is left alone")
        void noGradIsNotHandedOn() {
            buffers.begin();
            Tensor state;
            try (Scope off = GradMode.noGrad()) {
                state = Tensor.zeros(8);
            }
            buffers.end();
            assertEquals(0, buffers.arraysKept());
            buffers.begin();
            Tensor next = Tensor.zeros(8);
            buffers.end();
            assertNotSame(storage(state), storage(next));
        }
    }

    @Nested
    @DisplayName("outside a step")
    class OutsideAStep {
        @Test
        @DisplayName("every tensor gets a new array, also after release()")
        void freshArrays() {
            buffers.begin();
            Tensor a = Tensor.zeros(3, 3);
            buffers.end();
            Tensor b = Tensor.zeros(3, 3); // no step open
            assertNotSame(storage(a), storage(b));
            buffers.release();
            assertEquals(0, buffers.arraysKept());
            buffers.begin();
            Tensor c = Tensor.zeros(3, 3);
            buffers.end();
            assertNotSame(storage(a), storage(c), "release() forgot the arrays");
        }

        @Test
        @DisplayName("end() without begin(), and a second buffers' begin() on the same thread, are refused")
        void misuse() {
            IllegalStateException noStep = assertThrows(IllegalStateException.class, buffers::end);
            assertTrue(noStep.getMessage().contains("call begin() first"), noStep.getMessage());
            buffers.begin();
            StepBuffers other = new StepBuffers();
            IllegalStateException twoLoops = assertThrows(IllegalStateException.class, other::begin);
            assertTrue(twoLoops.getMessage().contains("one training loop per thread"), twoLoops.getMessage());
        }
    }

    private static DType otherDType() {
        return Tensor.defaultDType() == DType.F32 ? DType.F64 : DType.F32;
    }
}
