package dev.gradbook.layers;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.optimizers.Adam;
import dev.gradbook.layers.optimizers.Optimizer;
import dev.gradbook.layers.optimizers.RMSprop;
import dev.gradbook.layers.optimizers.SGD;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code FitOptions.reuseStepBuffers(true)} hands each step's arrays to the next step. It may
 * change the speed, never a number: these tests train the same model with and without it and
 * compare every weight and every logged number bit for bit.
 */
@DisplayName("Training with reused step buffers gives bit for bit the same model")
class ReusedStepBuffersTest {

    private static final int SAMPLES = 300;

    /** A small relative of the seed model: dense, relu, dropout, dense, softmax. */
    private static Sequential model(Supplier<Optimizer> optimizer) {
        Sequential model = new Sequential(11);
        model.add(new Dense(24, 20));
        model.add(new Activation("relu"));
        model.add(new Dropout(0.2));
        model.add(new Dense(5));
        model.add(new Activation("softmax"));
        model.compile(optimizer.get(), "categorical_crossentropy", "accuracy");
        model.setOutput(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        return model;
    }

    private static Tensor[] data(DType dtype) {
        SplittableRandom rng = new SplittableRandom(3);
        double[] oneHot = new double[SAMPLES * 5];
        for (int i = 0; i < SAMPLES; i++) {
            oneHot[i * 5 + rng.nextInt(5)] = 1;
        }
        return new Tensor[] {Tensor.rand(rng, SAMPLES, 20).to(dtype), Tensor.of(oneHot, SAMPLES, 5).to(dtype)};
    }

    private static FitOptions options(boolean reuse, Callback... callbacks) {
        return new FitOptions().batchSize(32).epochs(3).verbose(0).seed(5).validationSplit(0.2)
                .reuseStepBuffers(reuse).callbacks(callbacks);
    }

    private static void assertSameModel(Sequential expected, Sequential actual, String what) {
        List<Tensor> e = expected.getWeights();
        List<Tensor> a = actual.getWeights();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i).toDoubleArray(), a.get(i).toDoubleArray(), what + ": weight " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rmsprop", "adam", "sgd with momentum"})
    @DisplayName("each optimizer (whose state is made in the first step and must live on), F32 and F64")
    void sameWeightsAndLogs(String name) {
        Supplier<Optimizer> optimizer = switch (name) {
            case "rmsprop" -> RMSprop::new;
            case "adam" -> Adam::new;
            default -> () -> new SGD(0.05, 0.9, false);
        };
        DType before = Tensor.defaultDType();
        for (DType dtype : DType.values()) {
            Tensor.setDefaultDType(dtype); // the model's weights take the default dtype
            Tensor[] xy;
            try {
                xy = data(dtype);
            } finally {
                Tensor.setDefaultDType(before);
            }
            Tensor.setDefaultDType(dtype);
            Sequential fresh = model(optimizer);
            Sequential reused = model(optimizer);
            History freshHistory = fresh.fit(xy[0], xy[1], options(false));
            History reusedHistory = reused.fit(xy[0], xy[1], options(true));
            assertEquals(freshHistory.history(), reusedHistory.history(), name + " " + dtype + ": the logs");
            assertSameModel(fresh, reused, name + " " + dtype);
            // a second fit continues from the state both models have, with new buffers
            fresh.fit(xy[0], xy[1], options(false));
            reused.fit(xy[0], xy[1], options(true));
            assertSameModel(fresh, reused, name + " " + dtype + ", second fit");
            Tensor.setDefaultDType(before);
        }
    }

    /** Passes its input on, until its {@code failAt}-th training forward pass, which throws. */
    private static final class FailsInStep extends AbstractLayer {
        private final int failAt;
        private int calls;

        FailsInStep(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public Tensor forward(Tensor input, boolean training) {
            if (training && ++calls == failAt) {
                throw new IllegalStateException("fails in step " + failAt);
            }
            return input.mul(1.0); // a tensor made in the step, as a real layer's would be
        }
    }

    @Test
    @DisplayName("a fit that fails in the middle of a step leaves nothing behind: the next fit is still exact")
    void failureMidStep() {
        Tensor[] xy = data(Tensor.defaultDType());
        Sequential fresh = model(RMSprop::new);
        Sequential reused = model(RMSprop::new);
        Sequential[] pair = {fresh, reused};
        for (Sequential m : pair) {
            Sequential failing = new Sequential(1);
            failing.add(new FailsInStep(5)); // after three steps whose arrays were handed on
            failing.add(m);
            failing.compile(new RMSprop(), "categorical_crossentropy");
            failing.setOutput(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> failing.fit(xy[0], xy[1], options(m == reused)));
            assertEquals("fails in step 5", e.getMessage());
        }
        // the steps before the failure trained both inner models alike, and training goes on alike
        assertSameModel(fresh, reused, "up to the failure");
        fresh.fit(xy[0], xy[1], options(false));
        reused.fit(xy[0], xy[1], options(true));
        assertSameModel(fresh, reused, "after a failed fit");
    }

    @Test
    @DisplayName("is off unless asked for: a library user's own layers may keep tensors across steps")
    void offByDefault() {
        String before = System.getProperty(FitOptions.REUSE_STEP_BUFFERS_PROPERTY);
        try {
            System.clearProperty(FitOptions.REUSE_STEP_BUFFERS_PROPERTY);
            assertFalse(new FitOptions().reuseStepBuffers());
        } finally {
            if (before != null) {
                System.setProperty(FitOptions.REUSE_STEP_BUFFERS_PROPERTY, before);
            }
        }
    }
}
