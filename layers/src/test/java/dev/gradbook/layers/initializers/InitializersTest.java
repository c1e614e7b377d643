package dev.gradbook.layers.initializers;

import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Initializers: spread chosen from the layer's size")
class InitializersTest {
    private static final int IN = 300;
    private static final int OUT = 200; // 60,000 draws per check

    private static double[] meanAndVariance(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new double[] {mean, var / values.length};
    }

    @Test
    @DisplayName("glorot_uniform: within ±sqrt(6/(in+out)), variance 2/(in+out)")
    void glorotUniform() {
        double[] w = Initializers.get("glorot_uniform").create(new int[] {IN, OUT}, new SplittableRandom(1))
                .toDoubleArray();
        double limit = Math.sqrt(6.0 / (IN + OUT));
        for (double v : w) {
            assertTrue(Math.abs(v) <= limit);
        }
        double[] mv = meanAndVariance(w);
        assertEquals(0, mv[0], 0.001);
        assertEquals(2.0 / (IN + OUT), mv[1], 0.02 * 2.0 / (IN + OUT));
    }

    @Test
    @DisplayName("he_normal: truncated at two standard deviations, variance 2/in")
    void heNormal() {
        double[] w = Initializers.heNormal().create(new int[] {IN, OUT}, new SplittableRandom(2)).toDoubleArray();
        double stddev = Math.sqrt(2.0 / IN);
        for (double v : w) {
            assertTrue(Math.abs(v) <= 2 * stddev / 0.87962566103423978 + 1e-12, "cut at 2σ of the widened normal");
        }
        assertEquals(2.0 / IN, meanAndVariance(w)[1], 0.02 * 2.0 / IN);
    }

    @Test
    @DisplayName("glorot_normal: variance 2/(in+out)")
    void glorotNormal() {
        double[] w = Initializers.glorotNormal().create(new int[] {IN, OUT}, new SplittableRandom(3)).toDoubleArray();
        assertEquals(2.0 / (IN + OUT), meanAndVariance(w)[1], 0.02 * 2.0 / (IN + OUT));
    }

    @Test
    @DisplayName("zeros and ones; the same seed gives the same weights")
    void constantsAndSeeds() {
        assertArrayEquals(new double[6], Initializers.zeros().create(new int[] {2, 3}, null).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1}, Initializers.get("ones").create(new int[] {3}, null).toDoubleArray());
        Tensor a = Initializers.glorotUniform().create(new int[] {4, 4}, new SplittableRandom(9));
        Tensor b = Initializers.glorotUniform().create(new int[] {4, 4}, new SplittableRandom(9));
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
    }

    @Test
    @DisplayName("fans of a convolution kernel [h, w, in, out] include the receptive field")
    void convolutionFans() {
        assertArrayEquals(new double[] {3 * 3 * 8, 3 * 3 * 16}, Initializers.fans(new int[] {3, 3, 8, 16}));
        assertArrayEquals(new double[] {5, 5}, Initializers.fans(new int[] {5}));
    }

    @Test
    @DisplayName("an unknown name lists the valid ones")
    void unknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("lecun"));
        assertContainsAll(e.getMessage(), "'lecun'", "glorot_uniform, glorot_normal, he_normal, zeros, ones");
    }
}
