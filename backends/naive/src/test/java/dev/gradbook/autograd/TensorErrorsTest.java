package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.BackendProvider;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.FloatStorage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.backends.naive.NaiveBackendProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Errors are part of the lesson: every bad call fails at once with an {@link IllegalArgumentException}
 * (or {@link IllegalStateException}) whose message names the operation and the shapes involved,
 * never with an {@link ArrayIndexOutOfBoundsException} from deep inside a loop.
 */
@DisplayName("Bad input is reported clearly")
class TensorErrorsTest {

    /** Asserts {@code call} throws {@code type} with a message containing every fragment. */
    static <T extends Throwable> T assertFails(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        String message = e.getMessage();
        for (String fragment : fragments) {
            assertTrue(message != null && message.contains(fragment),
                    "expected '" + fragment + "' in the message: " + message);
        }
        return e;
    }

    static IllegalArgumentException assertBadArgument(Executable call, String... fragments) {
        return assertFails(IllegalArgumentException.class, call, fragments);
    }

    private static Tensor t(int... shape) {
        return Tensor.zeros(shape);
    }

    @Nested
    @DisplayName("Shapes that do not fit together")
    class ShapeMismatch {
        @Test
        @DisplayName("element-wise operations on shapes that do not broadcast")
        void zipMismatch() {
            assertBadArgument(() -> t(2, 3).add(t(4)), "add", "[2, 3]", "[4]", "broadcast");
            assertBadArgument(() -> t(2, 3).sub(t(3, 2)), "sub", "[2, 3]", "[3, 2]");
            assertBadArgument(() -> t(2, 3).mul(t(2, 1, 2)), "mul", "[2, 3]", "[2, 1, 2]");
            assertBadArgument(() -> t(5).div(t(4)), "div", "[5]", "[4]");
            assertBadArgument(() -> t(5).pow(t(4)), "pow", "[5]", "[4]");
            assertBadArgument(() -> t(5).eq(t(4)), "eq", "[5]", "[4]");
        }

        @Test
        @DisplayName("matmul with different inner dimensions, shown with the caller's shapes")
        void matmulInner() {
            assertBadArgument(() -> t(2, 3).matmul(t(4, 5)), "matmul", "[2, 3] @ [4, 5]", "3 and 4");
            assertBadArgument(() -> t(3).matmul(t(4, 5)), "matmul", "[3] @ [4, 5]", "3 and 4");
            assertBadArgument(() -> t(2, 3).matmul(t(4)), "matmul", "[2, 3] @ [4]", "3 and 4");
            assertBadArgument(() -> t(3).matmul(t(4)), "matmul", "[3] @ [4]");
            assertBadArgument(() -> t(2, 3, 4).matmul(t(3, 4, 5)), "matmul", "[2]", "[3]");
            assertBadArgument(() -> t().matmul(t(3)), "matmul", "[] @ [3]", "mul()");
        }

        @Test
        @DisplayName("reshape and view to a different number of elements")
        void reshapeSize() {
            assertBadArgument(() -> t(2, 3).reshape(4, 2), "reshape", "[2, 3]", "[4, 2]", "6", "8");
            assertBadArgument(() -> t(2, 3).reshape(-1, 4), "reshape", "[2, 3]", "[-1, 4]", "-1");
            assertBadArgument(() -> t(2, 3).reshape(-1, -1), "reshape", "[-1, -1]", "at most one -1");
            assertBadArgument(() -> t(2, 3).reshape(-2, -3), "reshape", "[-2, -3]");
            assertBadArgument(() -> t(2, 3).view(7), "view", "[2, 3]", "[7]");
            assertBadArgument(() -> t(0, 3).reshape(-1, 0), "reshape", "[0, 3]", "[-1, 0]");
        }

