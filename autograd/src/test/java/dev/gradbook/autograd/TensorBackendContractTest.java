package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.FloatStorage;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.UnaryOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The backend SPI seen from the engine's side, with a Mockito mock as the backend: {@code allocate}
 * hands out real zeroed storage, and every primitive ({@code map}, {@code zip}, {@code reduce},
 * {@code matmul}, and the optional {@code copy} and {@code fill}) does nothing at all. That shows
 * two things: each tensor operation reaches the primitive it should, with operands already
 * broadcast; and no arithmetic happens anywhere else, because with do-nothing primitives every
 * result stays zero.
 */
@DisplayName("The backend SPI contract, with a mock backend")
class TensorBackendContractTest {

    private TensorBackend backend;
    private BackendRegistry previous;

    @BeforeEach
    void installMockBackend() {
        backend = mock(TensorBackend.class);
        when(backend.name()).thenReturn("mock");
        when(backend.allocate(any(DType.class), anyInt())).thenAnswer(call -> {
            DType dtype = call.getArgument(0);
            int size = call.getArgument(1);
            return dtype == DType.F64 ? new DoubleStorage(new double[size]) : new FloatStorage(new float[size]);
        });
        BackendProvider provider = mock(BackendProvider.class);
        when(provider.name()).thenReturn("mock");
        when(provider.isAvailable()).thenReturn(true);
        when(provider.create()).thenReturn(backend);
        previous = Backends.install(new BackendRegistry(List.of(provider), key -> null, key -> null));
    }

    @AfterEach
    void restoreRegistry() {
        Backends.install(previous);
    }

