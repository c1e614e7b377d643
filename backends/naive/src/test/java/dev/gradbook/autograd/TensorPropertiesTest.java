package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.View;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Properties of the tensor engine's views and broadcasting, on random shapes, checked on the naive
 * backend: operations that only rearrange numbers must keep them, and broadcast arithmetic must
 * follow NumPy's index rule exactly.
 */
@Label("Tensor views and broadcasting: properties")
class TensorPropertiesTest {

    private static final double EPS = 1e-12;

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMaxSize(4);
    }

    @Provide
    Arbitrary<int[]> matrixShapes() {
        return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(2).ofMaxSize(4);
    }

    /** A shape with some sizes 1, and a larger shape it expands to (extra leading dims, 1s stretched). */
    @Provide
    Arbitrary<int[][]> expansions() {
        return Combinators.combine(shapes(), Arbitraries.integers().between(1, 4).array(int[].class).ofMaxSize(2),
                Arbitraries.longs()).as((shape, leading, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int[] small = shape.clone();
                    int[] target = new int[leading.length + small.length];
                    System.arraycopy(leading, 0, target, 0, leading.length);
                    for (int d = 0; d < small.length; d++) {
                        if (r.nextBoolean()) {
                            small[d] = 1;
                            target[leading.length + d] = r.nextInt(1, 5);
                        } else {
                            target[leading.length + d] = small[d];
                        }
                    }
                    return new int[][] {small, target};
                });
    }

    private static Tensor random(long seed, int... shape) {
        return Tensor.randn(new SplittableRandom(seed), shape);
    }

    /** A random tensor that is contiguous, transposed or narrowed, depending on the seed. */
    private static Tensor randomLayout(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int layout = shape.length >= 2 ? r.nextInt(3) : r.nextInt(2) * 2;
        if (layout == 1) {
            int[] swapped = shape.clone();
            swapped[shape.length - 1] = shape[shape.length - 2];
            swapped[shape.length - 2] = shape[shape.length - 1];
            return Tensor.randn(r, swapped).transpose(-1, -2);
        }
        if (layout == 2 && shape.length >= 1) {
            int[] wider = shape.clone();
            wider[0] += 2;
            return Tensor.randn(r, wider).narrow(0, 1, shape[0]);
        }
        return Tensor.randn(r, shape);
    }

    private static void assertValuesClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "element count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], EPS * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Group
    @Label("Operations that only rearrange numbers")
    class Rearranging {
        @Property(tries = 200)
        @Label("transpose twice is the identity: same shape, strides, storage and values")
        void transposeTwice(@ForAll("matrixShapes") int[] shape, @ForAll @IntRange(min = -4, max = 3) int i,
                            @ForAll @IntRange(min = -4, max = 3) int j, @ForAll long seed) {
            int rank = shape.length;
            int a = Math.floorMod(i, 2 * rank) - rank; // any valid dim, negative ones included
            int b = Math.floorMod(j, 2 * rank) - rank;
            Tensor x = randomLayout(seed, shape);
            Tensor once = x.transpose(a, b);
            Tensor twice = once.transpose(a, b);
            assertArrayEquals(x.shape(), twice.shape());
            assertArrayEquals(x.strides(), twice.strides());
            assertSame(x.view().storage(), twice.view().storage(), "no copy");
            assertArrayEquals(x.toDoubleArray(), twice.toDoubleArray());

            int[] index = new int[rank];
            for (int n = 0; n < x.numel(); n++) {
                View.unravel(n, x.shape(), index);
                int[] swapped = index.clone();
                swapped[Math.floorMod(a, rank)] = index[Math.floorMod(b, rank)];
                swapped[Math.floorMod(b, rank)] = index[Math.floorMod(a, rank)];
                assertEquals(x.get(index), once.get(swapped), "x[i] == transpose(x)[swapped i]");
            }
        }

        @Property(tries = 200)
        @Label("permute, then permute by the inverse order, is the identity")
        void permuteInverse(@ForAll("shapes") int[] shape, @ForAll long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int rank = shape.length;
            List<Integer> dims = new ArrayList<>();
            for (int d = 0; d < rank; d++) {
                dims.add(d);
            }
            java.util.Collections.shuffle(dims, new java.util.Random(seed));
            int[] order = dims.stream().mapToInt(Integer::intValue).toArray();
            int[] inverse = new int[rank];
            for (int d = 0; d < rank; d++) {
                inverse[order[d]] = d;
            }
            Tensor x = randomLayout(r.nextLong(), shape);
            Tensor p = x.permute(order);
            for (int d = 0; d < rank; d++) {
                assertEquals(shape[order[d]], p.size(d), "output dim d is input dim order[d]");
            }
            Tensor back = p.permute(inverse);
            assertArrayEquals(x.shape(), back.shape());
            assertArrayEquals(x.toDoubleArray(), back.toDoubleArray());
        }

        @Property(tries = 200)
        @Label("reshape to a flat vector and back, or to shuffled sizes, keeps toDoubleArray()")
        void reshapeRoundTrip(@ForAll("shapes") int[] shape, @ForAll long seed) {
            Tensor x = randomLayout(seed, shape);
            double[] values = x.toDoubleArray();
            Tensor flat = x.reshape(-1);
            assertArrayEquals(new int[] {x.numel()}, flat.shape());
            assertArrayEquals(values, flat.toDoubleArray());
            Tensor back = flat.reshape(shape);
            assertArrayEquals(shape, back.shape());
            assertArrayEquals(values, back.toDoubleArray());

            int[] reversed = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                reversed[d] = shape[shape.length - 1 - d];
            }
            assertArrayEquals(values, x.reshape(reversed).toDoubleArray());
            assertArrayEquals(values, x.contiguous().view(reversed).toDoubleArray());
        }

        @Property(tries = 200)
        @Label("unsqueeze then squeeze at the same dim is the identity")
        void unsqueezeSqueeze(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = -5, max = 4) int dim,
                              @ForAll long seed) {
            int d = Math.floorMod(dim, 2 * (shape.length + 1)) - (shape.length + 1);
            Tensor x = randomLayout(seed, shape);
            Tensor u = x.unsqueeze(d);
            assertEquals(shape.length + 1, u.rank());
            assertEquals(1, u.size(d));
            Tensor back = u.squeeze(d);
            assertArrayEquals(shape, back.shape());
            assertArrayEquals(x.toDoubleArray(), back.toDoubleArray());
        }
    }

    @Group
    @Label("Broadcasting")
    class Broadcasting {
        @Property(tries = 200)
        @Label("expanding and summing over the expanded dims gives the original times the repeat count")
        void expandThenSum(@ForAll("expansions") int[][] expansion, @ForAll long seed) {
            int[] small = expansion[0];
            int[] target = expansion[1];
            Tensor x = random(seed, small);
            Tensor expanded = x.expand(target);
            assertArrayEquals(target, expanded.shape());
            int repeats = View.numel(target) / View.numel(small);
            double[] expected = x.mul(repeats).toDoubleArray();

            // With the public API: drop the new leading dims, keep (size 1) the stretched ones.
            int lead = target.length - small.length;
            int[] leading = new int[lead];
            for (int d = 0; d < lead; d++) {
                leading[d] = d;
            }
            List<Integer> stretched = new ArrayList<>();
            for (int d = 0; d < small.length; d++) {
                if (small[d] == 1 && target[lead + d] != 1) {
                    stretched.add(d);
                }
            }
            Tensor summed = expanded.sum(leading, false).sum(stretched.stream().mapToInt(Integer::intValue).toArray(), true);
            assertArrayEquals(small, summed.shape());
            assertValuesClose(expected, summed.toDoubleArray());

            // And with the one place the engine does it during backward.
            Tensor reduced = Tensor.reduceToShape(expanded, small);
            assertArrayEquals(small, reduced.shape());
            assertValuesClose(expected, reduced.toDoubleArray());
        }

        @Property(tries = 200)
        @Label("a broadcast sum follows the index rule: out[i] = a[i with broadcast dims at 0] + b[likewise]")
        void broadcastAddFollowsIndexRule(@ForAll("expansions") int[][] expansion, @ForAll long seed,
                                          @ForAll boolean swap) {
            int[] aShape = swap ? expansion[1] : expansion[0];
            int[] bShape = swap ? expansion[0] : expansion[1];
            // Make the "target" side broadcast too, by setting one of its sizes to 1.
            SplittableRandom r = new SplittableRandom(seed);
            int[] bigger = swap ? aShape : bShape;
            if (bigger.length > 0) {
                bigger[r.nextInt(bigger.length)] = 1;
            }
            Tensor a = randomLayout(r.nextLong(), aShape);
            Tensor b = randomLayout(r.nextLong(), bShape);
            int[] outShape = View.broadcastShape(aShape, bShape);
            Tensor sum = a.add(b);
            assertArrayEquals(outShape, sum.shape());
            int[] index = new int[outShape.length];
            for (int n = 0; n < sum.numel(); n++) {
                View.unravel(n, outShape, index);
                assertEquals(a.get(broadcastIndex(index, aShape)) + b.get(broadcastIndex(index, bShape)), sum.get(index));
            }
        }

        private int[] broadcastIndex(int[] outIndex, int[] shape) {
            int lead = outIndex.length - shape.length;
            int[] index = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                index[d] = shape[d] == 1 ? 0 : outIndex[lead + d];
            }
            return index;
        }
    }

    @Group
    @Label("Arithmetic against its definition")
    class Definitions {
        @Property(tries = 100)
        @Label("batched matmul equals the triple loop, for every batch")
        void matmulIsTheTripleLoop(@ForAll @IntRange(min = 1, max = 4) int m, @ForAll @IntRange(min = 0, max = 4) int k,
                                   @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int batch,
                                   @ForAll long seed) {
            Tensor a = randomLayout(seed, batch, m, k);
            Tensor b = randomLayout(seed + 1, k, n);
            Tensor c = a.matmul(b);
            assertArrayEquals(new int[] {batch, m, n}, c.shape());
            for (int s = 0; s < batch; s++) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double expected = 0;
                        for (int p = 0; p < k; p++) {
                            expected += a.get(s, i, p) * b.get(p, j);
                        }
                        assertEquals(expected, c.get(s, i, j), EPS * Math.max(1, Math.abs(expected)));
                    }
                }
            }
        }

        @Property(tries = 200)
        @Label("sum, mean and max along a dim equal the loop over that dim")
        void reductionsAlongADim(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = -4, max = 3) int dim,
                                 @ForAll boolean keepDim, @ForAll long seed) {
            net.jqwik.api.Assume.that(shape.length > 0);
            int d = Math.floorMod(dim, shape.length);
            Tensor x = randomLayout(seed, shape);
            Tensor sum = x.sum(new int[] {dim < 0 ? d - shape.length : d}, keepDim);
            Tensor mean = x.mean(new int[] {d}, keepDim);
            Tensor max = x.max(new int[] {d}, keepDim);
            int[] kept = shape.clone();
            kept[d] = 1;
            int[] expectedShape = keepDim ? kept : dropDim(shape, d);
            assertArrayEquals(expectedShape, sum.shape());
            assertArrayEquals(expectedShape, mean.shape());
            assertArrayEquals(expectedShape, max.shape());
            double[] sums = sum.toDoubleArray();
            double[] means = mean.toDoubleArray();
            double[] maxes = max.toDoubleArray();
            int[] index = new int[shape.length];
            for (int n = 0; n < View.numel(kept); n++) {
                View.unravel(n, kept, index);
                double s = 0;
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < shape[d]; j++) {
                    index[d] = j;
                    s += x.get(index);
                    mx = Math.max(mx, x.get(index));
                }
                assertEquals(s, sums[n], EPS * Math.max(1, Math.abs(s)));
                assertEquals(s / shape[d], means[n], EPS * Math.max(1, Math.abs(s)));
                assertEquals(mx, maxes[n]);
            }
        }

        private int[] dropDim(int[] shape, int d) {
            int[] out = new int[shape.length - 1];
            for (int i = 0, j = 0; i < shape.length; i++) {
                if (i != d) {
                    out[j++] = shape[i];
                }
            }
            return out;
        }
    }

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