        @Test
        @DisplayName("view of a non-contiguous tensor suggests contiguous() or reshape()")
        void viewOfNonContiguous() {
            assertBadArgument(() -> t(2, 3).t().view(6), "view", "[3, 2]", "[6]", "contiguous()", "reshape()");
            assertBadArgument(() -> t(2, 5).narrow(1, 1, 3).view(-1), "view", "[2, 3]");
        }

        @Test
        @DisplayName("concat of tensors whose other sizes disagree")
        void concatMismatch() {
            assertBadArgument(() -> Tensor.concat(0, t(2, 3), t(2, 4)), "concat", "[2, 4]", "[2, 3]", "dim 0");
            assertBadArgument(() -> Tensor.concat(1, t(2, 3), t(2, 3, 1)), "concat", "[2, 3, 1]", "[2, 3]");
            assertBadArgument(() -> Tensor.concat(0), "concat", "at least one");
            assertBadArgument(() -> Tensor.concat(2, t(2, 3), t(2, 3)), "concat", "dim 2", "[2, 3]");
            assertBadArgument(() -> Tensor.concat(0, t(), t()), "concat", "scalar");
        }

        @Test
        @DisplayName("expand only grows size-1 dims, and never to fewer dims")
        void expandMismatch() {
            assertBadArgument(() -> t(3).expand(4), "expand", "[3]", "[4]", "size-1");
            assertBadArgument(() -> t(2, 3).expand(3), "expand", "[2, 3]", "[3]", "fewer dims");
            assertBadArgument(() -> t(1).expand(-2), "expand", "[-2]");
            assertBadArgument(() -> t(1).expand(-1, 3), "expand", "[-1, 3]");
        }

        @Test
        @DisplayName("assign of values that do not broadcast to the target")
        void assignMismatch() {
            assertBadArgument(() -> t(2, 3).assign(t(3, 3)), "assign", "[3, 3]", "[2, 3]");
            assertBadArgument(() -> t(3).assign(t(2, 3)), "assign", "[2, 3]", "[3]");
        }
    }

    @Nested
    @DisplayName("Dims out of range")
    class Dims {
        @Test
        @DisplayName("every dim-taking operation names itself, the dim and the valid range")
        void outOfRange() {
            Tensor x = t(2, 3);
            assertBadArgument(() -> x.sum(2), "sum", "dim 2", "[2, 3]", "-2..1");
            assertBadArgument(() -> x.sum(-3), "sum", "dim -3", "[2, 3]");
            assertBadArgument(() -> x.mean(5), "mean", "dim 5");
            assertBadArgument(() -> x.max(new int[] {0, 2}, true), "max", "dim 2");
            assertBadArgument(() -> x.transpose(0, 2), "transpose", "dim 2", "[2, 3]");
            assertBadArgument(() -> x.narrow(2, 0, 1), "narrow", "dim 2", "[2, 3]");
            assertBadArgument(() -> x.softmax(2), "softmax", "dim 2", "[2, 3]");
            assertBadArgument(() -> x.logSoftmax(-3), "logSoftmax", "dim -3", "[2, 3]");
            assertBadArgument(() -> x.argmax(2), "argmax", "dim 2");
            assertBadArgument(() -> x.squeeze(2), "squeeze", "dim 2");
            assertBadArgument(() -> x.unsqueeze(3), "unsqueeze", "dim 3", "-3..2");
            assertBadArgument(() -> x.size(2), "size", "dim 2");
            assertBadArgument(() -> t().sum(0), "sum", "a scalar has no dims");
        }

        @Test
        @DisplayName("a dim listed twice in a reduction")
        void repeatedDim() {
            assertBadArgument(() -> t(2, 3).sum(new int[] {1, -1}, false), "sum", "listed twice", "[1, -1]");
        }

        @Test
        @DisplayName("permute with a wrong length, a repeated dim or a dim out of range")
        void badPermute() {
            assertBadArgument(() -> t(2, 3, 4).permute(0, 1), "permute", "[0, 1]", "rank 3", "[2, 3, 4]");
            assertBadArgument(() -> t(2, 3, 4).permute(0, 1, 1), "permute", "[0, 1, 1]", "twice");
            assertBadArgument(() -> t(2, 3, 4).permute(0, 1, -2), "permute", "[0, 1, -2]", "twice");
            assertBadArgument(() -> t(2, 3, 4).permute(0, 1, 3), "permute", "dim 3", "[2, 3, 4]");
        }