    private static Tensor matrix(int rows, int cols) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = i + 1; // 1, 2, 3, ...: non-zero, so a zero result means nothing was computed
        }
        return Tensor.of(data, rows, cols);
    }

    private static View withShape(int... shape) {
        return argThat(v -> v != null && Arrays.equals(v.shape(), shape));
    }

    @Nested
    @DisplayName("Each operation reaches its primitive")
    class ReachesPrimitives {
        static Stream<Arguments> binaryOps() {
            return Stream.of(
                    Arguments.of("add", BinaryOp.ADD, (Function<Tensor[], Tensor>) t -> t[0].add(t[1])),
                    Arguments.of("sub", BinaryOp.SUB, (Function<Tensor[], Tensor>) t -> t[0].sub(t[1])),
                    Arguments.of("mul", BinaryOp.MUL, (Function<Tensor[], Tensor>) t -> t[0].mul(t[1])),
                    Arguments.of("div", BinaryOp.DIV, (Function<Tensor[], Tensor>) t -> t[0].div(t[1])),
                    Arguments.of("pow", BinaryOp.POW, (Function<Tensor[], Tensor>) t -> t[0].pow(t[1])),
                    Arguments.of("maximum", BinaryOp.MAX, (Function<Tensor[], Tensor>) t -> t[0].maximum(t[1])),
                    Arguments.of("eq", BinaryOp.EQ, (Function<Tensor[], Tensor>) t -> t[0].eq(t[1])),
                    Arguments.of("lt", BinaryOp.LT, (Function<Tensor[], Tensor>) t -> t[0].lt(t[1])),
                    Arguments.of("gt", BinaryOp.GT, (Function<Tensor[], Tensor>) t -> t[0].gt(t[1])));
        }

        @ParameterizedTest(name = "{0} -> zip({1})")
        @MethodSource("binaryOps")
        @DisplayName("binary operations call zip with their BinaryOp, once")
        void binary(String name, BinaryOp op, Function<Tensor[], Tensor> f) {
            Tensor a = matrix(2, 3);
            Tensor b = matrix(2, 3);
            f.apply(new Tensor[] {a, b});
            verify(backend).zip(eq(op), withShape(2, 3), withShape(2, 3), withShape(2, 3));
            verify(backend, never()).map(any(), any(), any());
            verify(backend, never()).reduce(any(), any(), anyInt(), any());
            verify(backend, never()).matmul(any(), any(), any());
        }

        static Stream<Arguments> unaryOps() {
            return Stream.of(
                    Arguments.of("neg", UnaryOp.NEG, (Function<Tensor, Tensor>) Tensor::neg),
                    Arguments.of("exp", UnaryOp.EXP, (Function<Tensor, Tensor>) Tensor::exp),
                    Arguments.of("log", UnaryOp.LOG, (Function<Tensor, Tensor>) Tensor::log),
                    Arguments.of("sqrt", UnaryOp.SQRT, (Function<Tensor, Tensor>) Tensor::sqrt),
                    Arguments.of("abs", UnaryOp.ABS, (Function<Tensor, Tensor>) Tensor::abs),
                    Arguments.of("relu", UnaryOp.RELU, (Function<Tensor, Tensor>) Tensor::relu),
                    Arguments.of("sigmoid", UnaryOp.SIGMOID, (Function<Tensor, Tensor>) Tensor::sigmoid),
                    Arguments.of("tanh", UnaryOp.TANH, (Function<Tensor, Tensor>) Tensor::tanh));
        }

        @ParameterizedTest(name = "{0} -> map({1})")
        @MethodSource("unaryOps")
        @DisplayName("element-wise functions call map with their UnaryOp, once")
        void unary(String name, UnaryOp op, Function<Tensor, Tensor> f) {
            f.apply(matrix(2, 3));
            verify(backend).map(eq(op), withShape(2, 3), withShape(2, 3));
            verify(backend, never()).zip(any(), any(), any(), any());
        }

        @Test
        @DisplayName("sum and max call reduce along the requested dim; sum over two dims reduces twice, in order")
        void reductions() {
            Tensor x = matrix(2, 3);
            x.sum(1);
            verify(backend).reduce(eq(ReduceOp.SUM), withShape(2, 3), eq(1), withShape(2, 1));
            x.max(-2);
            verify(backend).reduce(eq(ReduceOp.MAX), withShape(2, 3), eq(0), withShape(1, 3));
            clearInvocations(backend);

            Tensor.zeros(2, 3, 4).sum(new int[] {0, 2}, false);
            InOrder order = inOrder(backend);
            order.verify(backend).reduce(eq(ReduceOp.SUM), withShape(2, 3, 4), eq(0), withShape(1, 3, 4));
            order.verify(backend).reduce(eq(ReduceOp.SUM), withShape(1, 3, 4), eq(2), withShape(1, 3, 1));
        }

        @Test
        @DisplayName("matmul calls the matmul primitive with [m, k], [k, n] and a fresh [m, n]")
        void matmul() {
            matrix(2, 3).matmul(matrix(3, 4));
            verify(backend).matmul(withShape(2, 3), withShape(3, 4), withShape(2, 4));
        }

        @Test
        @DisplayName("ones() and full() fill through the backend; copies go through copy()")
        void fillAndCopy() {
            Tensor.full(2.5, 2, 2);
            verify(backend).fill(withShape(2, 2), eq(2.5));
            matrix(2, 3).t().contiguous();
            verify(backend).copy(argThat(v -> Arrays.equals(v.shape(), new int[] {3, 2}) && !v.isContiguous()),
                    argThat(v -> Arrays.equals(v.shape(), new int[] {3, 2}) && v.isContiguous()));
        }

        @Test
        @DisplayName("the backward pass, too, runs on the primitives")
        void backwardUsesPrimitives() {
            Tensor x = matrix(2, 3).requiresGrad(true);
            Tensor loss = x.exp().sum();
            clearInvocations(backend);
            loss.backward();
            verify(backend).fill(withShape(), eq(1.0)); // the seed gradient d(loss)/d(loss) = 1
            ArgumentCaptor<View> product = ArgumentCaptor.forClass(View.class);
            verify(backend).zip(eq(BinaryOp.MUL), withShape(2, 3), withShape(2, 3), product.capture()); // exp' = exp
            // that product was made in this pass and nobody else holds it: the leaf adopts it, no copy
            assertSame(product.getValue().storage(), x.grad().view().storage());
            verify(backend, never()).copy(any(), withShape(2, 3));
        }
    }

    @Nested
    @DisplayName("The engine prepares the operands")
    class PreparesOperands {
        @Test
        @DisplayName("broadcasting arrives as stride 0: [3, 1] + [4] gives zip three [3, 4] views")
        void broadcastAsStrideZero() {
            Tensor.zeros(3, 1).add(Tensor.zeros(4));
            ArgumentCaptor<View> a = ArgumentCaptor.forClass(View.class);
            ArgumentCaptor<View> b = ArgumentCaptor.forClass(View.class);
            ArgumentCaptor<View> out = ArgumentCaptor.forClass(View.class);
            verify(backend).zip(eq(BinaryOp.ADD), a.capture(), b.capture(), out.capture());
            assertArrayEquals(new int[] {3, 4}, a.getValue().shape());
            assertArrayEquals(new int[] {1, 0}, a.getValue().strides(), "the column repeats along dim 1");
            assertArrayEquals(new int[] {3, 4}, b.getValue().shape());
            assertArrayEquals(new int[] {0, 1}, b.getValue().strides(), "the row repeats along dim 0");
            assertOutIsFresh(out.getValue(), a.getValue(), b.getValue());
        }

        @Test
        @DisplayName("batched matmul [2, 1, 3, 4] @ [5, 4, 2] arrives with equal batch dims [2, 5]")
        void matmulBatchBroadcast() {
            Tensor.zeros(2, 1, 3, 4).matmul(Tensor.zeros(5, 4, 2));
            ArgumentCaptor<View> a = ArgumentCaptor.forClass(View.class);
            ArgumentCaptor<View> b = ArgumentCaptor.forClass(View.class);
            ArgumentCaptor<View> out = ArgumentCaptor.forClass(View.class);
            verify(backend).matmul(a.capture(), b.capture(), out.capture());
            assertArrayEquals(new int[] {2, 5, 3, 4}, a.getValue().shape());
            assertEquals(0, a.getValue().strides()[1], "left batch dim 1 broadcast");
            assertArrayEquals(new int[] {2, 5, 4, 2}, b.getValue().shape());
            assertEquals(0, b.getValue().strides()[0], "right gets a new leading batch dim");
            assertArrayEquals(new int[] {2, 5, 3, 2}, out.getValue().shape());
            assertOutIsFresh(out.getValue(), a.getValue(), b.getValue());
        }

        @Test
        @DisplayName("non-contiguous operands are passed as they are, not copied first")
        void stridedOperandsPassedThrough() {
            matrix(3, 2).t().exp();
            verify(backend).map(eq(UnaryOp.EXP), argThat(v -> Arrays.equals(v.strides(), new int[] {1, 2})),
                    withShape(2, 3));
            verify(backend, never()).copy(any(), any());
        }

        @Test
        @DisplayName("F32 tensors allocate F32 storage, and their operands share the dtype")
        void dtypeFlowsThrough() {
            Tensor a = Tensor.zeros(DType.F32, 2, 2);
            a.add(a);
            verify(backend, atLeastOnce()).allocate(DType.F32, 4);
            verify(backend, never()).allocate(eq(DType.F64), anyInt());
            verify(backend).zip(eq(BinaryOp.ADD), argThat(v -> v.storage().dtype() == DType.F32),
                    argThat(v -> v.storage().dtype() == DType.F32), argThat(v -> v.storage().dtype() == DType.F32));
        }

        private void assertOutIsFresh(View out, View... inputs) {
            assertTrue(out.isContiguous(), "out is contiguous");
            assertEquals(0, out.offset());
            assertEquals(View.numel(out.shape()), out.storage().size(), "out owns exactly its storage");
            for (View in : inputs) {
                assertNotSame(in.storage(), out.storage(), "out does not overlap an input");
            }
        }
    }

    @Nested
    @DisplayName("Nothing but the backend does arithmetic")
    class NoArithmeticOutsideTheBackend {
        private void assertAllZero(Tensor t, String what) {
            double[] values = t.toDoubleArray();
            assertTrue(values.length > 0, what + " has elements");
            for (double v : values) {
                assertEquals(0.0, v, what + " should be all zeros with do-nothing primitives: " + Arrays.toString(values));
            }
        }

        @Test
        @DisplayName("with do-nothing primitives, add, mul, exp, sum, matmul and softmax results stay all zeros")
        void resultsStayZero() {
            Tensor a = matrix(2, 3);
            Tensor b = matrix(3, 2);
            assertFalse(Arrays.stream(a.toDoubleArray()).allMatch(v -> v == 0), "the inputs are not zero");
            assertAllZero(a.add(a), "add");
            assertAllZero(a.add(5), "add(5)");
            assertAllZero(a.mul(a), "mul");
            assertAllZero(a.mul(3), "mul(3)");
            assertAllZero(a.exp(), "exp");
            assertAllZero(a.sum(), "sum");
            assertAllZero(a.sum(0), "sum(0)");
            assertAllZero(a.mean(), "mean");
            assertAllZero(a.matmul(b), "matmul");
            assertAllZero(a.softmax(-1), "softmax");
            assertAllZero(a.logSoftmax(0), "logSoftmax");
            assertAllZero(a.sigmoid().pow(2).clamp(-1, 1), "sigmoid, pow, clamp");
        }

        @Test
        @DisplayName("with do-nothing primitives, gradients stay all zeros too")
        void gradientsStayZero() {
            Tensor a = matrix(2, 3).requiresGrad(true);
            Tensor b = matrix(3, 2).requiresGrad(true);
            a.matmul(b).tanh().mul(a.sum(new int[] {1}, true)).sum().backward();
            assertAllZero(a.grad(), "a.grad");
            assertAllZero(b.grad(), "b.grad");
        }

        @Test
        @DisplayName("control experiment: give zip a real body and add computes again (so the check above can fail)")
        void controlExperiment() {
            doAnswer(call -> {
                BinaryOp op = call.getArgument(0);
                View x = call.getArgument(1);
                View y = call.getArgument(2);
                View out = call.getArgument(3);
                int[] index = new int[out.rank()];
                for (int i = 0; i < out.size(); i++) {
                    View.unravel(i, out.shape(), index);
                    out.storage().set(out.position(index), op.apply(x.get(index), y.get(index)));
                }
                return null;
            }).when(backend).zip(any(), any(), any(), any());
            assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, matrix(2, 3).add(matrix(2, 3)).toDoubleArray());
        }
    }
}
