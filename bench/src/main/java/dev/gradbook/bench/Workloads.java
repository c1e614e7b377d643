package dev.gradbook.bench;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.examples.SeedLesson;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The standard list of work: square matmuls, the seed MLP's own products (forward and backward),
 * the element-wise ops and softmax of its layers, and one whole training step.
 */
public final class Workloads {
    private Workloads() {
    }

    /** The seed MLP's mini-batch size. */
    static final int BATCH = 128;

    /** Every workload; {@code quick} drops the largest square matmul and shortens nothing else. */
    public static List<Workload> standard(boolean quick) {
        List<Workload> all = new ArrayList<>();
        int[] sizes = quick ? new int[] {64, 256, 512} : new int[] {64, 128, 256, 512, 1024};
        for (int n : sizes) {
            all.add(matmul("matmul " + n + "x" + n + "x" + n, "matmul", "matmul", n, n, n));
        }
        // The seed MLP, batch 128: forward products, then the backward ones (dW = Xᵀ·dY, dX = dY·Wᵀ).
        all.add(matmul("seed fwd 128x784x512", "seed-matmul", "matmul", BATCH, 784, 512));
        all.add(matmul("seed fwd 128x512x512", "seed-matmul", "matmul", BATCH, 512, 512));
        all.add(matmul("seed fwd 128x512x10", "seed-matmul", "matmul", BATCH, 512, 10));
        all.add(matmul("seed dW1 784x128x512", "seed-matmul", "matmul_ta", 784, BATCH, 512));
        all.add(matmul("seed dW2 512x128x512", "seed-matmul", "matmul_ta", 512, BATCH, 512));
        all.add(matmul("seed dW3 512x128x10", "seed-matmul", "matmul_ta", 512, BATCH, 10));
        all.add(matmul("seed dX2 128x512x512ᵀ", "seed-matmul", "matmul_tb", BATCH, 512, 512));
        // The same products into an output allocated once, through the backend SPI: the kernels alone.
        all.add(intoReusedOutput("seed fwd 128x784x512, reused out", "matmul", BATCH, 784, 512));
        all.add(intoReusedOutput("seed fwd 128x512x512, reused out", "matmul", BATCH, 512, 512));
        all.add(intoReusedOutput("seed dW1 784x128x512, reused out", "matmul_ta", 784, BATCH, 512));
        all.add(intoReusedOutput("seed dX2 128x512x512ᵀ, reused out", "matmul_tb", BATCH, 512, 512));
        all.add(elementwise("bias add [128,512]+[512]", "add_bias", (x, b) -> x.add(b)));
        all.add(elementwise("mul [128,512]*[128,512]", "mul", (x, y) -> x.mul(y)));
        all.add(unary("relu [128,512]", "relu", Tensor::relu));
        all.add(unary("exp [128,512]", "exp", Tensor::exp));
        all.add(new Workload("softmax [128,10]", "softmax:128x10", "softmax", 0, () -> {
            Tensor x = Tensor.randn(new SplittableRandom(5), BATCH, 10);
            return () -> x.softmax(1);
        }));
        all.add(new Workload("softmax [128,512]", "softmax:128x512", "softmax", 0, () -> {
            Tensor x = Tensor.randn(new SplittableRandom(5), BATCH, 512);
            return () -> x.softmax(1);
        }));
        all.add(new Workload("seed MLP train step (batch 128)", "train_step:128", "training",
                trainStepFlops(), Workloads::trainStep));
        return all;
    }

    /** The product {@code kind} ({@link #operands}: plain, {@code Xᵀ·dY} or {@code dY·Wᵀ}) through {@code Tensor.matmul}. */
    private static Workload matmul(String name, String group, String kind, int m, int k, int n) {
        return new Workload(name, kind + ":" + m + "x" + k + "x" + n, group, 2.0 * m * k * n, () -> {
            Tensor[] ab = operands(kind, m, k, n);
            return () -> ab[0].matmul(ab[1]);
        });
    }