        @Test
        @DisplayName("squeeze of a dim whose size is not 1, and t() of a non-matrix")
        void squeezeAndT() {
            assertBadArgument(() -> t(2, 3).squeeze(0), "squeeze", "[2, 3]", "size 2");
            assertBadArgument(() -> t(2, 3, 4).t(), "t", "[2, 3, 4]", "transpose(dim0, dim1)");
        }
    }

    @Nested
    @DisplayName("Ranges and indices")
    class Ranges {
        @Test
        @DisplayName("narrow and slice outside the dim, with negative or huge arguments")
        void narrowOutOfRange() {
            Tensor x = t(2, 3);
            assertBadArgument(() -> x.narrow(1, 2, 3), "narrow", "[2, 5)", "[2, 3]");
            assertBadArgument(() -> x.narrow(1, -1, 2), "narrow", "[2, 3]");
            assertBadArgument(() -> x.narrow(0, 0, -1), "narrow", "[2, 3]");
            assertBadArgument(() -> x.narrow(1, Integer.MAX_VALUE, 1), "narrow", "[2, 3]");
            assertBadArgument(() -> x.narrow(1, 1, Integer.MAX_VALUE), "narrow", "[2, 3]");
            assertBadArgument(() -> x.slice(1, 2, 1), "slice", "[2, 1)", "[2, 3]");
            assertBadArgument(() -> x.slice(0, 0, 3), "slice", "[0, 3)", "[2, 3]");
        }

        @Test
        @DisplayName("get with an index out of bounds or the wrong number of indices")
        void getOutOfBounds() {
            Tensor x = t(2, 3);
            assertBadArgument(() -> x.get(2, 0), "get", "[2, 0]", "[2, 3]", "dim 0");
            assertBadArgument(() -> x.get(0, -1), "get", "[0, -1]", "[2, 3]", "dim 1");
            assertBadArgument(() -> x.get(0), "get", "1 indices", "rank 2", "[2, 3]");
        }

        @Test
        @DisplayName("item on a tensor with more (or fewer) than one element")
        void itemOnMany() {
            assertFails(IllegalStateException.class, () -> t(2, 3).item(), "item", "[2, 3]", "6 elements");
            assertFails(IllegalStateException.class, () -> t(0).item(), "item", "[0]", "0 elements");
            assertEquals(0.0, t(1, 1).item());
        }
    }

    @Nested
    @DisplayName("Creating tensors")
    class Creating {
        @Test
        @DisplayName("negative sizes are refused by every factory")
        void negativeSizes() {
            assertBadArgument(() -> Tensor.zeros(2, -1), "zeros", "[2, -1]", "negative");
            assertBadArgument(() -> Tensor.zeros(DType.F32, -3), "zeros", "[-3]");
            assertBadArgument(() -> Tensor.ones(-1, 2), "ones", "[-1, 2]", "negative");
            assertBadArgument(() -> Tensor.full(1.0, -4), "full", "[-4]", "negative");
            assertBadArgument(() -> Tensor.rand(new SplittableRandom(1), 3, -2), "rand", "[3, -2]");
            assertBadArgument(() -> Tensor.randn(new SplittableRandom(1), -2), "randn", "[-2]");
            assertBadArgument(() -> Tensor.eye(-1), "eye", "-1", "negative");
            assertBadArgument(() -> Tensor.of(new double[0], 0, -1), "of", "[0, -1]");
        }

        @Test
        @DisplayName("of() with the wrong number of values says how many the shape holds")
        void ofWrongCount() {
            assertBadArgument(() -> Tensor.of(new double[5], 2, 3), "of", "5 values", "[2, 3]", "6 elements");
            assertBadArgument(() -> Tensor.of(new double[1], 2), "of", "1 values", "[2]");
        }

