package dev.gradbook.layers;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Datasets.XY;
import dev.gradbook.layers.callbacks.Callback;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model belongs to one thread at a time (see {@link OneCallAtATime}); separate models on
 * separate threads, each with its own scoped backend, train exactly as they would one after the
 * other.
 */
@DisplayName("Threads: one model per thread")
class ThreadsTest {

    private static Sequential model(long seed) {
        Sequential model = new Sequential(seed);
        model.add(Dense.units(8).inputDim(2));
        model.add(new Activation("tanh"));
        model.add(new Dense(1, "sigmoid"));
        model.compile("sgd", "binary_crossentropy", "accuracy");
        return model;
    }

    private static double[][] trained(long seed, XY data) {
        Sequential model = model(seed);
        try (Scope scope = Backends.use("naive")) {
            model.fit(data.x(), data.y(), new FitOptions().epochs(5).batchSize(8).verbose(0));
        }
        return model.getWeights().stream().map(Tensor::toDoubleArray).toArray(double[][]::new);
    }

    @Nested
    @DisplayName("one model, two threads")
    class SharedModel {

        @Test
        @DisplayName("a second thread's evaluate during fit is refused, naming the thread and the call; the fit itself completes")
        void secondThreadIsRefused() throws Exception {
            XY data = Datasets.xor(32, 1, false);
            Sequential model = model(1);
            AtomicReference<Throwable> refused = new AtomicReference<>();
            Callback intruder = new Callback() {
                @Override
                public void onBatchBegin(int batch, Map<String, Double> logs) {
                    if (batch != 1) {
                        return;
                    }
                    Thread other = new Thread(() -> {
                        try {
                            model.evaluate(data.x(), data.y());
                        } catch (Throwable e) {
                            refused.set(e);
                        }
                    }, "intruder");
                    other.start();
                    try {
                        other.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            String trainer = Thread.currentThread().getName();
            History history = model.fit(data.x(), data.y(), new FitOptions().epochs(1).batchSize(8).verbose(0)
                    .callbacks(intruder));

            assertNotNull(refused.get(), "the second thread's evaluate should have been refused");
            assertTrue(refused.get() instanceof IllegalStateException, "refused with " + refused.get());
            String message = refused.get().getMessage();
            assertTrue(message.startsWith("Sequential.evaluate:"), message);
            assertTrue(message.contains("'" + trainer + "'") && message.contains("(fit)"), message);
            assertTrue(message.contains("give each thread its own model"), message);
            assertEquals(1, history.epochs().size(), "the fit that owned the model finished its epoch");
        }

        @Test
        @DisplayName("the same thread may call evaluate inside fit (a callback does), and the model is free afterwards")
        void sameThreadNestsAndReleases() {
            XY data = Datasets.xor(16, 1, false);
            Sequential model = model(2);
            Callback evaluator = new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    model.evaluate(data.x(), data.y());
                }
            };
            model.fit(data.x(), data.y(), new FitOptions().epochs(2).batchSize(8).verbose(0).callbacks(evaluator));
            Thread later = new Thread(() -> model.predict(data.x()));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            later.setUncaughtExceptionHandler((thread, e) -> failure.set(e));
            later.start();
            assertDoesNotHang(later);
            assertEquals(null, failure.get(), "after fit returns, another thread may use the model");
        }
    }

    @Nested
    @DisplayName("two models, two threads")
    class SeparateModels {

        @Test
        @DisplayName("each with its own scoped backend, they end with the same weights as one after the other, bit for bit")
        void sameAsSequential() throws Exception {
            XY data = Datasets.xor(64, 1, false);
            double[][] first = trained(11, data);
            double[][] second = trained(12, data);

            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<double[][]>> both = pool.invokeAll(List.of(() -> trained(11, data), () -> trained(12, data)));
                double[][] concurrentFirst = both.get(0).get();
                double[][] concurrentSecond = both.get(1).get();
                for (int i = 0; i < first.length; i++) {
                    assertArrayEquals(first[i], concurrentFirst[i], "model 1, weight " + i);
                    assertArrayEquals(second[i], concurrentSecond[i], "model 2, weight " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void assertDoesNotHang(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
    }
}
