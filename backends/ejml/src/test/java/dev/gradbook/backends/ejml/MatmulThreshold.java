package dev.gradbook.backends.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A measurement, not a test: at what size does EJML's multi-threaded product beat the single-
 * threaded one on this machine? Prints, for a range of shapes, the time of
 * {@code CommonOps_DDRM.mult} and {@code CommonOps_MT_DDRM.mult} (and the F32 pair) and their
 * ratio. {@link MatrixProduct#THREADED_MIN_WORK} was chosen from its output.
 *
 * <p>Run it from the repository root (it needs the test classpath; nothing is installed):
 * <pre>
 * mvn -B -q -pl backends/ejml -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * java -cp backends/ejml/target/test-classes:backends/ejml/target/classes:$(cat backends/ejml/target/classpath.txt) \
 *     dev.gradbook.backends.ejml.MatmulThreshold
 * </pre>
 */
public final class MatmulThreshold {
    private MatmulThreshold() {
    }

    public static void main(String[] args) {
        int[][] shapes = { // m, k, n
            {16, 16, 16}, {24, 24, 24}, {32, 32, 32}, {40, 40, 40}, {48, 48, 48}, {64, 64, 64}, {96, 96, 96},
            {128, 128, 128}, {4, 784, 512}, {16, 64, 64}, {128, 512, 10}, {128, 784, 512},
        };
        System.out.println("m×k×n            work      F64 1 thread   F64 MT   ratio   F32 1 thread   F32 MT   ratio");
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            SplittableRandom rng = new SplittableRandom(1);
            DMatrixRMaj a = random(m, k, rng);
            DMatrixRMaj b = random(k, n, rng);
            DMatrixRMaj c = new DMatrixRMaj(m, n);
            FMatrixRMaj af = new FMatrixRMaj(m, k);
            FMatrixRMaj bf = new FMatrixRMaj(k, n);
            FMatrixRMaj cf = new FMatrixRMaj(m, n);
            for (int i = 0; i < a.data.length; i++) {
                af.data[i] = (float) a.data[i];
            }
            for (int i = 0; i < b.data.length; i++) {
                bf.data[i] = (float) b.data[i];
            }
            double single = Stopwatch.fastestCall(() -> CommonOps_DDRM.mult(a, b, c), 0.3, 1.0);
            double threaded = Stopwatch.fastestCall(() -> CommonOps_MT_DDRM.mult(a, b, c), 0.3, 1.0);
            double singleF = Stopwatch.fastestCall(() -> CommonOps_FDRM.mult(af, bf, cf), 0.3, 1.0);
            double threadedF = Stopwatch.fastestCall(() -> CommonOps_MT_FDRM.mult(af, bf, cf), 0.3, 1.0);
            System.out.printf(Locale.ROOT, "%-14s %9d %11.1f µs %8.1f µs %5.2f %11.1f µs %8.1f µs %5.2f%n",
                    m + "×" + k + "×" + n, (long) m * k * n, single * 1e6, threaded * 1e6, single / threaded,
                    singleF * 1e6, threadedF * 1e6, singleF / threadedF);
        }
        transposedOperands();
    }

    /**
     * The backward pass of {@code Y = X·W} multiplies by transposes: {@code dX = dY·Wᵀ} and
     * {@code dW = Xᵀ·dY}. EJML can do both without forming the transpose ({@code multTransB},
     * {@code multTransA}); this compares that, for a growing number of rows {@code m}, with
     * transposing into a scratch matrix first ({@code CommonOps_DDRM.transpose}, a blocked copy
     * costing {@code k·n}) and then calling {@code mult}, single-threaded.
     */
    private static void transposedOperands() {
        System.out.println();
        System.out.println("F64, 1 thread         m×k×n        multTransB  transpose+mult   multTransA  transpose+mult");
        int[][] shapes = {{1, 784, 512}, {4, 784, 512}, {16, 784, 512}, {64, 784, 512}, {128, 784, 512},
            {128, 512, 10}, {16, 64, 64}, {64, 64, 64}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            SplittableRandom rng = new SplittableRandom(2);
            DMatrixRMaj a = random(m, k, rng);
            DMatrixRMaj aT = random(k, m, rng); // stored transposed: A = aTᵀ
            DMatrixRMaj bT = random(n, k, rng); // stored transposed: B = bTᵀ
            DMatrixRMaj b = random(k, n, rng);
            DMatrixRMaj scratchA = new DMatrixRMaj(m, k);
            DMatrixRMaj scratchB = new DMatrixRMaj(k, n);
            DMatrixRMaj c = new DMatrixRMaj(m, n);
            double transB = Stopwatch.fastestCall(() -> CommonOps_DDRM.multTransB(a, bT, c), 0.3, 1.0);
            double copyB = Stopwatch.fastestCall(() -> {
                CommonOps_DDRM.transpose(bT, scratchB);
                CommonOps_DDRM.mult(a, scratchB, c);
            }, 0.3, 1.0);
            double transA = Stopwatch.fastestCall(() -> CommonOps_DDRM.multTransA(aT, b, c), 0.3, 1.0);
            double copyA = Stopwatch.fastestCall(() -> {
                CommonOps_DDRM.transpose(aT, scratchA);
                CommonOps_DDRM.mult(scratchA, b, c);
            }, 0.3, 1.0);
            System.out.printf(Locale.ROOT, "%22s %11.1f µs %12.1f µs %11.1f µs %12.1f µs%n", m + "×" + k + "×" + n,
                    transB * 1e6, copyB * 1e6, transA * 1e6, copyA * 1e6);
        }
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextDouble(-1, 1);
        }
        return m;
    }
}
