package dev.gradbook.backends.simd;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.ReduceOp;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.backends.naive.NaiveBackend;
import dev.gradbook.backends.simd.TestViews.Layout;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.gradbook.backends.simd.TestViews.assertClose;
import static dev.gradbook.backends.simd.TestViews.assertSameBits;
import static dev.gradbook.backends.simd.TestViews.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The SIMD backend computes what the naive backend computes")
class SimdBackendTest {
    private static final NaiveBackend NAIVE = new NaiveBackend();
    private static final SimdBackend SIMD = new SimdBackend();
    private static final DType[] DTYPES = {DType.F64, DType.F32};

    /**
     * Shapes for element-wise ops: 0-d, empty, lengths that are not multiples of any vector width,
     * and rows longer than the kernels' 1024-element chunks.
     */
    private static final int[][] SHAPES = {
        {}, {0}, {1}, {3}, {7}, {17}, {33}, {1000}, {2, 0, 3}, {4, 17}, {9, 33}, {3, 5, 7}, {128, 40}, {2, 3, 4, 5},
        {2, 2500},
    };

    private static String describe(String op, DType dtype, int[] shape, Object layouts) {
        return op + " " + dtype + " " + View.str(shape) + " " + layouts;
    }

    @Nested
    @DisplayName("map: out = op(in)")
    class Map {
        @ParameterizedTest(name = "{0}, every dtype, shape and input layout, bit for bit")
        @EnumSource(UnaryOp.class)
        void everyLayoutBitForBit(UnaryOp op) {
            Random random = new Random(op.ordinal());
            for (DType dtype : DTYPES) {
                for (int[] shape : SHAPES) {
                    for (Layout layout : Layout.values()) {
                        View in = TestViews.random(dtype, shape, layout, random);
                        View expected = output(dtype, shape);
                        View actual = output(dtype, shape);
                        NAIVE.map(op, in, expected);
                        SIMD.map(op, in, actual);
                        assertSameBits(expected, actual, describe("map " + op, dtype, shape, layout));
                    }
                }
            }
        }

        @Test
        @DisplayName("relu, step and sign treat 0, -0 and NaN like their scalar definitions")
        void signedZerosAndNaN() {
            double[] specials = specials();
            for (DType dtype : DTYPES) {
                View in = vectorOf(dtype, specials);
                for (UnaryOp op : UnaryOp.values()) {
                    View expected = output(dtype, specials.length);
                    View actual = output(dtype, specials.length);
                    NAIVE.map(op, in, expected);
                    SIMD.map(op, in, actual);
                    assertSameBits(expected, actual, "map " + op + " " + dtype + " on special values");
                }
            }
        }
    }

    @Nested
    @DisplayName("zip: out = op(a, b)")
    class Zip {
        /** Operand layouts: dense, broadcast scalar either side, bias row, per-row column, transposed, sliced. */
        private final Layout[][] pairs = {
            {Layout.CONTIGUOUS, Layout.CONTIGUOUS},
            {Layout.CONTIGUOUS, Layout.SCALAR},
            {Layout.SCALAR, Layout.CONTIGUOUS},
            {Layout.CONTIGUOUS, Layout.ROW},
            {Layout.ROW, Layout.CONTIGUOUS},
            {Layout.CONTIGUOUS, Layout.COLUMN},
            {Layout.COLUMN, Layout.ROW},
            {Layout.TRANSPOSED, Layout.CONTIGUOUS},
            {Layout.SLICED, Layout.TRANSPOSED},
            {Layout.SCALAR, Layout.SCALAR},
        };

        @ParameterizedTest(name = "{0}, every dtype, shape and operand layout, bit for bit")
        @EnumSource(BinaryOp.class)
        void everyLayoutBitForBit(BinaryOp op) {
            Random random = new Random(100 + op.ordinal());
            for (DType dtype : DTYPES) {
                for (int[] shape : SHAPES) {
                    for (Layout[] pair : pairs) {
                        View a = TestViews.random(dtype, shape, pair[0], random);
                        View b = TestViews.random(dtype, shape, pair[1], random);
                        View expected = output(dtype, shape);
                        View actual = output(dtype, shape);
                        NAIVE.zip(op, a, b, expected);
                        SIMD.zip(op, a, b, actual);
                        assertSameBits(expected, actual, describe("zip " + op, dtype, shape, Arrays.toString(pair)));
                    }
                }
            }
        }

