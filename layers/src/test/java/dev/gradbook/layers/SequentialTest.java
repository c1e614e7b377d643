package dev.gradbook.layers;

import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.gradbook.layers.Text.assertContainsAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Sequential: a stack of layers")
class SequentialTest {

    private static String golden(String resource) throws IOException {
        try (InputStream in = SequentialTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Nested
    @DisplayName("summary()")
    class Summary {

        @Test
        @DisplayName("prints the seed model exactly as the golden copy (Keras' classic table)")
        void seedModelMatchesGolden() throws IOException {
            Sequential model = SeedModel.build(1);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            model.setOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));

            String text = model.summary();

            assertEquals(golden("seed-mlp-summary.txt"), text);
            assertEquals(text, printed.toString(StandardCharsets.UTF_8), "summary() prints what it returns");
        }

        @Test
        @DisplayName("counts 669,706 parameters in the seed model: 784·512+512, 512·512+512, 512·10+10")
        void seedModelParameterCount() {
            Sequential model = SeedModel.build(1);
            assertEquals(669_706, model.countParams());
            assertEquals(List.of(401_920L, 0L, 0L, 262_656L, 0L, 0L, 5_130L, 0L),
                    model.layers().stream().map(Layer::paramCount).toList());
        }

        @Test
        @DisplayName("counts a frozen layer's parameters as non-trainable")
        void frozenLayers() {
            Sequential model = new Sequential(1);
            Dense frozen = new Dense(4, 3);
            frozen.setTrainable(false);
            model.add(frozen);
            model.add(new Dense(2));
            model.setOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

            String text = model.summary();

            assertContainsAll(text, "Total params: 26\n", "Trainable params: 10\n", "Non-trainable params: 16\n");
        }

        @Test
        @DisplayName("before the input shape is known, explains how to give one")
        void notBuilt() {
            Sequential model = new Sequential(1);
            model.add(new Dense(10));
            IllegalStateException e = assertThrows(IllegalStateException.class, model::summary);
            assertContainsAll(e.getMessage(), "not built", "new Dense(512, 784)", "build(784)");
        }
    }

    @Nested
    @DisplayName("shapes and names")
    class ShapesAndNames {

        @Test
        @DisplayName("infers every layer's shape from the first layer's input shape")
        void inference() {
            Sequential model = new Sequential(1);
            model.add(new Flatten(28, 28));
            model.add(new Dense(32));
            model.add(new Activation(ActivationFunction.RELU));
            model.add(new Dense(10, "softmax"));

            assertArrayEquals(new int[] {28, 28}, model.inputShape());
            assertArrayEquals(new int[] {10}, model.outputShape());
            assertEquals(784 * 32 + 32 + 32 * 10 + 10, model.countParams());
            Tensor out = model.predict(Tensor.zeros(5, 28, 28));
            assertArrayEquals(new int[] {5, 10}, out.shape());
        }

        @Test
        @DisplayName("without a declared input shape, builds from the first data it sees")
        void buildsFromData() {
            Sequential model = new Sequential(1);
            model.add(new Dense(3));
            assertFalse(model.isBuilt());

            model.predict(Tensor.ones(2, 7));

            assertTrue(model.isBuilt());
            assertArrayEquals(new int[] {7, 3}, ((Dense) model.layers().get(0)).kernel().shape());
        }

        @Test
        @DisplayName("names layers per type in the order they are added, and keeps chosen names")
        void naming() {
            Sequential model = new Sequential(1);
            model.add(new Dense(4, 2));
            model.add(Dense.builder(4).name("hidden").build());
            model.add(new Dense(1));
            model.add(new Activation("sigmoid"));

            assertEquals(List.of("dense", "hidden", "dense_1", "activation"),
                    model.layers().stream().map(model::layerName).toList());
            assertEquals("hidden", model.layers().get(1).name());
            assertSame(model.layers().get(2), model.getLayer("dense_1"));
        }