    /**
     * The product {@code kind} ({@link #operands}) computed by the backend straight into an output
     * allocated once, as the SPI allows ({@code TensorBackend.matmul(a, b, out)}); PyTorch's side is
     * {@code torch.mm(a, b, out=c)}. {@code Tensor.matmul} allocates a fresh output on every call,
     * and the JVM hands out fresh arrays zeroed and, once the young generation has moved on, cold
     * in the caches: that costs the 1.6 MB of dW1 about a third of its time. Side by side, the two
     * rows separate the kernels' speed from the cost of that allocation.
     */
    private static Workload intoReusedOutput(String name, String kind, int m, int k, int n) {
        return new Workload(name, kind + "_out:" + m + "x" + k + "x" + n, "seed-matmul-out", 2.0 * m * k * n,
                () -> {
                    Tensor[] ab = operands(kind, m, k, n);
                    Tensor out = Tensor.zeros(m, n);
                    return () -> out.backend().matmul(ab[0].view(), ab[1].view(), out.view());
                });
    }

    /**
     * The two operands of an {@code m×k · k×n} product: {@code matmul} plain, {@code matmul_tb}
     * with {@code B} a transposed view (as {@code dY·Wᵀ}), {@code matmul_ta} with {@code A} one
     * (as {@code Xᵀ·dY}). PyTorch's side ({@code bench/pytorch/ops_bench.py}) builds the same layouts.
     */
    static Tensor[] operands(String kind, int m, int k, int n) {
        switch (kind) {
            case "matmul": {
                SplittableRandom rng = new SplittableRandom(1);
                Tensor a = Tensor.randn(rng, m, k);
                return new Tensor[] {a, Tensor.randn(rng, k, n)};
            }
            case "matmul_tb": {
                SplittableRandom rng = new SplittableRandom(1);
                Tensor a = Tensor.randn(rng, m, k);
                return new Tensor[] {a, Tensor.randn(rng, n, k).t()};
            }
            case "matmul_ta": {
                SplittableRandom rng = new SplittableRandom(2);
                Tensor x = Tensor.randn(rng, k, m);
                return new Tensor[] {x.t(), Tensor.randn(rng, k, n)};
            }
            default:
                throw new IllegalArgumentException("Workloads: no matmul kind '" + kind
                        + "'; the kinds are matmul, matmul_tb and matmul_ta");
        }
    }

    private interface Binary {
        Tensor apply(Tensor a, Tensor b);
    }

    private interface Unary {
        Tensor apply(Tensor a);
    }

    private static Workload elementwise(String name, String kind, Binary op) {
        return new Workload(name, kind + ":128x512", "elementwise", 0, () -> {
            SplittableRandom rng = new SplittableRandom(3);
            Tensor x = Tensor.randn(rng, BATCH, 512);
            Tensor y = kind.equals("add_bias") ? Tensor.randn(rng, 512) : Tensor.randn(rng, BATCH, 512);
            return () -> op.apply(x, y);
        });
    }

    private static Workload unary(String name, String kind, Unary op) {
        return new Workload(name, kind + ":128x512", "elementwise", 0, () -> {
            Tensor x = Tensor.randn(new SplittableRandom(4), BATCH, 512);
            return () -> op.apply(x);
        });
    }

    /** Forward 2·B·Σ(in·out); backward twice that, minus the input gradient nobody needs. */
    public static double trainStepFlops() {
        double forward = 2.0 * BATCH * (784 * 512 + 512 * 512 + 512 * 10);
        return 3 * forward - 2.0 * BATCH * 784 * 512;
    }

    /** The seed model compiled as in the lesson, with one random mini-batch to train on. */
    public static Runnable trainStep() {
        Sequential model = SeedLesson.seedModel(7);
        model.setOutput(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        SplittableRandom rng = new SplittableRandom(9);
        Tensor x = Tensor.rand(rng, BATCH, 784);
        double[] oneHot = new double[BATCH * 10];
        for (int i = 0; i < BATCH; i++) {
            oneHot[i * 10 + rng.nextInt(10)] = 1;
        }
        Tensor y = Tensor.of(oneHot, BATCH, 10);
        return () -> model.trainOnBatch(x, y);
    }
}