        @Test
        @DisplayName("the bias add [128, 512] + [512] (a row broadcast over the batch)")
        void biasAdd() {
            Random random = new Random(7);
            for (DType dtype : DTYPES) {
                View x = TestViews.random(dtype, new int[] {128, 512}, Layout.CONTIGUOUS, random);
                View bias = TestViews.random(dtype, new int[] {128, 512}, Layout.ROW, random);
                View expected = output(dtype, 128, 512);
                View actual = output(dtype, 128, 512);
                NAIVE.zip(BinaryOp.ADD, x, bias, expected);
                SIMD.zip(BinaryOp.ADD, x, bias, actual);
                assertSameBits(expected, actual, "bias add " + dtype);
            }
        }

        @Test
        @DisplayName("max, min and comparisons agree on NaN, ±0 and ±∞, also once the JIT has compiled the kernels")
        void specialValuesHotAndCold() {
            double[] specials = specials();
            int n = specials.length;
            for (DType dtype : DTYPES) {
                // every special against every special: a is constant along rows, b along columns
                View a = vectorOf(dtype, specials);
                View aRows = new View(a.storage(), new int[] {n, n}, new int[] {1, 0}, 0);
                View bCols = new View(a.storage(), new int[] {n, n}, new int[] {0, 1}, 0);
                View aDense = output(dtype, n, n);
                View bDense = output(dtype, n, n);
                NAIVE.copy(aRows, aDense);
                NAIVE.copy(bCols, bDense);
                for (BinaryOp op : BinaryOp.values()) {
                    View expected = output(dtype, n, n);
                    NAIVE.zip(op, aDense, bDense, expected);
                    View actual = output(dtype, n, n);
                    for (int round = 0; round < 300; round++) { // enough calls for the JIT to compile the loop
                        SIMD.zip(op, aDense, bDense, actual);
                    }
                    assertSameBits(expected, actual, "zip " + op + " " + dtype + " on special values");
                    SIMD.zip(op, aRows, bCols, actual);
                    assertSameBits(expected, actual, "zip " + op + " " + dtype + " on broadcast special values");
                }
            }
        }
    }

    @Nested
    @DisplayName("reduce: sum, max, min along one dim")
    class Reduce {
        private final Layout[] layouts = {Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.SLICED, Layout.ROW,
            Layout.COLUMN, Layout.SCALAR};

        @ParameterizedTest(name = "{0}, every dtype, shape, dim and layout")
        @EnumSource(ReduceOp.class)
        void everyDimAndLayout(ReduceOp op) {
            Random random = new Random(200 + op.ordinal());
            for (DType dtype : DTYPES) {
                for (int[] shape : SHAPES) {
                    for (int dim = 0; dim < shape.length; dim++) {
                        for (Layout layout : layouts) {
                            View in = TestViews.random(dtype, shape, layout, random);
                            checkReduce(op, in, dim, describe("reduce " + op + " dim " + dim, dtype, shape, layout));
                        }
                    }
                }
            }
        }

        @Test
        @DisplayName("row sums and row maxima of [128, 1000] (softmax, losses)")
        void rowReductions() {
            Random random = new Random(8);
            for (DType dtype : DTYPES) {
                View in = TestViews.random(dtype, new int[] {128, 1000}, Layout.CONTIGUOUS, random);
                for (ReduceOp op : ReduceOp.values()) {
                    checkReduce(op, in, 1, "row " + op + " " + dtype);
                }
            }
        }

