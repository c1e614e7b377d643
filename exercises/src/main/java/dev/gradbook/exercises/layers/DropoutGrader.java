package dev.gradbook.exercises.layers;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.tensorgrad.TensorChecks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * ex7.2: {@link Dropout}. A mask is random, so it cannot equal gradbook's; the grader checks what
 * gradbook's {@link dev.gradbook.layers.Dropout} promises instead: zeros and {@code x / (1 - rate)}
 * only, the rate of zeros, the mean kept, the gradient through the survivors, a fresh mask per
 * call from the model's generator, and the identity outside training.
 */
@Tag("ex7.2")
@ExtendWith(Seeded.class)
@DisplayName("ex7.2 a Dropout layer")
class DropoutGrader {

    @Test
    @DisplayName("an example: Dropout(0.5) on ones(1000) in training gives only 0 and 2, about half each; at inference the input itself")
    void example() {
        Dropout dropout = new Dropout(0.5);
        dropout.build(new int[] {1000}, new SplittableRandom(7));
        Tensor ones = Tensor.ones(1, 1000);
        assertSame(ones, dropout.forward(ones, false), "forward(x, training = false) should return x itself");
        double[] out = dropout.forward(ones, true).toDoubleArray();
        int zeros = 0;
        for (double v : out) {
            assertTrue(v == 0 || v == 2, "Dropout(0.5) of ones: every output is 0 (dropped) or 1 / (1 - 0.5) = 2, not " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 400 && zeros < 600, "Dropout(0.5) should drop about 500 of 1000 inputs, dropped " + zeros);
        assertSame(ones, new Dropout(0).forward(ones, true), "Dropout(0) drops nothing: forward returns x itself");
    }

    @Test
    @DisplayName("rates outside [0, 1) are refused, naming the rate")
    void refusesBadRates() {
        for (double rate : new double[] {1, -0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(rate),
                    "new Dropout(" + rate + ") should throw IllegalArgumentException");
            assertTrue(String.valueOf(e.getMessage()).contains(String.valueOf(rate)), "the message should name the rate "
                    + rate + ": " + e.getMessage());
        }
    }

    @Test
    @DisplayName("random rates and inputs: outputs 0 or x/(1-rate), the rate of zeros and the mean as expected, the gradient is the mask")
    void randomRates(Random random) {
        for (int i = 0; i < 10; i++) {
            double rate = 0.05 + 0.85 * random.nextDouble();
            int n = 40_000;
            Dropout dropout = new Dropout(rate);
            dropout.build(new int[] {n}, new SplittableRandom(random.nextLong()));
            Tensor x = TensorChecks.leaf(TensorChecks.uniform(random, 0.5, 2, 2, n / 2));
            Tensor out = dropout.forward(x, true);
            assertArrayEquals(x.shape(), out.shape(), "Dropout(" + rate + "): the output keeps the input's shape");
            out.sum().backward();
            double[] in = x.toDoubleArray();
            double[] values = out.toDoubleArray();
            double[] grads = x.grad().toDoubleArray();
            double scale = 1 / (1 - rate);
            int dropped = 0;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                boolean zero = values[k] == 0;
                if (!zero && Math.abs(values[k] - in[k] * scale) > 1e-12 * scale) {
                    fail("Dropout(" + rate + "): output " + k + " is " + values[k] + "; it should be 0 or x / (1 - rate) = "
                            + in[k] * scale);
                }
                double expectedGrad = zero ? 0 : scale;
                if (Math.abs(grads[k] - expectedGrad) > 1e-12 * scale) {
                    fail("Dropout(" + rate + "): the gradient of sum(output) for input " + k + " should be " + expectedGrad
                            + " (the mask: 0 where dropped, 1 / (1 - rate) where kept) but is " + grads[k]
                            + "; multiply the input by the mask so that autograd records it");
                }
                dropped += zero ? 1 : 0;
                sum += values[k] - in[k];
            }
            double fraction = (double) dropped / n;
            assertEquals(rate, fraction, 0.015, "Dropout(" + rate + ") dropped a fraction " + fraction + " of " + n
                    + " inputs; each should be dropped with probability rate, independently");
            assertEquals(0, sum / n, 0.05, "Dropout(" + rate + "): the mean of output − input should be near 0 (inverted"
                    + " dropout keeps the expected value), it is " + sum / n);
        }
    }

    @Test
    @DisplayName("an F32 input (what ./gradbook mnist trains in) gives an F32 output: the mask takes the input's dtype")
    void keepsDtype(Random random) {
        Dropout dropout = new Dropout(0.25);
        dropout.build(new int[] {64}, new SplittableRandom(random.nextLong()));
        float[] values = new float[4 * 64];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.5f + random.nextFloat();
        }
        Tensor x = Tensor.of(values, 4, 64);
        Tensor out = dropout.forward(x, true);
        assertEquals(DType.F32, out.dtype(), "Dropout(0.25) of an F32 input: gradbook never mixes dtypes, so build"
                + " the mask in the input's dtype (Tensor.to(input.dtype()))");
        double[] in = x.toDoubleArray();
        double[] kept = out.toDoubleArray();
        for (int k = 0; k < kept.length; k++) {
            if (kept[k] != 0 && Math.abs(kept[k] - in[k] / 0.75) > 1e-6 * kept[k]) {
                fail("Dropout(0.25) of an F32 input: output " + k + " is " + kept[k] + "; it should be 0 or x / 0.75 = "
                        + in[k] / 0.75);
            }
        }
    }

    @Test
    @DisplayName("masks come from build's generator: a fresh one per call, the same sequence for the same seed")
    void masksFromGenerator(Random random) {
        long seed = random.nextLong();
        double rate = 0.2 + 0.6 * random.nextDouble();
        Dropout first = new Dropout(rate);
        Dropout second = new Dropout(rate);
        first.build(new int[] {500}, new SplittableRandom(seed));
        second.build(new int[] {500}, new SplittableRandom(seed));
        Tensor x = Tensor.ones(2, 500);
        double[] a1 = first.forward(x, true).toDoubleArray();
        double[] a2 = first.forward(x, true).toDoubleArray();
        double[] b1 = second.forward(x, true).toDoubleArray();
        double[] b2 = second.forward(x, true).toDoubleArray();
        assertFalse(Arrays.equals(a1, a2), "Dropout(" + rate + "): two training calls should draw two different masks");
        assertArrayEquals(a1, b1, "two Dropouts built with generators of the same seed should draw the same first mask");
        assertArrayEquals(a2, b2, "... and the same second mask: draw only from the generator build was given");
        Dropout unbuilt = new Dropout(rate);
        double[] own = unbuilt.forward(x, true).toDoubleArray();
        assertEquals(1000, own.length, "a Dropout used without build still works, with a generator of its own");
    }
}