        @Test
        @DisplayName("sizes whose product does not fit in an int are refused, not wrapped around")
        void hugeSizes() {
            assertBadArgument(() -> Tensor.zeros(65536, 65536), "zeros", "[65536, 65536]");
            assertBadArgument(() -> Tensor.ones(1).expand(1 << 20, 1 << 20), "expand", "[1048576, 1048576]");
            assertBadArgument(() -> Tensor.eye(50_000), "eye");
            assertBadArgument(() -> Tensor.arange(0, 1e12, 1), "arange");
        }

        @Test
        @DisplayName("arange with a zero step or a step pointing away from the end")
        void arangeBadStep() {
            assertBadArgument(() -> Tensor.arange(0, 5, 0), "arange", "step");
            assertBadArgument(() -> Tensor.arange(0, 5, -1), "arange", "step");
        }

        @Test
        @DisplayName("clamp with min above max")
        void clampBounds() {
            assertBadArgument(() -> t(2).clamp(1, 0), "clamp", "min 1.0", "max 0.0");
        }
    }

    @Nested
    @DisplayName("Mixing dtypes and backends")
    class Mixing {
        @Test
        @DisplayName("F64 with F32 fails naming both dtypes and the conversion")
        void dtypes() {
            Tensor f32 = Tensor.zeros(DType.F32, 2);
            assertBadArgument(() -> t(2).add(f32), "add", "F64", "F32", ".to(DType.F64)");
            assertBadArgument(() -> t(2, 2).matmul(Tensor.zeros(DType.F32, 2, 2)), "matmul", "F64", "F32");
            assertBadArgument(() -> Tensor.concat(0, t(2), f32), "concat", "F64", "F32");
        }

        /** A tensor created while {@code registry} is the process-wide one. */
        private Tensor onRegistry(BackendRegistry registry, Supplier<Tensor> create) {
            BackendRegistry previous = Backends.install(registry);
            try {
                return create.get();
            } finally {
                Backends.install(previous);
            }
        }

        private BackendRegistry naiveRegistry() {
            return new BackendRegistry(List.of(new NaiveBackendProvider()), key -> null, key -> null);
        }

        @Test
        @DisplayName("tensors of two different backends fail naming both backends")
        void twoBackends() {
            TensorBackend mockBackend = mock(TensorBackend.class);
            when(mockBackend.name()).thenReturn("mock");
            when(mockBackend.allocate(any(DType.class), anyInt())).thenAnswer(call -> call.getArgument(0) == DType.F64
                    ? new DoubleStorage(new double[(int) call.getArgument(1)])
                    : new FloatStorage(new float[(int) call.getArgument(1)]));
            BackendProvider mockProvider = mock(BackendProvider.class);
            when(mockProvider.name()).thenReturn("mock");
            when(mockProvider.isAvailable()).thenReturn(true);
            when(mockProvider.create()).thenReturn(mockBackend);

            Tensor onNaive = onRegistry(naiveRegistry(), () -> Tensor.ones(2));
            Tensor onMock = onRegistry(new BackendRegistry(List.of(mockProvider), k -> null, k -> null),
                    () -> Tensor.ones(2));
            assertEquals("naive", onNaive.backend().name());
            assertEquals("mock", onMock.backend().name());
            assertBadArgument(() -> onNaive.add(onMock), "add", "'naive'", "'mock'", "different backends");
            assertBadArgument(() -> onMock.matmul(onNaive), "matmul", "'mock'", "'naive'");
            assertBadArgument(() -> onNaive.requiresGrad(true).mul(2).backward(onMock), "backward", "'naive'", "'mock'");
        }

