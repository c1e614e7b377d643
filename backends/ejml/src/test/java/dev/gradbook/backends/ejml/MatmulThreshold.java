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
            double single = Stopwatch.secondsPerCall(() -> CommonOps_DDRM.mult(a, b, c), 0.3, 0.2, 5);
            double threaded = Stopwatch.secondsPerCall(() -> CommonOps_MT_DDRM.mult(a, b, c), 0.3, 0.2, 5);
            double singleF = Stopwatch.secondsPerCall(() -> CommonOps_FDRM.mult(af, bf, cf), 0.3, 0.2, 5);
            double threadedF = Stopwatch.secondsPerCall(() -> CommonOps_MT_FDRM.mult(af, bf, cf), 0.3, 0.2, 5);
            System.out.printf(Locale.ROOT, "%-14s %9d %11.1f µs %8.1f µs %5.2f %11.1f µs %8.1f µs %5.2f%n",
                    m + "×" + k + "×" + n, (long) m * k * n, single * 1e6, threaded * 1e6, single / threaded,
                    singleF * 1e6, threadedF * 1e6, singleF / threadedF);
        }
        transposedOperands();
    }

    /**
     * The backward pass of {@code Y = X·W} (X 128×784, W 784×512) multiplies by transposes:
     * {@code dX = dY·Wᵀ} and {@code dW = Xᵀ·dY}. EJML can do both without forming the transpose
     * ({@code multTransB}, {@code multTransA}); this compares that with transposing into a scratch
     * matrix first ({@code CommonOps_DDRM.transpose}, a blocked copy) and then calling {@code mult}.
     */
    private static void transposedOperands() {
        SplittableRandom rng = new SplittableRandom(2);
        DMatrixRMaj dY = random(128, 512, rng);
        DMatrixRMaj w = random(784, 512, rng);
        DMatrixRMaj x = random(128, 784, rng);
        DMatrixRMaj dX = new DMatrixRMaj(128, 784);
        DMatrixRMaj dW = new DMatrixRMaj(784, 512);
        DMatrixRMaj wT = new DMatrixRMaj(512, 784);
        DMatrixRMaj xT = new DMatrixRMaj(784, 128);
        System.out.println();
        System.out.println("F64 backward-pass products      1 thread      MT");
        row("dX = dY·Wᵀ  multTransB", () -> CommonOps_DDRM.multTransB(dY, w, dX),
                () -> CommonOps_MT_DDRM.multTransB(dY, w, dX));
        row("dX = dY·Wᵀ  transpose + mult", () -> {
            CommonOps_DDRM.transpose(w, wT);
            CommonOps_DDRM.mult(dY, wT, dX);
        }, () -> {
            CommonOps_MT_DDRM.transpose(w, wT);
            CommonOps_MT_DDRM.mult(dY, wT, dX);
        });
        row("dW = Xᵀ·dY  multTransA", () -> CommonOps_DDRM.multTransA(x, dY, dW),
                () -> CommonOps_MT_DDRM.multTransA(x, dY, dW));
        row("dW = Xᵀ·dY  transpose + mult", () -> {
            CommonOps_DDRM.transpose(x, xT);
            CommonOps_DDRM.mult(xT, dY, dW);
        }, () -> {
            CommonOps_MT_DDRM.transpose(x, xT);
            CommonOps_MT_DDRM.mult(xT, dY, dW);
        });
    }

    private static void row(String name, Runnable single, Runnable threaded) {
        double s = Stopwatch.secondsPerCall(single, 0.5, 0.3, 5);
        double t = Stopwatch.secondsPerCall(threaded, 0.5, 0.3, 5);
        System.out.printf(Locale.ROOT, "%-30s %8.2f ms %8.2f ms%n", name, s * 1e3, t * 1e3);
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextDouble(-1, 1);
        }
        return m;
    }
}
