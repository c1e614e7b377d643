package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.View;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the index math every backend relies on ({@link View}): how a multi-index becomes
 * a storage position, and NumPy's broadcasting rule. No backend needed: these are pure functions.
 */
@Label("View: index math and broadcasting")
class ViewPropertiesTest {

    /** A view over enough zeros for any index of {@code shape}; the layout is what these tests look at. */
    static View layout(int[] shape, int[] strides, int offset) {
        return new View(new DoubleStorage(new double[1 + Math.max(0, View.numel(shape)) * 4]), shape, strides, offset);
    }

    /** A contiguous view whose storage holds 0, 1, 2, ...: each element names its own position. */
    static View counting(int... shape) {
        double[] data = new double[View.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        return View.contiguous(new DoubleStorage(data), shape);
    }

    /** All elements of {@code v} in row-major order, read through its strides. */
    static double[] elements(View v) {
        double[] out = new double[v.size()];
        int[] index = new int[v.rank()];
        for (int i = 0; i < out.length; i++) {
            View.unravel(i, v.shape(), index);
            out[i] = v.get(index);
        }
        return out;
    }

    /** Shapes of rank 0 to 4 with sizes 1 to 5 (at most 625 elements). */
    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 5).array(int[].class).ofMaxSize(4);
    }

    /** Like {@link #shapes()} but sizes may be 0: empty tensors. */
    @Provide
    Arbitrary<int[]> shapesWithEmpties() {
        return Arbitraries.integers().between(0, 4).array(int[].class).ofMaxSize(4);
    }

    /** A shape and another that broadcasts with it (a suffix with some sizes set to 1), in either order. */
    @Provide
    Arbitrary<int[][]> broadcastablePairs() {
        return Combinators.combine(shapes(), Arbitraries.integers().between(0, 4), Arbitraries.longs(),
                Arbitraries.of(true, false)).as((a, drop, mask, swap) -> {
                    int[] b = Arrays.copyOfRange(a, Math.min(drop, a.length), a.length);
                    for (int d = 0; d < b.length; d++) {
                        if ((mask >>> d & 1) == 1) {
                            b[d] = 1;
                        }
                    }
                    return swap ? new int[][] {b, a} : new int[][] {a, b};
                });
    }

    @Group
    @Label("Row-major index math")
    class RowMajor {
        @Property(tries = 200)
        @Label("unravel then ravel gives back every ordinal, and the indices count up row by row")
        void unravelRavelRoundTrip(@ForAll("shapes") int[] shape) {
            int[] index = new int[shape.length];
            int[] previous = null;
            for (int ordinal = 0; ordinal < View.numel(shape); ordinal++) {
                View.unravel(ordinal, shape, index);
                for (int d = 0; d < shape.length; d++) {
                    assertTrue(index[d] >= 0 && index[d] < shape[d], "index in bounds");
                }
                assertEquals(ordinal, View.ravel(index, shape));
                if (previous != null) {
                    assertTrue(Arrays.compare(previous, index) < 0, "row-major order: each index follows the last");
                }
                previous = index.clone();
            }
        }

        @Property(tries = 200)
        @Label("the storage position of a contiguous view equals the row-major ordinal")
        void contiguousPositionIsOrdinal(@ForAll("shapes") int[] shape) {
            View view = View.contiguous(new DoubleStorage(new double[View.numel(shape)]), shape);
            int[] index = new int[shape.length];
            for (int ordinal = 0; ordinal < view.size(); ordinal++) {
                View.unravel(ordinal, shape, index);
                assertEquals(ordinal, view.position(index));
            }
        }

        @Property(tries = 200)
        @Label("fresh row-major strides are contiguous, empty shapes included")
        void contiguousStridesAreContiguous(@ForAll("shapesWithEmpties") int[] shape) {
            assertTrue(layout(shape, View.contiguousStrides(shape), 0).isContiguous(),
                    "shape " + Arrays.toString(shape) + " strides " + Arrays.toString(View.contiguousStrides(shape)));
        }

        @Property(tries = 200)
        @Label("swapping two dims of size > 1 makes a layout non-contiguous")
        void swappedStridesAreNotContiguous(@ForAll @IntRange(min = 2, max = 5) int rows,
                                            @ForAll @IntRange(min = 2, max = 5) int cols) {
            int[] strides = View.contiguousStrides(new int[] {rows, cols});
            assertFalse(layout(new int[] {cols, rows}, new int[] {strides[1], strides[0]}, 0).isContiguous());
        }

        @Property(tries = 200)
        @Label("numel is the product of the sizes (1 for a scalar)")
        void numelIsProduct(@ForAll("shapesWithEmpties") int[] shape) {
            assertEquals(Arrays.stream(shape).reduce(1, (x, y) -> x * y), View.numel(shape));
        }

        @Example
        @Label("a worked example: [2, 3] has strides [3, 1]; (1, 2) sits at 5")
        void workedExample() {
            assertArrayEquals(new int[] {3, 1}, View.contiguousStrides(new int[] {2, 3}));
            assertEquals(5, layout(new int[] {2, 3}, new int[] {3, 1}, 0).position(1, 2));
            assertEquals(7, layout(new int[] {2, 3}, new int[] {1, 3}, 0).position(1, 2), "transposed strides");
            int[] index = new int[2];
            View.unravel(4, new int[] {2, 3}, index);
            assertArrayEquals(new int[] {1, 1}, index);
        }

        @Example
        @Label("numel refuses shapes too large for int storage indices")
        void numelOverflow() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> View.numel(new int[] {65536, 65536}));
            assertTrue(e.getMessage().contains("[65536, 65536]"), e.getMessage());
        }
    }

    @Group
    @Label("Broadcasting")
    class Broadcasting {
        @Property(tries = 200)
        @Label("is symmetric, for compatible and incompatible pairs alike")
        void symmetric(@ForAll("shapes") int[] a, @ForAll("shapes") int[] b) {
            assertArrayEquals(View.broadcastShape(a, b), View.broadcastShape(b, a));
        }

        @Property(tries = 200)
        @Label("is symmetric and idempotent on compatible pairs")
        void idempotent(@ForAll("broadcastablePairs") int[][] pair) {
            int[] a = pair[0];
            int[] b = pair[1];
            int[] ab = View.broadcastShape(a, b);
            assertNotNull(ab, Arrays.toString(a) + " and " + Arrays.toString(b) + " should broadcast");
            assertArrayEquals(ab, View.broadcastShape(b, a));
            assertArrayEquals(a, View.broadcastShape(a, a));
            assertArrayEquals(ab, View.broadcastShape(ab, a));
            assertArrayEquals(ab, View.broadcastShape(ab, b));
            assertEquals(Math.max(a.length, b.length), ab.length);
            for (int i = 1; i <= ab.length; i++) {
                int sa = i <= a.length ? a[a.length - i] : 1;
                int sb = i <= b.length ? b[b.length - i] : 1;
                assertEquals(Math.max(sa, sb), ab[ab.length - i], "each size is the larger of the aligned pair");
            }
        }

        @Property(tries = 200)
        @Label("with a shape of 1s, or a scalar, only pads with leading 1s")
        void onesAreNeutral(@ForAll("shapes") int[] a, @ForAll @IntRange(min = 0, max = 6) int ones) {
            int[] allOnes = new int[ones];
            Arrays.fill(allOnes, 1);
            int[] expected = new int[Math.max(ones, a.length)];
            Arrays.fill(expected, 1);
            System.arraycopy(a, 0, expected, expected.length - a.length, a.length);
            assertArrayEquals(expected, View.broadcastShape(a, allOnes));
            assertArrayEquals(a, View.broadcastShape(new int[0], a));
        }

        @Property(tries = 200)
        @Label("fails (null) as soon as one aligned pair differs with neither size 1")
        void incompatible(@ForAll("shapes") int[] a, @ForAll @IntRange(min = 0, max = 3) int which,
                          @ForAll @IntRange(min = 1, max = 3) int shift) {
            Assume.that(a.length > 0); // a scalar broadcasts with everything
            int d = which % a.length;
            int[] b = a.clone();
            int[] wider = a.clone();
            wider[d] = a[d] == 1 ? 2 : a[d];
            b[d] = wider[d] + shift;
            assertNull(View.broadcastShape(wider, b),
                    Arrays.toString(wider) + " and " + Arrays.toString(b) + " must not broadcast");
        }

        @Example
        @Label("the worked examples: [3, 1] with [4] is [3, 4]; [2, 3, 4] with [3, 1] is [2, 3, 4]; [3] with [4] fails")
        void workedExamples() {
            assertArrayEquals(new int[] {3, 4}, View.broadcastShape(new int[] {3, 1}, new int[] {4}));
            assertArrayEquals(new int[] {2, 3, 4}, View.broadcastShape(new int[] {2, 3, 4}, new int[] {3, 1}));
            assertNull(View.broadcastShape(new int[] {3}, new int[] {4}));
            assertArrayEquals(new int[] {0, 4}, View.broadcastShape(new int[] {0, 1}, new int[] {4}),
                    "a size-1 dim stretches to 0 as well");
        }
    }

    @Group
    @Label("Views of the same storage")
    class NewViews {
        @Property(tries = 200)
        @Label("permute moves no number: element i of the result is the input element at the permuted index")
        void permuteReindexes(@ForAll("shapes") int[] shape, @ForAll long seed) {
            View v = counting(shape);
            int[] order = shuffledDims(shape.length, seed);
            View p = v.permute(order);
            assertTrue(p.storage() == v.storage(), "same storage, nothing copied");
            int[] index = new int[shape.length];
            int[] source = new int[shape.length];
            for (int i = 0; i < p.size(); i++) {
                View.unravel(i, p.shape(), index);
                for (int d = 0; d < order.length; d++) {
                    source[order[d]] = index[d];
                }
                assertEquals(v.get(source), p.get(index));
            }
        }

        @Property(tries = 200)
        @Label("transpose twice, and unsqueeze then squeeze, give back the same layout")
        void inverses(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 0, max = 4) int a,
                      @ForAll @IntRange(min = 0, max = 4) int b) {
            View v = counting(shape);
            if (shape.length > 0) {
                int d0 = a % shape.length;
                int d1 = b % shape.length;
                View back = v.transpose(d0, d1).transpose(d0, d1);
                assertArrayEquals(v.shape(), back.shape());
                assertArrayEquals(v.strides(), back.strides());
            }
            int d = a % (shape.length + 1);
            View round = v.unsqueeze(d).squeeze(d);
            assertArrayEquals(v.shape(), round.shape());
            assertArrayEquals(v.strides(), round.strides());
            assertEquals(1, v.unsqueeze(d).shape()[d]);
        }

        @Property(tries = 200)
        @Label("narrow shows exactly the entries [start, start + length) of its dim")
        void narrowWindow(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 0, max = 4) int which,
                          @ForAll @IntRange(min = 0, max = 4) int from, @ForAll @IntRange(min = 0, max = 4) int count) {
            Assume.that(shape.length > 0);
            int d = which % shape.length;
            int start = from % (shape[d] + 1);
            int length = count % (shape[d] - start + 1);
            View v = counting(shape);
            View n = v.narrow(d, start, length);
            int[] index = new int[shape.length];
            for (int i = 0; i < n.size(); i++) {
                View.unravel(i, n.shape(), index);
                double seen = n.get(index);
                index[d] += start;
                assertEquals(v.get(index), seen);
            }
        }

        @Property(tries = 200)
        @Label("expand repeats size-1 dims with stride 0 and keeps every other stride")
        void expandRepeats(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 1, max = 3) int times,
                           @ForAll @IntRange(min = 0, max = 2) int lead) {
            int[] small = shape.clone(); // its first dim (if any) has size 1 and will grow to `times`
            if (small.length > 0) {
                small[0] = 1;
            }
            View v = counting(small);
            int[] target = new int[lead + small.length];
            Arrays.fill(target, times);
            System.arraycopy(small, 0, target, lead, small.length);
            if (small.length > 0) {
                target[lead] = times;
            }
            View e = v.expand(target);
            int[] index = new int[target.length];
            int[] source = new int[small.length];
            for (int i = 0; i < e.size(); i++) {
                View.unravel(i, target, index);
                for (int d = 0; d < small.length; d++) {
                    source[d] = small[d] == 1 ? 0 : index[lead + d];
                }
                assertEquals(v.get(source), e.get(index));
            }
            for (int d = 0; d < lead; d++) {
                assertEquals(0, e.strides()[d], "new leading dims are broadcast");
            }
        }

        @Property(tries = 200)
        @Label("reshape of a contiguous view keeps the row-major order; of a transposed one it refuses")
        void reshapeOrder(@ForAll("shapes") int[] shape) {
            View v = counting(shape);
            View flat = v.reshape(v.size());
            assertArrayEquals(elements(v), elements(flat));
            if (shape.length >= 2 && shape[0] > 1 && shape[1] > 1) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> v.transpose(0, 1).reshape(v.size()));
                assertTrue(e.getMessage().contains("without copying"), e.getMessage());
            }
        }

        @Example
        @Label("the worked example: [2, 3] with strides [3, 1] transposed is [3, 2] with strides [1, 3]")
        void workedTranspose() {
            View t = counting(2, 3).transpose(0, 1);
            assertArrayEquals(new int[] {3, 2}, t.shape());
            assertArrayEquals(new int[] {1, 3}, t.strides());
            assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, elements(t));
            assertFalse(t.isContiguous());
        }

        @Example
        @Label("get checks its index (position, called per element by backends, trusts its caller)")
        void getChecks() {
            View v = counting(2, 3);
            assertEquals(5.0, v.get(1, 2));
            assertMessage(() -> v.get(5, 5), "get", "[5, 5]", "[2, 3]");
            assertMessage(() -> v.get(1), "get", "1 indices", "rank 2");
        }

        @Example
        @Label("a storage prints its numbers in memory order")
        void storagePrints() {
            assertEquals("F64 storage of 3: [0.0, 1.0, 2.0]", counting(3).storage().toString());
            assertTrue(counting(30).storage().toString().endsWith("19.0, ...]"));
        }

        @Example
        @Label("bad arguments name the method and the shapes")
        void badArguments() {
            View v = counting(2, 3);
            assertMessage(() -> v.narrow(5, 0, 1), "narrow", "dim 5", "0..1");
            assertMessage(() -> v.transpose(0, 7), "transpose", "dim 7");
            assertMessage(() -> v.squeeze(2), "squeeze", "dim 2");
            assertMessage(() -> v.permute(0, 0), "permute", "[0, 0]", "twice");
            assertMessage(() -> v.expand(4, 3), "expand", "[2, 3]", "[4, 3]", "size-1");
            assertMessage(() -> v.expand(3), "expand", "fewer dims");
            assertMessage(() -> v.narrow(1, 2, 2), "narrow", "[2, 4)", "[2, 3]");
            assertMessage(() -> v.squeeze(0), "squeeze", "size 2");
            assertMessage(() -> v.unsqueeze(3), "unsqueeze", "dim 3", "0..2");
            assertMessage(() -> v.reshape(4), "reshape", "6", "4");
        }

        private void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            for (String part : parts) {
                assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
            }
        }

        private int[] shuffledDims(int rank, long seed) {
            int[] order = new int[rank];
            for (int d = 0; d < rank; d++) {
                order[d] = d;
            }
            java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
            for (int d = rank - 1; d > 0; d--) {
                int j = rng.nextInt(d + 1);
                int tmp = order[d];
                order[d] = order[j];
                order[j] = tmp;
            }
            return order;
        }
    }
}
