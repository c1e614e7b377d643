package dev.gradbook.bench;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.Scalar;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.TopologicalOrder;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.View;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The foundation's two speed figures, measured rather than guessed:
 * <ol>
 *   <li>how many Scalar-engine nodes per second a forward + backward pass processes;</li>
 *   <li>the naive backend's matmul at the seed MLP's first-layer shape 128×784×512, in GFLOP/s,
 *       next to the same loops in the "obvious" i-j-k order — the lesson on memory
 *       order.</li>
 * </ol>
 * Each figure is the median of timed repetitions after warm-up ({@link Stopwatch}). Absolute numbers drift on
 * shared machines; the i-k-j / i-j-k <em>ratio</em>, measured in the same run, is the robust result.
 *
 * <p>Run: {@code ./gradbook bench-foundation} (optionally {@code --quick}), which calls {@link #run}.
 */
public final class FoundationBenchmark {
    private FoundationBenchmark() {
    }

    /**
     * Measures both figures and prints them as a small table.
     *
     * @param quick time each figure for about 0.3 s instead of 1.5 s (rougher, for a first look)
     * @param out   where the table goes
     */
    public static void run(boolean quick, PrintStream out) {
        Objects.requireNonNull(out, "FoundationBenchmark.run: out is null");
        double minSeconds = quick ? 0.3 : 1.5;
        out.printf(Locale.ROOT, "gradbook foundation benchmark — %s, %d cores, Java %s%n",
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));

        int chain = 200_000;
        double scalarSeconds = Stopwatch.median(() -> scalarForwardBackward(chain), minSeconds);
        // each link makes one mul node and one add node
        out.printf(Locale.ROOT, "scalar engine   forward+backward  %,12.0f nodes/s   (%d-link chain, %.1f ms)%n",
                2.0 * chain / scalarSeconds, chain, scalarSeconds * 1e3);
        // What the order costs, on one graph built once: the generic search, which keeps the nodes
        // it has met in an identity set, against the whole of backward(), whose search marks the
        // nodes themselves (chapter 2, section 2.3).
        Scalar root = chainOf(Scalar.of(0.5), chain);
        int nodes = TopologicalOrder.of(root, Scalar::parents).size();
        double identitySet = Stopwatch.median(() -> TopologicalOrder.of(root, Scalar::parents), minSeconds);
        double wholeBackward = Stopwatch.median(root::backward, minSeconds);
        out.printf(Locale.ROOT, "scalar order    TopologicalOrder.of %.1f ms; all of backward() %.1f ms   (%,d nodes,"
                + " constants included)%n", identitySet * 1e3, wholeBackward * 1e3, nodes);

        int m = 128;
        int k = 784;
        int n = 512;
        double flops = 2.0 * m * k * n;
        SplittableRandom rng = new SplittableRandom(42);
        try (Scope naive = Backends.use("naive")) {
            Tensor a = Tensor.randn(rng, m, k);
            Tensor b = Tensor.randn(rng, k, n);
            double ikj = Stopwatch.median(() -> a.matmul(b), minSeconds);
            double ijk = Stopwatch.median(() -> ijkMatmul(a.view(), b.view(), m, k, n), minSeconds);
            out.printf(Locale.ROOT, "naive matmul    %dx%dx%d F64 i-k-j  %8.2f GFLOP/s   (%.1f ms)%n",
                    m, k, n, flops / ikj / 1e9, ikj * 1e3);
            out.printf(Locale.ROOT, "same loops      %dx%dx%d F64 i-j-k  %8.2f GFLOP/s   (%.1f ms)%n",
                    m, k, n, flops / ijk / 1e9, ijk * 1e3);
            out.printf(Locale.ROOT, "loop order      i-k-j is %.1fx faster than i-j-k%n", ijk / ikj);
        }
    }

    /** One forward + backward pass through a chain of {@code links} mul/add links. */
    static void scalarForwardBackward(int links) {
        Scalar x = Scalar.of(0.5);
        chainOf(x, links).backward();
        if (!(x.grad() > 0)) {
            throw new IllegalStateException("scalar benchmark produced a wrong gradient: " + x.grad());
        }
    }

    /**
     * The benchmark's graph: starting from {@code x}, {@code links} times {@code y = y * 0.999999 +
     * 1e-7}. Each link makes a mul node and an add node, and each constant is a leaf of its own.
     */
    static Scalar chainOf(Scalar x, int links) {
        Scalar y = x;
        for (int i = 0; i < links; i++) {
            y = y.mul(0.999_999).add(1e-7);
        }
        return y;
    }

    /**
     * The naive backend's loops with the two inner loops swapped: for each output element, walk a
     * row of {@code a} and a <em>column</em> of {@code b}. Same arithmetic, same storage calls; only
     * the memory order differs.
     */
    static void ijkMatmul(View a, View b, int m, int k, int n) {
        Storage as = a.storage();
        Storage bs = b.storage();
        Storage out = new DoubleStorage(new double[m * n]);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                int ap = a.offset() + i * a.strides()[0];
                int bp = b.offset() + j * b.strides()[1];
                for (int p = 0; p < k; p++, ap += a.strides()[1], bp += b.strides()[0]) {
                    acc += as.get(ap) * bs.get(bp); // bp jumps a whole row of b each step
                }
                out.set(i * n + j, acc);
            }
        }
    }
}
