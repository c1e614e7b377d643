package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.autograd.spi.View;
import dev.gradbook.backends.naive.NaiveBackend;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A measurement, not a test: GFLOP/s of the first layer of the seed MLP, a batch of 128 images of
 * 784 pixels times a 784 × 512 weight matrix ({@code 2·128·784·512 ≈ 103} million floating-point
 * operations), in F64 and F32, on
 * <ul>
 *   <li>the naive backend (i-k-j loops through the generic {@code Storage.get/set});</li>
 *   <li>EJML's single-threaded {@code CommonOps_DDRM.mult} / {@code CommonOps_FDRM.mult} on the
 *       same arrays;</li>
 *   <li>EJML's multi-threaded {@code CommonOps_MT_*.mult} (one thread per core);</li>
 *   <li>the EJML backend's {@code matmul} — which picks the multi-threaded kernel at this size —
 *       with {@code B} row-major and with {@code B} passed as the transposed view of a
 *       {@code 512 × 784} matrix, as a backward pass does (EJML's {@code multTransB}, no copy).</li>
 * </ul>
 * The variants are timed in interleaved rounds, each keeping its fastest call (see
 * {@link Stopwatch} for why), so a burst of load from other processes on a shared machine
 * disturbs all of them alike; compare them as ratios.
 *
 * <p>Run from the repository root (nothing is installed; about a minute):
 * <pre>
 * mvn -B -q -pl backends/ejml -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
 * java -cp backends/ejml/target/test-classes:backends/ejml/target/classes:$(cat backends/ejml/target/classpath.txt) \
 *     dev.gradbook.backends.ejml.MatmulBenchmark
 * </pre>
 */
public final class MatmulBenchmark {
    static final int M = 128;
    static final int K = 784;
    static final int N = 512;
    static final double FLOPS = 2.0 * M * K * N;

    private MatmulBenchmark() {
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "matmul %d×%d @ %d×%d, %d cores available%n", M, K, K, N,
                Runtime.getRuntime().availableProcessors());
        for (DType dtype : DType.values()) {
            report(dtype, measure(variants(dtype)));
        }
    }

    private static Map<String, Runnable> variants(DType dtype) {
        SplittableRandom rng = new SplittableRandom(42);
        TensorBackend naive = new NaiveBackend();
        TensorBackend ejml = new EjmlBackend();
        Storage a = filled(ejml.allocate(dtype, M * K), rng);
        Storage b = filled(ejml.allocate(dtype, K * N), rng);
        Storage out = ejml.allocate(dtype, M * N);
        View av = View.contiguous(a, M, K);
        View bv = View.contiguous(b, K, N);
        View bTransposed = new View(b, new int[] {K, N}, new int[] {1, K}, 0); // Bᵀ of a stored N × K
        View outv = View.contiguous(out, M, N);

        Map<String, Runnable> variants = new LinkedHashMap<>();
        variants.put("naive backend (i-k-j, Storage.get/set)", () -> naive.matmul(av, bv, outv));
        if (dtype == DType.F64) {
            DMatrixRMaj am = DMatrixRMaj.wrap(M, K, Elementwise.f64(a));
            DMatrixRMaj bm = DMatrixRMaj.wrap(K, N, Elementwise.f64(b));
            DMatrixRMaj cm = DMatrixRMaj.wrap(M, N, Elementwise.f64(out));
            variants.put("EJML CommonOps_DDRM.mult, 1 thread", () -> CommonOps_DDRM.mult(am, bm, cm));
            variants.put("EJML CommonOps_MT_DDRM.mult", () -> CommonOps_MT_DDRM.mult(am, bm, cm));
        } else {
            FMatrixRMaj am = FMatrixRMaj.wrap(M, K, Elementwise.f32(a));
            FMatrixRMaj bm = FMatrixRMaj.wrap(K, N, Elementwise.f32(b));
            FMatrixRMaj cm = FMatrixRMaj.wrap(M, N, Elementwise.f32(out));
            variants.put("EJML CommonOps_FDRM.mult, 1 thread", () -> CommonOps_FDRM.mult(am, bm, cm));
            variants.put("EJML CommonOps_MT_FDRM.mult", () -> CommonOps_MT_FDRM.mult(am, bm, cm));
        }
        variants.put("ejml backend matmul (picks MT here)", () -> ejml.matmul(av, bv, outv));
        variants.put("ejml backend matmul, B as transposed view", () -> ejml.matmul(av, bTransposed, outv));
        return variants;
    }

    /** Fastest call of each variant over interleaved rounds, after a warm-up of each. */
    private static Map<String, Double> measure(Map<String, Runnable> variants) {
        Map<String, Double> best = new LinkedHashMap<>();
        variants.forEach((name, work) -> best.put(name, Stopwatch.fastestCall(work, 1.0, 1.0)));
        for (int round = 0; round < 3; round++) {
            variants.forEach((name, work) -> best.merge(name, Stopwatch.fastestCall(work, 0.0, 1.0), Math::min));
        }
        return best;
    }

    private static void report(DType dtype, Map<String, Double> seconds) {
        double naive = seconds.values().iterator().next();
        List<String> lines = new ArrayList<>();
        seconds.forEach((name, s) -> lines.add(String.format(Locale.ROOT, "  %-44s %8.2f ms %7.2f GFLOP/s %6.1f× naive",
                name, s * 1e3, FLOPS / s / 1e9, naive / s)));
        System.out.println(dtype + ":");
        lines.forEach(System.out::println);
    }

    private static Storage filled(Storage s, SplittableRandom rng) {
        for (int i = 0; i < s.size(); i++) {
            s.set(i, rng.nextDouble(-1, 1));
        }
        return s;
    }
}