        @Test
        @DisplayName("two instances of one backend (from two registries) are told apart in the message")
        void twoInstancesOfOneBackend() {
            Tensor a = onRegistry(naiveRegistry(), () -> Tensor.ones(2));
            Tensor b = onRegistry(naiveRegistry(), () -> Tensor.ones(2));
            assertTrue(a.backend() != b.backend(), "two registries create two backend objects");
            assertBadArgument(() -> a.add(b), "add", "two different instances", "'naive'");
            assertBadArgument(() -> Tensor.concat(0, a, b), "concat", "'naive'");
        }
    }

    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("Fuzzing")
    class Fuzzing {
        private static final int CASES = 4000;

        @Test
        @DisplayName("thousands of random (often bad) calls: only IllegalArgument/IllegalState exceptions escape")
        void onlyFriendlyExceptions() {
            SplittableRandom r = new SplittableRandom(20_24_06_01L);
            int succeeded = 0;
            int refused = 0;
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                StringBuilder call = new StringBuilder();
                try {
                    Tensor result = randomCall(r, call);
                    touch(result, call);
                    succeeded++;
                } catch (IllegalArgumentException | IllegalStateException friendly) {
                    assertTrue(friendly.getMessage() != null && !friendly.getMessage().isBlank(),
                            "an error without a message: " + call);
                    refused++;
                } catch (Throwable unfriendly) {
                    if (failures.size() < 20) {
                        failures.add(call + "  ->  " + unfriendly);
                    }
                }
            }
            if (!failures.isEmpty()) {
                fail("unfriendly exceptions escaped:\n  " + String.join("\n  ", failures));
            }
            // The fuzz is only worth something if it exercises both outcomes plenty.
            assertTrue(succeeded > CASES / 10, "too few calls succeeded: " + succeeded);
            assertTrue(refused > CASES / 10, "too few calls were refused: " + refused);
        }

        /**
         * Reads every element of a successful result and runs a backward pass through it: a call
         * that returned normally must have produced a tensor that can be used.
         */
        private void touch(Tensor result, StringBuilder call) {
            if (result == null) {
                return;
            }
            int numel;
            try {
                numel = result.numel();
            } catch (IllegalArgumentException tooBig) {
                return; // an expanded view so large its element count overflows; nothing to read
            }
            if (numel > 100_000 || Arrays.stream(result.shape()).anyMatch(size -> size > 100_000)) {
                // Too big to read; and an empty tensor a billion wide is legal, but reducing it one
                // dim at a time can make an intermediate of a billion zeros, which no heap holds.
                return;
            }
            result.toDoubleArray();
            if (result.requiresGrad()) {
                call.append(" then sum().backward()");
                result.sum().backward();
            }
        }