        @Test
        @DisplayName("the bias gradient: column sums of [128, 512] add in the naive order, so F64 matches bit for bit")
        void columnSums() {
            Random random = new Random(9);
            for (DType dtype : DTYPES) {
                View in = TestViews.random(dtype, new int[] {128, 517}, Layout.CONTIGUOUS, random);
                checkReduce(ReduceOp.SUM, in, 0, "column sums " + dtype);
                checkReduce(ReduceOp.MAX, in, 0, "column max " + dtype);
            }
            View in = TestViews.random(DType.F64, new int[] {128, 517}, Layout.CONTIGUOUS, random);
            View expected = output(DType.F64, 1, 517);
            View actual = output(DType.F64, 1, 517);
            NAIVE.reduce(ReduceOp.SUM, in, 0, expected);
            SIMD.reduce(ReduceOp.SUM, in, 0, actual);
            assertSameBits(expected, actual, "F64 column sums");
        }

        @Test
        @DisplayName("a long F32 sum stays accurate (float lanes, double block totals)")
        void longFloatSum() {
            int n = 1 << 20;
            View in = output(DType.F32, n);
            for (int i = 0; i < n; i++) {
                in.storage().set(i, 0.1f);
            }
            View sum = output(DType.F32, 1);
            SIMD.reduce(ReduceOp.SUM, in, 0, sum);
            double exact = n * (double) 0.1f;
            assertEquals(exact, sum.get(0), exact * 1e-6, "a naive float running sum would be off by ~1e-2 relative");
        }

        @Test
        @DisplayName("max and min propagate NaN and order -0 below +0, like Math.max and Math.min")
        void specialValues() {
            double[] specials = specials();
            for (DType dtype : DTYPES) {
                for (int from = 0; from < specials.length; from++) {
                    // every window of the specials, long enough to reach the vector loop
                    double[] window = new double[40];
                    for (int i = 0; i < window.length; i++) {
                        window[i] = specials[(from + i) % specials.length];
                    }
                    if (from % 3 == 0) { // and windows without NaN, where the ±0 question matters
                        for (int i = 0; i < window.length; i++) {
                            window[i] = Double.isNaN(window[i]) ? -0.0 : window[i];
                        }
                    }
                    for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
                        View in = vectorOf(dtype, window);
                        View expected = output(dtype, 1);
                        View actual = output(dtype, 1);
                        NAIVE.reduce(op, in, 0, expected);
                        SIMD.reduce(op, in, 0, actual);
                        assertSameBits(expected, actual, op + " " + dtype + " of " + Arrays.toString(window));
                    }
                }
            }
        }

