package dev.gradbook.backends.simd;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole path a student's model takes — Tensor operations, broadcasting, autograd's backward
 * pass with its transposed views — run on the simd and on the naive backend side by side.
 */
@DisplayName("A two-layer network trains the same on simd as on naive")
class TensorOnSimdTest {

    @ParameterizedTest(name = "{0}: loss and every gradient agree")
    @EnumSource(DType.class)
    void forwardAndBackward(DType dtype) {
        double[][] naive = lossAndGradients("naive", dtype);
        double[][] simd = lossAndGradients("simd", dtype);
        double tolerance = dtype == DType.F32 ? 1e-4 : 1e-11;
        String[] names = {"loss", "dLoss/dx", "dLoss/dW1", "dLoss/db1", "dLoss/dW2", "dLoss/db2"};
        for (int t = 0; t < names.length; t++) {
            double scale = 0;
            for (double v : naive[t]) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertEquals(naive[t].length, simd[t].length, names[t]);
            for (int i = 0; i < naive[t].length; i++) {
                double difference = Math.abs(naive[t][i] - simd[t][i]);
                assertTrue(difference <= tolerance * scale, names[t] + "[" + i + "] " + dtype + ": simd "
                        + simd[t][i] + ", naive " + naive[t][i]);
            }
        }
    }

    /** Dense(64) → relu → Dense(10) → log-softmax cross-entropy on a batch of 128 × 784. */
    private static double[][] lossAndGradients(String backend, DType dtype) {
        try (Scope scope = Backends.use(backend)) {
            assertEquals(backend, Backends.current().name());
            SplittableRandom random = new SplittableRandom(11);
            Tensor x = parameter(random, 1.0, dtype, 128, 784);
            Tensor w1 = parameter(random, 0.05, dtype, 784, 64);
            Tensor b1 = parameter(random, 0.1, dtype, 64);
            Tensor w2 = parameter(random, 0.1, dtype, 64, 10);
            Tensor b2 = parameter(random, 0.1, dtype, 10);
            double[] oneHot = new double[128 * 10];
            for (int i = 0; i < 128; i++) {
                oneHot[i * 10 + random.nextInt(10)] = 1;
            }
            Tensor labels = Tensor.of(oneHot, 128, 10).to(dtype);
            Tensor hidden = x.matmul(w1).add(b1).relu();
            Tensor logits = hidden.matmul(w2).add(b2);
            Tensor loss = logits.logSoftmax(1).mul(labels).sum().neg().div(128);
            loss.backward();
            return new double[][] {loss.toDoubleArray(), x.grad().toDoubleArray(), w1.grad().toDoubleArray(),
                b1.grad().toDoubleArray(), w2.grad().toDoubleArray(), b2.grad().toDoubleArray()};
        }
    }

    private static Tensor parameter(SplittableRandom random, double scale, DType dtype, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextGaussian() * scale;
        }
        return Tensor.of(values, shape).to(dtype).requiresGrad(true);
    }
}
