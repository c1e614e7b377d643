package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.View;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sizes that do not fit: element counts past {@code int}, and tensors larger than the heap. Every
 * such request fails at once with a message naming the operation and the shape (and, for memory,
 * what was asked, what there is and how to get more), never with a {@link NegativeArraySizeException}
 * from a wrapped-around count or an {@link OutOfMemoryError}.
 */
@DisplayName("Sizes that do not fit are refused clearly")
class SizeLimitsTest {
    private static final SplittableRandom SEEDS = new SplittableRandom(2026_12_02L);

    /** A random shape of rank 2-4 whose element count is between 2^31 and 2^40: it overflows int. */
    private static int[] tooManyElements(SplittableRandom rng) {
        while (true) {
            int[] shape = new int[2 + rng.nextInt(3)];
            long n = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = 1 + rng.nextInt(1 << 16);
                n *= shape[d];
            }
            if (n > Integer.MAX_VALUE && n < (1L << 40)) {
                return shape;
            }
        }
    }

    private static void assertNamed(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @Nested
    @DisplayName("element counts past int")
    class Overflow {
        @RepeatedTest(25)
        @DisplayName("creation refuses a generated shape whose count overflows int, naming the op and the shape")
        void creation() {
            long seed = SEEDS.nextLong();
            int[] shape = tooManyElements(new SplittableRandom(seed));
            String s = View.str(shape);
            for (var op : java.util.List.<java.util.Map.Entry<String, Function<int[], Tensor>>>of(
                    java.util.Map.entry("zeros", Tensor::zeros), java.util.Map.entry("ones", Tensor::ones),
                    java.util.Map.entry("rand", sh -> Tensor.rand(new SplittableRandom(1), sh)),
                    java.util.Map.entry("randn", sh -> Tensor.randn(new SplittableRandom(1), sh)))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> op.getValue().apply(shape), "seed " + seed + ", " + op.getKey() + s);
                assertNamed(e, op.getKey(), s);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Tensor.ones(1).expand(shape), "seed " + seed);
            assertNamed(e, "expand", s);
        }

        @Test
        @DisplayName("concat refuses a joined dim past int, and eye(n) a square past int")
        void concatAndEye() {
            Tensor big = Tensor.ones(1).expand(1 << 30); // a view: no memory for 2^30 numbers is used
            assertNamed(assertThrows(IllegalArgumentException.class, () -> Tensor.concat(0, big, big)), "concat", "[1073741824]");
            assertNamed(assertThrows(IllegalArgumentException.class, () -> Tensor.eye(46341)), "eye", "[46341, 46341]");
        }

        @Test
        @DisplayName("a size-0 dim makes any shape empty, and a negative size is refused")
        void zeroAndNegative() {
            assertTrue(Tensor.zeros(0, 1 << 30, 1 << 30).numel() == 0);
            assertNamed(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, -2)), "zeros", "negative");
        }
    }

    @Nested
    @DisplayName("tensors larger than the heap")
    class Memory {
        @Test
        @DisplayName("a tensor larger than the whole heap is refused before allocating, with -Xmx advice")
        void largerThanHeap() {
            long elements = Runtime.getRuntime().maxMemory() / Double.BYTES + 1;
            assumeIndexable(elements);
            int[] shape = {(int) elements};
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(DType.F64, shape));
            assertNamed(e, "out of memory", Arrays.toString(shape), "F64", "MiB", "-Xmx", "JAVA_OPTS");
            IllegalStateException r = assertThrows(IllegalStateException.class,
                    () -> Tensor.randn(new SplittableRandom(3), shape));
            assertNamed(r, "out of memory", "-Xmx");
        }

        /** The heap of a test JVM is below 16 GiB; if it is not, the shape would not fit an int anyway. */
        private void assumeIndexable(long elements) {
            org.junit.jupiter.api.Assumptions.assumeTrue(elements <= Integer.MAX_VALUE,
                    "the heap is larger than an int-indexed tensor can be; nothing to test");
        }
    }
}