        /**
         * Max and min must match exactly. A sum may be grouped differently (vector lanes), so it
         * must match within the classic bound for summing {@code L} numbers: {@code L·ε·Σ|x|}.
         */
        void checkReduce(ReduceOp op, View in, int dim, String what) {
            DType dtype = in.storage().dtype();
            int[] outShape = in.shape().clone();
            outShape[dim] = 1;
            View expected = output(dtype, outShape);
            View actual = output(dtype, outShape);
            NAIVE.reduce(op, in, dim, expected);
            SIMD.reduce(op, in, dim, actual);
            if (op != ReduceOp.SUM) {
                assertSameBits(expected, actual, what);
                return;
            }
            View magnitudes = output(dtype, in.shape());
            View magnitudeSums = output(dtype, outShape);
            NAIVE.map(UnaryOp.ABS, in, magnitudes);
            NAIVE.reduce(ReduceOp.SUM, magnitudes, dim, magnitudeSums);
            double[] tolerance = new double[magnitudeSums.size()];
            double scale = in.shape()[dim] * TestViews.epsilon(dtype);
            for (int i = 0; i < tolerance.length; i++) {
                tolerance[i] = scale * magnitudeSums.storage().get(i);
            }
            assertClose(expected, actual, tolerance, what);
        }
    }

    @Nested
    @DisplayName("seeded random shapes and layouts")
    class RandomShapes {
        @Test
        @DisplayName("200 random shapes (rank 0-4, sizes 0-40) through every op and primitive")
        void randomShapes() {
            Random random = new Random(600);
            Layout[] layouts = Layout.values();
            for (int trial = 0; trial < 200; trial++) {
                int[] shape = new int[random.nextInt(5)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 5 : 40);
                }
                DType dtype = DTYPES[trial % 2];
                View a = TestViews.random(dtype, shape, layouts[random.nextInt(layouts.length)], random);
                View b = TestViews.random(dtype, shape, layouts[random.nextInt(layouts.length)], random);
                String what = describe("trial " + trial, dtype, shape, "a " + a + ", b " + b);
                for (UnaryOp op : UnaryOp.values()) {
                    View expected = output(dtype, shape);
                    View actual = output(dtype, shape);
                    NAIVE.map(op, a, expected);
                    SIMD.map(op, a, actual);
                    assertSameBits(expected, actual, "map " + op + " " + what);
                }
                for (BinaryOp op : BinaryOp.values()) {
                    View expected = output(dtype, shape);
                    View actual = output(dtype, shape);
                    NAIVE.zip(op, a, b, expected);
                    SIMD.zip(op, a, b, actual);
                    assertSameBits(expected, actual, "zip " + op + " " + what);
                }
                if (shape.length > 0) {
                    int dim = random.nextInt(shape.length);
                    for (ReduceOp op : ReduceOp.values()) {
                        new Reduce().checkReduce(op, a, dim, "reduce " + op + " dim " + dim + " " + what);
                    }
                }
            }
        }
    }

    @Nested
    @DisplayName("matmul: out = a @ b, batched over leading dims")
    class Matmul {
        private final Layout[][] pairs = {
            {Layout.CONTIGUOUS, Layout.CONTIGUOUS},
            {Layout.TRANSPOSED, Layout.CONTIGUOUS},
            {Layout.CONTIGUOUS, Layout.TRANSPOSED}, // B transposed, as in the backward pass g @ Bᵀ
            {Layout.TRANSPOSED, Layout.TRANSPOSED},
            {Layout.SLICED, Layout.SLICED},
        };

        /** (m, k, n): tiny, not multiples of the tile, multi-k-block, and the seeded random ones. */
        private List<int[]> sizes() {
            List<int[]> sizes = new ArrayList<>(List.of(
                    new int[] {1, 1, 1}, new int[] {1, 7, 3}, new int[] {3, 1, 17}, new int[] {7, 3, 33},
                    new int[] {17, 33, 7}, new int[] {33, 17, 1000}, new int[] {6, 64, 32}, new int[] {64, 600, 40},
                    new int[] {12, 300, 16}, new int[] {4, 64, 32},
                    new int[] {1000, 1, 1}, new int[] {1, 1000, 1}, new int[] {300, 257, 129}));
            Random random = new Random(300);
            for (int i = 0; i < 12; i++) {
                sizes.add(new int[] {1 + random.nextInt(80), 1 + random.nextInt(80), 1 + random.nextInt(80)});
            }
            return sizes;
        }

        @Test
        @DisplayName("every size and layout: within rounding of the naive loops, and exactly the FMA chain")
        void everySizeAndLayout() {
            Random random = new Random(301);
            for (DType dtype : DTYPES) {
                for (int[] size : sizes()) {
                    for (Layout[] pair : pairs) {
                        View a = TestViews.random(dtype, new int[] {size[0], size[1]}, pair[0], random);
                        View b = TestViews.random(dtype, new int[] {size[1], size[2]}, pair[1], random);
                        checkMatmul(a, b, describe("matmul", dtype, size, Arrays.toString(pair)));
                    }
                }
            }
        }

        @Test
        @DisplayName("batched [2, 3, m, k] @ [2, 3, k, n], and a batch broadcast from one matrix (stride 0)")
        void batched() {
            Random random = new Random(302);
            for (DType dtype : DTYPES) {
                for (int[] size : new int[][] {{5, 9, 17}, {40, 70, 33}, {130, 40, 20}}) {
                    int m = size[0];
                    int k = size[1];
                    int n = size[2];
                    View a = TestViews.random(dtype, new int[] {2, 3, m, k}, Layout.CONTIGUOUS, random);
                    View b = TestViews.random(dtype, new int[] {2, 3, k, n}, Layout.TRANSPOSED, random);
                    checkMatmul(a, b, describe("batched matmul", dtype, size, "a dense, b transposed"));
                    View one = TestViews.random(dtype, new int[] {m, k}, Layout.CONTIGUOUS, random);
                    View broadcast = new View(one.storage(), new int[] {2, 3, m, k},
                            new int[] {0, 0, k, 1}, 0);
                    checkMatmul(broadcast, b, describe("batched matmul", dtype, size, "a broadcast over the batch"));
                }
                // many small products: the batch is what gets split over threads
                View a = TestViews.random(dtype, new int[] {64, 40, 60}, Layout.CONTIGUOUS, random);
                View b = TestViews.random(dtype, new int[] {64, 60, 50}, Layout.SLICED, random);
                checkMatmul(a, b, describe("batched matmul", dtype, new int[] {64, 40, 60, 50}, "many small"));
            }
        }

        @Test
        @DisplayName("k = 0 gives zeros (even over old contents), m = 0 or n = 0 gives an empty result")
        void degenerate() {
            for (DType dtype : DTYPES) {
                View a = output(dtype, 3, 0);
                View b = output(dtype, 0, 5);
                View out = output(dtype, 3, 5);
                SIMD.fill(out, 42.0);
                SIMD.matmul(a, b, out);
                for (int i = 0; i < 15; i++) {
                    assertEquals(0.0, out.storage().get(i), "k = 0 " + dtype);
                }
                SIMD.matmul(output(dtype, 0, 4), output(dtype, 4, 5), output(dtype, 0, 5));
                SIMD.matmul(output(dtype, 3, 4), output(dtype, 4, 0), output(dtype, 3, 0));
                SIMD.matmul(output(dtype, 0, 3, 4), output(dtype, 0, 4, 5), output(dtype, 0, 3, 5));
            }
        }

        @Test
        @DisplayName("old contents of out are overwritten, not added to")
        void overwritesOut() {
            Random random = new Random(303);
            for (DType dtype : DTYPES) {
                View a = TestViews.random(dtype, new int[] {70, 90}, Layout.CONTIGUOUS, random);
                View b = TestViews.random(dtype, new int[] {90, 50}, Layout.CONTIGUOUS, random);
                View clean = output(dtype, 70, 50);
                View dirty = output(dtype, 70, 50);
                SIMD.fill(dirty, Double.NaN);
                SIMD.matmul(a, b, clean);
                SIMD.matmul(a, b, dirty);
                assertSameBits(clean, dirty, "matmul into a NaN-filled out " + dtype);
            }
        }
    }

    @Nested
    @DisplayName("determinism: the same bits every time, on any number of threads")
    class Determinism {
        @Test
        @DisplayName("the same product twice gives bit-identical results")
        void sameProductTwice() {
            Random random = new Random(400);
            for (DType dtype : DTYPES) {
                View a = TestViews.random(dtype, new int[] {300, 257}, Layout.CONTIGUOUS, random);
                View b = TestViews.random(dtype, new int[] {257, 129}, Layout.CONTIGUOUS, random);
                View first = output(dtype, 300, 129);
                View second = output(dtype, 300, 129);
                SIMD.matmul(a, b, first);
                SIMD.matmul(a, b, second);
                assertSameBits(first, second, "matmul twice " + dtype);
            }
        }

        @Test
        @DisplayName("1, 2 and 3 threads give bit-identical products (split inside a matrix, and across a batch)")
        void anyThreadCount() {
            Random random = new Random(401);
            try (WorkerPool one = new WorkerPool(1); WorkerPool two = new WorkerPool(2);
                 WorkerPool three = new WorkerPool(3)) {
                SimdBackend[] backends = {new SimdBackend(one), new SimdBackend(two), new SimdBackend(three)};
                for (DType dtype : DTYPES) {
                    int[][][] problems = {
                        {{300, 257}, {257, 129}},       // one large product: blocks of C over threads
                        {{64, 40, 60}, {64, 60, 50}},   // many small ones: matrices over threads
                        {{513, 300}, {300, 70}},        // a ragged edge in both directions
                        {{700, 300}, {300, 10}},        // narrow: split over threads from fewer multiply-adds
                    };
                    for (int[][] problem : problems) {
                        long macs = (long) View.numel(problem[0]) * problem[1][problem[1].length - 1];
                        boolean narrow = problem[1][problem[1].length - 1] <= 10;
                        assertTrue(macs >= (narrow ? MatmulPlan.PARALLEL_NARROW_MACS : MatmulPlan.PARALLEL_MACS),
                                "too small to be split over threads");
                        View a = TestViews.random(dtype, problem[0], Layout.CONTIGUOUS, random);
                        View b = TestViews.random(dtype, problem[1], Layout.TRANSPOSED, random);
                        int[] outShape = problem[0].clone();
                        outShape[outShape.length - 1] = problem[1][problem[1].length - 1];
                        View reference = output(dtype, outShape);
                        backends[0].matmul(a, b, reference);
                        for (SimdBackend backend : backends) {
                            View out = output(dtype, outShape);
                            backend.matmul(a, b, out);
                            assertSameBits(reference, out, "matmul " + dtype + " " + View.str(outShape)
                                    + " on " + backend.threads() + " threads");
                        }
                    }
                }
            }
        }
    }

    @Nested
    @DisplayName("copy and fill, whose out may be any view")
    class CopyAndFill {
        @Test
        @DisplayName("copy into a slice of a larger tensor (how slice gradients are scattered)")
        void copyIntoSlice() {
            Random random = new Random(500);
            for (DType dtype : DTYPES) {
                View in = TestViews.random(dtype, new int[] {5, 33}, Layout.TRANSPOSED, random);
                View expected = output(dtype, 7, 40);
                View actual = output(dtype, 7, 40);
                NAIVE.copy(in, new View(expected.storage(), new int[] {5, 33}, new int[] {40, 1}, 43));
                SIMD.copy(in, new View(actual.storage(), new int[] {5, 33}, new int[] {40, 1}, 43));
                assertSameBits(expected, actual, "copy into slice " + dtype);
                View column = new View(actual.storage(), new int[] {7}, new int[] {40}, 3);
                SIMD.copy(TestViews.random(dtype, new int[] {7}, Layout.CONTIGUOUS, random), column);
                assertEquals(0.0, actual.get(0, 2), "neighbours of the written column stay untouched");
            }
        }

        @Test
        @DisplayName("fill a whole tensor, a transposed view and a 0-d tensor")
        void fill() {
            for (DType dtype : DTYPES) {
                View whole = output(dtype, 3, 50);
                SIMD.fill(whole, 2.5);
                for (int i = 0; i < whole.size(); i++) {
                    assertEquals(2.5, whole.storage().get(i));
                }
                View transposed = new View(whole.storage(), new int[] {50, 3}, new int[] {1, 50}, 0);
                SIMD.fill(transposed, -1.0);
                for (int i = 0; i < whole.size(); i++) {
                    assertEquals(-1.0, whole.storage().get(i));
                }
                View scalar = output(dtype);
                SIMD.fill(scalar, 7.0);
                assertEquals(7.0, scalar.get());
            }
        }
    }

    @Nested
    @DisplayName("mistakes get explained, never an ArrayIndexOutOfBoundsException")
    class Errors {
        @Test
        @DisplayName("matmul with mismatched inner dimensions names both shapes")
        void innerDimensions() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SIMD.matmul(output(DType.F64, 2, 3), output(DType.F64, 4, 5), output(DType.F64, 2, 5)));
            assertMentions(e.getMessage(), "[2, 3] @ [4, 5]", "inner dimensions 3 and 4 differ");
        }

        @Test
        @DisplayName("zip with operands of different shapes asks for a broadcast")
        void zipShapes() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SIMD.zip(BinaryOp.ADD, output(DType.F32, 2, 3), output(DType.F32, 3),
                            output(DType.F32, 2, 3)));
            assertMentions(e.getMessage(), "[3]", "[2, 3]", "expand");
        }

        @Test
        @DisplayName("mixed dtypes and foreign storage are refused by name")
        void dtypesAndStorage() {
            IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                    () -> SIMD.map(UnaryOp.NEG, output(DType.F32, 4), output(DType.F64, 4)));
            assertMentions(mixed.getMessage(), "F32", "F64");
            Storage foreign = new Storage() {
                @Override
                public DType dtype() {
                    return DType.F64;
                }

                @Override
                public int size() {
                    return 1;
                }

                @Override
                public double get(int position) {
                    return 0;
                }

                @Override
                public void set(int position, double value) {
                }
            };
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SIMD.map(UnaryOp.NEG, View.contiguous(foreign, 1), output(DType.F64, 1)));
            assertMentions(e.getMessage(), "DoubleStorage or FloatStorage");
        }

        @Test
        @DisplayName("reduce along a dim that does not exist")
        void reduceDim() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SIMD.reduce(ReduceOp.SUM, output(DType.F64, 2, 3), 2, output(DType.F64, 2, 1)));
            assertMentions(e.getMessage(), "dim 2", "[2, 3]");
        }
    }

    @Test
    @DisplayName("allocate gives zeroed storage of the requested dtype")
    void allocate() {
        for (DType dtype : DTYPES) {
            Storage storage = SIMD.allocate(dtype, 17);
            assertEquals(dtype, storage.dtype());
            assertEquals(17, storage.size());
            for (int i = 0; i < 17; i++) {
                assertEquals(0.0, storage.get(i));
            }
        }
        assertEquals("simd", SIMD.name());
        assertTrue(SIMD.threads() >= 1);
    }

    // ---------------------------------------------------------------------------------- helpers

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "message should mention '" + part + "': " + message);
        }
    }

    /** NaN, signed zeros, infinities, extremes and ordinary numbers, each repeated into a vector's reach. */
    private static double[] specials() {
        return new double[] {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0,
            Double.MIN_VALUE, -Double.MAX_VALUE, 3.5, -2.25, 1e-30, 0.0, -0.0, Double.NaN, 7.0, -7.0};
    }

    private static View vectorOf(DType dtype, double[] values) {
        View v = output(dtype, values.length);
        for (int i = 0; i < values.length; i++) {
            v.storage().set(i, values[i]);
        }
        return v;
    }

    /**
     * Checks a product two ways: within the rounding bound of the naive backend
     * ({@code 2·k·ε·Σ|a||b|} per element — both sides round), and bit for bit against the FMA chain
     * the SIMD kernels promise: {@code c = fma(a[p], b[p], c)} for {@code p = 0 .. k-1}.
     */
    private static void checkMatmul(View a, View b, String what) {
        DType dtype = a.storage().dtype();
        int rank = a.rank();
        int k = a.shape()[rank - 1];
        int[] outShape = a.shape().clone();
        outShape[rank - 1] = b.shape()[rank - 1];
        View expected = output(dtype, outShape);
        View actual = output(dtype, outShape);
        NAIVE.matmul(a, b, expected);
        SIMD.matmul(a, b, actual);

        View chain = output(dtype, outShape);
        double[] tolerance = new double[chain.size()];
        int[] index = new int[rank];
        int[] ai = new int[rank];
        int[] bi = new int[rank];
        for (int o = 0; o < chain.size(); o++) {
            View.unravel(o, outShape, index);
            System.arraycopy(index, 0, ai, 0, rank);
            System.arraycopy(index, 0, bi, 0, rank);
            double magnitude = 0;
            float f = 0f;
            double d = 0.0;
            for (int p = 0; p < k; p++) {
                ai[rank - 1] = p;
                bi[rank - 2] = p;
                double x = a.get(ai);
                double y = b.get(bi);
                magnitude += Math.abs(x * y);
                if (dtype == DType.F32) {
                    f = Math.fma((float) x, (float) y, f);
                } else {
                    d = Math.fma(x, y, d);
                }
            }
            chain.storage().set(o, dtype == DType.F32 ? f : d);
            tolerance[o] = 2 * k * TestViews.epsilon(dtype) * magnitude;
        }
        assertClose(expected, actual, tolerance, what + " vs naive");
        assertSameBits(chain, actual, what + " vs the FMA chain");
    }
}
