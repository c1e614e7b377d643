package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Dropout: inverted dropout")
class DropoutTest {
    private static final int ROWS = 200;
    private static final int COLS = 500; // 100,000 inputs: the statistics below are tight

    @Nested
    @DisplayName("in training")
    class Training {

        @Test
        @DisplayName("drops about `rate` of the inputs and scales survivors by 1/(1-rate), preserving the mean")
        void preservesMean() {
            double rate = 0.2;
            Dropout dropout = new Dropout(rate, 42);
            Tensor out = dropout.forward(Tensor.ones(ROWS, COLS), true);

            double[] values = out.toDoubleArray();
            int n = values.length;
            int dropped = 0;
            double sum = 0;
            for (double v : values) {
                if (v == 0) {
                    dropped++;
                } else {
                    assertEquals(1 / (1 - rate), v, 1e-12, "every survivor is scaled by exactly 1/(1-rate)");
                }
                sum += v;
            }
            // The number dropped is Binomial(n, rate): standard deviation sqrt(n·rate·(1-rate)) ≈ 126.
            // Five standard deviations make a false failure practically impossible.
            double sd = Math.sqrt(n * rate * (1 - rate));
            assertEquals(n * rate, dropped, 5 * sd, "fraction dropped");
            // mean = survivors/(n(1-rate)); its standard deviation is sd/(n(1-rate)) ≈ 0.0016.
            assertEquals(1.0, sum / n, 5 * sd / (n * (1 - rate)), "mean preserved");
        }

        @Test
        @DisplayName("passes gradient only through the survivors, scaled like them")
        void gradientFollowsMask() {
            Dropout dropout = new Dropout(0.5, 3);
            Tensor x = Tensor.ones(4, 25).requiresGrad(true);
            Tensor out = dropout.forward(x, true);
            out.sum().backward();
            assertArrayEquals(out.toDoubleArray(), x.grad().toDoubleArray(), 1e-12,
                    "d(sum of x·mask)/dx is the mask, which here equals the output");
        }

        @Test
        @DisplayName("draws the same masks from the same seed, and new masks for each batch")
        void reproducibleMasks() {
            Tensor x = Tensor.ones(10, 10);
            Dropout a = new Dropout(0.5, 123);
            Dropout b = new Dropout(0.5, 123);
            double[] first = a.forward(x, true).toDoubleArray();
            assertArrayEquals(first, b.forward(x, true).toDoubleArray());
            assertArrayEquals(a.forward(x, true).toDoubleArray(), b.forward(x, true).toDoubleArray());
            assertFalse(java.util.Arrays.equals(first, a.forward(x, true).toDoubleArray()),
                    "a fresh mask each call");
        }

        @Test
        @DisplayName("in a model, takes its randomness from the model's seed")
        void seededByModel() {
            double[][] outputs = new double[2][];
            for (int run = 0; run < 2; run++) {
                Dropout dropout = new Dropout(0.5);
                dropout.build(new int[] {10}, new SplittableRandom(99));
                outputs[run] = dropout.forward(Tensor.ones(8, 10), true).toDoubleArray();
            }
            assertArrayEquals(outputs[0], outputs[1]);
        }
    }

    @Nested
    @DisplayName("at inference")
    class Inference {

        @Test
        @DisplayName("is the identity: the very same tensor comes back")
        void identity() {
            Tensor x = Tensor.rand(new SplittableRandom(1), 3, 4);
            assertSame(x, new Dropout(0.5, 1).forward(x, false));
        }

        @Test
        @DisplayName("rate 0 is the identity even in training")
        void rateZero() {
            Tensor x = Tensor.ones(2, 2);
            assertSame(x, new Dropout(0).forward(x, true));
        }
    }

    @Nested
    @DisplayName("rate checks")
    class RateChecks {

        @ParameterizedTest(name = "Dropout({0}) is refused")
        @ValueSource(doubles = {1.0, 1.5, -0.1, Double.NaN})
        @DisplayName("a rate outside [0, 1) is a clear error")
        void refused(double rate) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(rate));
            assertContainsAll(e.getMessage(), "Dropout", "outside [0, 1)", "0.2");
        }

        @Test
        @DisplayName("Dropout(1.0) explains that every input would be dropped")
        void rateOne() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
            assertContainsAll(e.getMessage(), "rate 1.0", "drop every input");
            assertTrue(new Dropout(0.999).rate() < 1);
        }
    }
}