        private Tensor randomCall(SplittableRandom r, StringBuilder call) {
            Tensor x = randomTensor(r, call);
            int op = r.nextInt(16);
            switch (op) {
                case 0: {
                    int[] shape = randomArgs(r, r.nextInt(0, 4));
                    call.append(".reshape").append(Arrays.toString(shape));
                    return x.reshape(shape);
                }
                case 1: {
                    int[] shape = randomArgs(r, r.nextInt(0, 4));
                    call.append(".view").append(Arrays.toString(shape));
                    return x.view(shape);
                }
                case 2: {
                    call.append(".matmul(");
                    Tensor y = randomTensor(r, call);
                    call.append(")");
                    return x.matmul(y);
                }
                case 3: {
                    call.append(".add(");
                    Tensor y = randomTensor(r, call);
                    call.append(")");
                    return x.add(y);
                }
                case 4: {
                    int[] dims = randomArgs(r, r.nextInt(0, 4));
                    boolean keep = r.nextBoolean();
                    call.append(".sum(").append(Arrays.toString(dims)).append(", ").append(keep).append(")");
                    return x.sum(dims, keep);
                }
                case 5: {
                    int dim = arg(r);
                    int start = arg(r);
                    int length = arg(r);
                    call.append(".narrow(").append(dim).append(", ").append(start).append(", ").append(length).append(")");
                    return x.narrow(dim, start, length);
                }
                case 6: {
                    int[] order = randomArgs(r, r.nextInt(0, 5));
                    call.append(".permute").append(Arrays.toString(order));
                    return x.permute(order);
                }
                case 7: {
                    int[] shape = randomArgs(r, r.nextInt(0, 5));
                    call.append(".expand").append(Arrays.toString(shape));
                    return x.expand(shape);
                }
                case 8: {
                    int dim = arg(r);
                    call.append(" concat(dim ").append(dim).append(", with ");
                    Tensor y = randomTensor(r, call);
                    call.append(")");
                    return Tensor.concat(dim, x, y);
                }
                case 9: {
                    int a = arg(r);
                    int b = arg(r);
                    call.append(".transpose(").append(a).append(", ").append(b).append(")");
                    return x.transpose(a, b);
                }
                case 10: {
                    int dim = arg(r);
                    call.append(".softmax(").append(dim).append(")");
                    return x.softmax(dim);
                }
                case 11: {
                    int[] dims = randomArgs(r, r.nextInt(0, 3));
                    boolean keep = r.nextBoolean();
                    call.append(".max(").append(Arrays.toString(dims)).append(", ").append(keep).append(")");
                    return x.max(dims, keep);
                }
                case 12: {
                    int dim = arg(r);
                    boolean squeeze = r.nextBoolean();
                    call.append(squeeze ? ".squeeze(" : ".unsqueeze(").append(dim).append(")");
                    return squeeze ? x.squeeze(dim) : x.unsqueeze(dim);
                }
                case 13: {
                    int dim = arg(r);
                    int start = arg(r);
                    int end = arg(r);
                    call.append(".slice(").append(dim).append(", ").append(start).append(", ").append(end).append(")");
                    return x.slice(dim, start, end);
                }
                case 14: {
                    int[] index = randomArgs(r, r.nextInt(0, 4));
                    call.append(".get").append(Arrays.toString(index));
                    x.get(index);
                    return null;
                }
                default: {
                    int dim = arg(r);
                    call.append(".argmax(").append(dim).append(") / mean");
                    x.argmax(dim);
                    return x.mean(new int[] {dim}, r.nextBoolean());
                }
            }
        }

        /** A tensor of random rank and sizes (sometimes empty or negative), laid out in a random way. */
        private Tensor randomTensor(SplittableRandom r, StringBuilder call) {
            int[] shape = new int[r.nextInt(0, 5)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = r.nextInt(20) == 0 ? -1 : r.nextInt(0, 4);
            }
            call.append(Arrays.toString(shape));
            Tensor x = Tensor.rand(r, shape);
            int layout = r.nextInt(4);
            if (layout == 1 && x.rank() >= 2) {
                call.append(".t-ish");
                x = x.transpose(0, x.rank() - 1);
            } else if (layout == 2 && x.rank() >= 1 && x.size(0) >= 1) {
                call.append(".narrowed");
                x = x.narrow(0, 1, x.size(0) - 1);
            } else if (layout == 3 && x.rank() >= 1 && x.size(0) == 1) {
                call.append(".expanded");
                int[] wider = x.shape();
                wider[0] = 3;
                x = x.expand(wider);
            }
            if (r.nextBoolean()) {
                call.append(".requiresGrad");
                x = x.detach().requiresGrad(true);
            }
            return x;
        }

        /** Mostly small dims and sizes, sometimes -1, 0, and values at the edge of int. */
        private int arg(SplittableRandom r) {
            int kind = r.nextInt(6);
            if (kind == 0) {
                int[] extremes = {Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, 1 << 16, 1 << 30, -(1 << 16)};
                return extremes[r.nextInt(extremes.length)];
            }
            return r.nextInt(-5, 6);
        }

        private int[] randomArgs(SplittableRandom r, int n) {
            int[] args = new int[n];
            for (int i = 0; i < n; i++) {
                args[i] = arg(r);
            }
            return args;
        }
    }
}
