package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.initializers.Initializers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("Dense, Activation and Flatten")
class DenseAndActivationTest {

    @Nested
    @DisplayName("Dense")
    class DenseLayer {

        @Test
        @DisplayName("Dense.units(512).inputDim(784) is the same layer as new Dense(512, 784)")
        void readableForm() {
            Dense readable = Dense.units(512).inputDim(784);
            Dense positional = new Dense(512, 784);

            assertEquals(positional.units(), readable.units());
            assertArrayEquals(positional.declaredInputShape(), readable.declaredInputShape());
            assertEquals(401_920, readable.paramCount());
            assertEquals(positional.finalActivation(), readable.finalActivation());
            Sequential a = new Sequential(3);
            a.add(readable);
            Sequential b = new Sequential(3);
            b.add(positional);
            assertArrayEquals(b.getWeights().get(0).toDoubleArray(), a.getWeights().get(0).toDoubleArray(),
                    "the same seed gives both the same kernel");
        }

        @Test
        @DisplayName("inputDim returns a new layer with every other setting kept, and leaves the first unchanged")
        void inputDimKeepsSettings() {
            Dense hidden = Dense.builder(4).activation("relu").useBias(false).name("hidden").build();
            hidden.setTrainable(false);

            Dense first = hidden.inputDim(3);

            assertNull(hidden.declaredInputShape(), "the original layer is unchanged");
            assertArrayEquals(new int[] {3}, first.declaredInputShape());
            assertEquals(ActivationFunction.RELU, first.activation());
            assertEquals("hidden", first.name());
            assertEquals(12, first.paramCount(), "no bias: 3·4 parameters");
            assertEquals(false, first.trainable());
            assertEquals(4, Dense.units(4).units());
        }

        @Test
        @DisplayName("inputDim on a built layer says why that is too late")
        void inputDimAfterBuild() {
            Dense built = Dense.units(2).inputDim(5);
            built.build(new int[] {5}, new SplittableRandom(1));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> built.inputDim(6));
            assertContainsAll(e.getMessage(), "inputDim(6)", "already built for 5 features", "before adding");
        }

        @Test
        @DisplayName("computes activation(x · kernel + bias) with a [in, units] kernel")
        void affineMap() {
            Dense dense = Dense.builder(2).activation("relu").kernelInitializer("ones").biasInitializer("ones").build();
            dense.build(new int[] {3}, new SplittableRandom(1));
            Tensor x = Tensor.of(new double[] {1, 2, 3, -4, -5, -6}, 2, 3);

            Tensor y = dense.forward(x, false);

            // row 1: 1+2+3+1 = 7 in both units; row 2: -15+1 = -14, cut to 0 by relu
            assertArrayEquals(new double[] {7, 7, 0, 0}, y.toDoubleArray(), 1e-12);
            assertArrayEquals(new int[] {3, 2}, dense.kernel().shape());
            assertEquals("kernel", dense.kernel().label());
        }

        @Test
        @DisplayName("starts with a Glorot-uniform kernel and a zero bias, as Keras")
        void kerasDefaults() {
            Dense dense = new Dense(50, 30);
            dense.build(new int[] {30}, new SplittableRandom(5));
            double limit = Math.sqrt(6.0 / (30 + 50));
            for (double w : dense.kernel().toDoubleArray()) {
                assertEquals(0, w, limit);
            }
            assertArrayEquals(new double[50], dense.bias().toDoubleArray());
        }

        @Test
        @DisplayName("without bias has in·units parameters")
        void noBias() {
            Dense dense = Dense.builder(4).useBias(false).inputShape(3).build();
            dense.build(new int[] {3}, new SplittableRandom(1));
            assertEquals(12, dense.paramCount());
            assertNull(dense.bias());
            assertEquals(1, dense.parameters().size());
        }

        @Test
        @DisplayName("transforms the last dimension of higher-rank inputs")
        void higherRank() {
            Dense dense = Dense.builder(5).kernelInitializer(Initializers.heNormal()).build();
            dense.build(new int[] {4, 3}, new SplittableRandom(1));
            assertArrayEquals(new int[] {4, 5}, dense.outputShape(new int[] {4, 3}));
            assertArrayEquals(new int[] {2, 4, 5}, dense.forward(Tensor.ones(2, 4, 3), false).shape());
        }

        @Test
        @DisplayName("names itself, the shapes and the fix when the feature count is wrong")
        void wrongFeatureCount() {
            Dense dense = Dense.builder(8).inputShape(784).name("hidden").build();
            dense.build(new int[] {784}, new SplittableRandom(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> dense.forward(Tensor.zeros(32, 100), false));
            assertContainsAll(e.getMessage(), "Dense 'hidden'", "784 features", "[32, 100]");
        }

        @Test
        @DisplayName("refuses non-positive units")
        void badUnits() {
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> new Dense(0)).getMessage(),
                    "units must be positive");
        }
    }

    @Nested
    @DisplayName("Activation")
    class ActivationLayer {

        @Test
        @DisplayName("by name or by constant, applies the function element-wise (softmax per row)")
        void functions() {
            Tensor x = Tensor.of(new double[] {-1, 0, 2}, 1, 3);
            assertArrayEquals(new double[] {0, 0, 2}, new Activation("relu").forward(x, true).toDoubleArray());
            assertArrayEquals(new double[] {-1, 0, 2}, new Activation("linear").forward(x, true).toDoubleArray());
            assertArrayEquals(new double[] {Math.tanh(-1), 0, Math.tanh(2)},
                    new Activation(ActivationFunction.TANH).forward(x, true).toDoubleArray(), 1e-12);
            assertArrayEquals(new double[] {1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))},
                    new Activation("SIGMOID").forward(x, true).toDoubleArray(), 1e-12);
            double z = Math.exp(-1) + 1 + Math.exp(2);
            assertArrayEquals(new double[] {Math.exp(-1) / z, 1 / z, Math.exp(2) / z},
                    new Activation("softmax").forward(x, true).toDoubleArray(), 1e-12);
        }

        @Test
        @DisplayName("an unknown name lists the valid ones")
        void unknownName() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation("relu6"));
            assertContainsAll(e.getMessage(), "'relu6'", "relu, softmax, sigmoid, tanh, linear");
            assertThrows(IllegalArgumentException.class, () -> new Dense(3, "gelu"));
        }
    }

    @Nested
    @DisplayName("Flatten")
    class FlattenLayer {

        @Test
        @DisplayName("turns each [28, 28] sample into 784 numbers, keeping the batch")
        void flattens() {
            Flatten flatten = new Flatten();
            assertArrayEquals(new int[] {784}, flatten.outputShape(new int[] {28, 28}));
            Tensor x = Tensor.arange(2 * 3 * 4).reshape(2, 3, 4);
            Tensor y = flatten.forward(x, false);
            assertArrayEquals(new int[] {2, 12}, y.shape());
            assertArrayEquals(x.toDoubleArray(), y.toDoubleArray());
        }
    }
}