        @Test
        @DisplayName("rejects a duplicate name and the same layer object twice")
        void duplicates() {
            Sequential model = new Sequential(1);
            Dense dense = new Dense(4, 2);
            model.add(dense);
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> model.add(dense)).getMessage(),
                    "already in this model");
            assertContainsAll(assertThrows(IllegalArgumentException.class,
                    () -> model.add(Dense.builder(3).name("dense").build())).getMessage(),
                    "already has a layer named 'dense'");
        }

        @Test
        @DisplayName("pop() removes the last layer, as in Keras")
        void pop() {
            Sequential model = SeedModel.build(1);
            Layer last = model.pop();
            assertInstanceOf(Activation.class, last);
            assertEquals(7, model.layers().size());
            assertArrayEquals(new int[] {10}, model.outputShape());
            assertThrows(IllegalStateException.class, () -> {
                Sequential empty = new Sequential();
                empty.pop();
            });
        }

        @Test
        @DisplayName("a layer a student writes outside the module plugs in with just forward()")
        void customLayer() {
            Layer square = new Layer() {
                @Override
                public Tensor forward(Tensor input, boolean training) {
                    return input.mul(input);
                }

                @Override
                public String typeName() {
                    return "Square";
                }
            };
            Sequential model = new Sequential(1);
            model.add(new Dense(2, 2));
            model.add(square);

            assertEquals("square", model.layerName(square));
            assertNull(square.name());
            Tensor x = Tensor.of(new double[] {1, 2}, 1, 2);
            Dense dense = (Dense) model.layers().get(0);
            double[] linear = x.matmul(dense.kernel()).add(dense.bias()).toDoubleArray();
            double[] out = model.predict(x).toDoubleArray();
            assertEquals(linear[0] * linear[0], out[0], 1e-12);
            assertEquals(linear[1] * linear[1], out[1], 1e-12);
        }

        @Test
        @DisplayName("a model can be a layer of another model")
        void nesting() {
            Sequential inner = new Sequential(1).name("block");
            inner.add(new Dense(4, "relu"));
            inner.add(new Dense(4, "relu"));
            Sequential outer = new Sequential(2);
            outer.add(new Dense(4, 3));
            outer.add(inner);
            outer.add(new Dense(1));

            assertArrayEquals(new int[] {1}, outer.outputShape());
            assertEquals(16 + 20 + 20 + 5, outer.countParams());
            assertEquals("block", outer.layerName(inner));
        }
    }

    @Nested
    @DisplayName("cycles and failed builds")
    class CyclesAndFailedBuilds {
        @Test
        @DisplayName("a model added to itself, or to a model it contains, is refused at add (no stack overflow later)")
        void cyclesAreRefused() {
            Sequential outer = new Sequential();
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> outer.add(outer)).getMessage(),
                    "add", "itself");
            Sequential inner = new Sequential();
            Sequential middle = new Sequential();
            middle.add(inner);
            outer.add(middle);
            assertContainsAll(assertThrows(IllegalArgumentException.class, () -> inner.add(outer)).getMessage(),
                    "add", "cycle");
            assertTrue(inner.layers().isEmpty(), "the refused layer was not added");
        }

        @Test
        @DisplayName("a first layer declaring another input shape than build(...) gave is refused, not silently rebuilt")
        void declaredShapeMustAgreeWithBuild() {
            Sequential model = new Sequential(1);
            model.build(784);
            assertContainsAll(assertThrows(IllegalArgumentException.class,
                    () -> model.add(Dense.units(512).inputDim(100))).getMessage(), "(None, 100)", "(None, 784)", "build");
            assertTrue(model.layers().isEmpty());
            model.add(Dense.units(512).inputDim(784)); // agreeing is fine
            assertArrayEquals(new int[] {784}, model.inputShape());
        }

        @Test
        @DisplayName("a build that fails leaves the model unbuilt, so the corrected build works")
        void buildIsAllOrNothing() {
            Sequential model = new Sequential(3);
            model.add(new Dense(4));
            model.add(new Flatten());
            model.add(new Dense(2));
            assertThrows(IllegalArgumentException.class, () -> model.build()); // a 0-d sample: Dense needs features
            assertFalse(model.isBuilt());
            assertNull(model.inputShape());
            model.build(5);
            assertTrue(model.isBuilt());
            assertArrayEquals(new int[] {2}, model.outputShape());
            assertEquals(5 * 4 + 4 + 4 * 2 + 2, model.getWeights().stream().mapToInt(Tensor::numel).sum());
        }

        @Test
        @DisplayName("a later layer that rejects its input shape fails the build before any weight is made")
        void laterLayerFails() {
            Sequential model = new Sequential(3);
            model.add(new Dense(4));
            model.add(new Dense(2));
            Layer picky = new Layer() {
                @Override
                public Tensor forward(Tensor input, boolean training) {
                    return input;
                }

                @Override
                public int[] outputShape(int[] inputShape) {
                    if (inputShape[0] != 7) {
                        throw new IllegalArgumentException("picky: wants 7 features, got " + inputShape[0]);
                    }
                    return inputShape;
                }
            };
            model.add(picky);
            assertThrows(IllegalArgumentException.class, () -> model.build(5));
            assertFalse(model.isBuilt());
            assertTrue(model.layers().get(0).parameters().isEmpty(), "no weight was created for the first layer");
        }
    }

    @Nested
    @DisplayName("a model inside a model")
    class NestedModels {

        /** 3 → Dense(4) → [a nested block: Dense(4) → Dropout → Dense(2)], seeded by {@code seed}. */
        private Sequential withBlock(long seed, Sequential block) {
            block.add(new Dense(4));
            block.add(new Dropout(0.5));
            block.add(new Dense(2));
            Sequential model = new Sequential(seed);
            model.add(new Dense(4, 3));
            model.add(block);
            return model;
        }

        @Test
        @DisplayName("draws its initial weights from the parent's seed: the same parent seed, the same weights")
        void weightsFollowTheParentSeed() {
            List<Tensor> a = withBlock(5, new Sequential()).getWeights();
            List<Tensor> b = withBlock(5, new Sequential()).getWeights();
            List<Tensor> c = withBlock(6, new Sequential()).getWeights();

            assertEquals(6, a.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toDoubleArray(), b.get(i).toDoubleArray(), "weight " + i);
            }
            assertFalse(java.util.Arrays.equals(a.get(2).toDoubleArray(), c.get(2).toDoubleArray()),
                    "another parent seed gives the block other weights");
        }

        @Test
        @DisplayName("the parent's seed wins over the nested model's own")
        void parentSeedWins() {
            double[] own1 = withBlock(5, new Sequential(1)).getWeights().get(2).toDoubleArray();
            double[] own2 = withBlock(5, new Sequential(2)).getWeights().get(2).toDoubleArray();
            assertArrayEquals(own1, own2);
        }

        @Test
        @DisplayName("trains reproducibly, dropout masks included")
        void reproducibleTraining() {
            Tensor x = Datasets.xor(32, 1, false).x().matmul(Tensor.ones(2, 3));
            Tensor y = Datasets.xor(32, 1, false).y().matmul(Tensor.ones(1, 2));
            double[][] after = new double[2][];
            for (int run = 0; run < 2; run++) {
                Sequential model = withBlock(9, new Sequential());
                model.compile("sgd", "mse");
                model.fit(x, y, new FitOptions().epochs(2).batchSize(8).verbose(0));
                after[run] = model.getWeights().get(4).toDoubleArray();
            }
            assertArrayEquals(after[0], after[1]);
        }

        @Test
        @DisplayName("a frozen layer inside it stays frozen, and the summary counts it as non-trainable")
        void frozenInside() {
            Sequential block = new Sequential().name("block");
            Dense frozen = new Dense(4);
            frozen.setTrainable(false);
            block.add(frozen);
            block.add(new Dense(2));
            Sequential model = new Sequential(1);
            model.add(new Dense(4, 3));
            model.add(block);
            model.setOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            double[] before = frozen.kernel().toDoubleArray();
            model.compile("sgd", "mse");

            model.fit(Tensor.ones(8, 3), Tensor.zeros(8, 2), new FitOptions().epochs(2).verbose(0));

            assertArrayEquals(before, frozen.kernel().toDoubleArray());
            assertContainsAll(model.summary(), "Total params: 46\n", "Trainable params: 26\n",
                    "Non-trainable params: 20\n");
        }
    }

    @Nested
    @DisplayName("seeds")
    class Seeds {

        @Test
        @DisplayName("the same seed gives the same initial weights; another seed different ones")
        void reproducibleWeights() {
            List<Tensor> a = SeedModel.build(7).getWeights();
            List<Tensor> b = SeedModel.build(7).getWeights();
            List<Tensor> c = SeedModel.build(8).getWeights();
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toDoubleArray(), b.get(i).toDoubleArray());
            }
            assertFalse(java.util.Arrays.equals(a.get(0).toDoubleArray(), c.get(0).toDoubleArray()));
        }
    }
}
