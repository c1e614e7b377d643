package dev.gradbook.backends.simd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The micro-tile height follows from the machine (4 rows with 16 vector registers, 8 with 32),
 * so any one machine runs only one of the two kernels through the backend. These tests call the
 * products directly with each height, so that both kernels are checked on every machine.
 */
@DisplayName("Both micro-kernels (4 and 8 rows per tile) compute the FMA chain, on any machine")
class TileHeightTest {

    @Nested
    @DisplayName("the tile height follows from the vector registers")
    class Rule {
        @Test
        @DisplayName("AVX2 (256-bit, 16 registers) gets 4 rows, AVX-512 (32 registers) gets 8, SSE/NEON widths 4")
        void fromVectorBits() {
            assertEquals(4, MatmulPlan.rowsPerTile(256, null));
            assertEquals(8, MatmulPlan.rowsPerTile(512, null));
            assertEquals(4, MatmulPlan.rowsPerTile(128, null));
        }

        @Test
        @DisplayName("-Dgradbook.simd.tileRows=4 or 8 overrides the rule, for experiments")
        void overridden() {
            assertEquals(8, MatmulPlan.rowsPerTile(256, "8"));
            assertEquals(4, MatmulPlan.rowsPerTile(512, "4"));
        }

        @Test
        @DisplayName("a height no kernel is written for is refused with the property, the value and the choices")
        void refused() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatmulPlan.rowsPerTile(512, "6"));
            assertTrue(e.getMessage().contains("-Dgradbook.simd.tileRows=6"), e.getMessage());
            assertTrue(e.getMessage().contains("use 4 or 8"), e.getMessage());
        }
    }

    /** One operand: an {@code r×c} matrix stored row-major, column-major (a transposed view) or as a slice. */
    private record Operand(double[] data, MatrixLayout layout) {
        static Operand random(int rows, int cols, int style, Random random) {
            switch (style) {
                case 0: { // row-major
                    return new Operand(fill(rows * cols, random), new MatrixLayout(0, cols, 1));
                }
                case 1: { // column-major: the transpose of a row-major cols×rows matrix
                    return new Operand(fill(rows * cols, random), new MatrixLayout(0, 1, rows));
                }
                default: { // a slice: every second column of a wider matrix, after an offset
                    int width = 2 * cols + 3;
                    return new Operand(fill(5 + rows * width, random), new MatrixLayout(5, width, 2));
                }
            }
        }

        double at(int i, int j) {
            return data[layout.at(i, j)];
        }

        float[] floats() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return f;
        }

        private static double[] fill(int size, Random random) {
            double[] d = new double[size];
            for (int i = 0; i < size; i++) {
                d[i] = random.nextInt(2001) / 1000.0 - 1; // exact in F32 too
            }
            return d;
        }
    }

    /** (m, k, n): edges of both heights, more than one k-block, several parallel blocks, narrow products. */
    private static List<int[]> sizes() {
        List<int[]> sizes = new ArrayList<>(List.of(
                new int[] {8, 16, 32}, new int[] {9, 300, 33}, new int[] {3, 100, 70}, new int[] {17, 257, 65},
                new int[] {130, 40, 20}, new int[] {72, 600, 129}, new int[] {200, 64, 300},
                // narrow products (n at most two vectors); those over 128 rows are split over threads
                new int[] {130, 300, 10}, new int[] {7, 40, 3}, new int[] {300, 64, 16}, new int[] {257, 129, 1},
                new int[] {300, 1400, 10}, new int[] {131, 200, 20}, new int[] {9, 33, 31}, new int[] {260, 1000, 17}));
        Random random = new Random(51);
        for (int i = 0; i < 8; i++) {
            sizes.add(new int[] {1 + random.nextInt(90), 1 + random.nextInt(300), 1 + random.nextInt(90)});
        }
        return sizes;
    }

    @ParameterizedTest(name = "{0} rows per tile")
    @ValueSource(ints = {4, 8})
    @DisplayName("F64 and F32, every layout pair, on 1 and 2 threads: bit for bit the Math.fma chain")
    void fmaChain(int rows) {
        Random random = new Random(52);
        try (WorkerPool two = new WorkerPool(2)) {
            for (int[] size : sizes()) {
                int m = size[0];
                int k = size[1];
                int n = size[2];
                for (int aStyle = 0; aStyle < 3; aStyle++) {
                    for (int bStyle = 0; bStyle < 3; bStyle++) {
                        Operand a = Operand.random(m, k, aStyle, random);
                        Operand b = Operand.random(k, n, bStyle, random);
                        String what = "[" + m + ", " + k + "] @ [" + k + ", " + n + "], layouts " + aStyle + "/" + bStyle
                                + ", " + rows + " rows per tile";
                        check(a, b, m, n, k, rows, null, what + ", 1 thread");
                        check(a, b, m, n, k, rows, two, what + ", 2 threads");
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("narrow products: what lies beside B's columns in memory (here NaN and infinity) never reaches C")
    void narrowNeighbours() {
        Random random = new Random(53);
        // B = the first n columns of a wider row-major matrix whose other columns are NaN or ±∞: the
        // narrow path copies B's rows as whole vectors, so those numbers fill the spare lanes
        for (int[] size : List.of(new int[] {130, 300, 10}, new int[] {9, 40, 3}, new int[] {260, 64, 17},
                new int[] {40, 70, 1})) {
            int m = size[0];
            int k = size[1];
            int n = size[2];
            int width = n + 40;
            Operand wide = Operand.random(k, width, 0, random);
            for (int p = 0; p < k; p++) {
                for (int j = n; j < width; j++) {
                    wide.data()[p * width + j] = j % 3 == 0 ? Double.NaN : (j % 3 == 1 ? Double.POSITIVE_INFINITY
                            : Double.NEGATIVE_INFINITY);
                }
            }
            Operand b = new Operand(wide.data(), new MatrixLayout(0, width, 1));
            Operand a = Operand.random(m, k, 0, random);
            try (WorkerPool two = new WorkerPool(2)) {
                for (int rows : new int[] {4, 8}) {
                    String what = "[" + m + ", " + k + "] @ the first " + n + " of " + width + " columns, " + rows
                            + " rows per tile";
                    check(a, b, m, n, k, rows, null, what + ", 1 thread");
                    check(a, b, m, n, k, rows, two, what + ", 2 threads");
                }
            }
        }
    }

    private static void check(Operand a, Operand b, int m, int n, int k, int rows, WorkerPool pool, String what) {
        MatrixLayout cl = new MatrixLayout(0, n, 1);
        double[] c64 = new double[m * n];
        float[] c32 = new float[m * n];
        java.util.Arrays.fill(c64, Double.NaN); // old contents must not leak into the result
        java.util.Arrays.fill(c32, Float.NaN);
        MatmulF64.multiply(a.data(), a.layout(), b.data(), b.layout(), c64, cl, m, n, k, pool, rows);
        MatmulF32.multiply(a.floats(), a.layout(), b.floats(), b.layout(), c32, cl, m, n, k, pool, rows);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double d = 0.0;
                float f = 0f;
                for (int p = 0; p < k; p++) {
                    d = Math.fma(a.at(i, p), b.at(p, j), d);
                    f = Math.fma((float) a.at(i, p), (float) b.at(p, j), f);
                }
                int at = i * n + j;
                if (Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(c64[at])) {
                    throw new AssertionError("F64 " + what + ": C[" + i + "][" + j + "] = " + c64[at]
                            + ", the FMA chain gives " + d);
                }
                if (Float.floatToRawIntBits(f) != Float.floatToRawIntBits(c32[at])) {
                    throw new AssertionError("F32 " + what + ": C[" + i + "][" + j + "] = " + c32[at]
                            + ", the FMA chain gives " + f);
                }
            }
        }
    }
}
