package dev.gradbook.bench.hardening;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.History;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.examples.LessonData;
import dev.gradbook.layers.examples.SeedLesson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 §5: a long training run keeps the live heap flat. The seed recipe (the seed model,
 * RMSprop, batches of 128, F32, validation on the test digits each epoch) trains on the bundled
 * 8,000/2,000 digits for {@value #EPOCHS} epochs on the default backend; after every epoch a
 * callback runs a full garbage collection and records the heap still in use. Anything kept per
 * step or per epoch (a graph that is never released, a history that holds tensors, a cache that
 * grows) would make that number climb.
 *
 * <p>The bound: the mean of the last ten epochs may exceed the mean of the first ten by at most
 * {@value #ALLOWED_GROWTH_MIB} MiB. A leak of one seed model's weights per epoch (2.7 MB in F32)
 * would add about 100 MiB over the run; one of a batch's activations per step, far more.
 */
@DisplayName("long runs: 50 epochs of the seed recipe keep the live heap flat")
class HeapFlatnessTest {

    static final int EPOCHS = 50;
    static final double ALLOWED_GROWTH_MIB = 8;

    /** Heap in use after a full collection, in MiB. */
    private static double liveHeapMiB() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc(); // the second one frees what the first one's finalisation/reference work released
        return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Trains the seed model on {@code data} for {@code epochs}, recording the live heap after each epoch. */
    private static List<Double> liveHeapPerEpoch(LessonData data, int epochs, Callback extra, StringBuilder report) {
        DType previous = Tensor.defaultDType();
        Tensor.setDefaultDType(DType.F32);
        try {
            Sequential model = SeedLesson.seedModel(42);
            List<Double> live = new ArrayList<>();
            Callback measure = new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    live.add(liveHeapMiB());
                }
            };
            long start = System.nanoTime();
            History history = model.fit(data.xTrain().to(DType.F32), data.yTrain().to(DType.F32), new FitOptions()
                    .batchSize(128).epochs(epochs).verbose(0)
                    .validationData(data.xTest().to(DType.F32), data.yTest().to(DType.F32)).callbacks(extra, measure));
            report.append(String.format(Locale.ROOT, "%s, %d epochs of %d samples in %.1f s, val_accuracy %.4f",
                    Backends.current().name(), epochs, data.xTrain().size(0), (System.nanoTime() - start) / 1e9,
                    history.last("val_accuracy")));
            assertEquals(epochs, live.size());
            return live;
        } finally {
            Tensor.setDefaultDType(previous);
        }
    }

    /** Mean of the last ten minus mean of the first ten, in MiB. */
    private static double growth(List<Double> live) {
        return mean(live.subList(live.size() - 10, live.size())) - mean(live.subList(0, 10));
    }

    private static String series(List<Double> live) {
        StringJoiner series = new StringJoiner(" ");
        live.forEach(v -> series.add(String.format(Locale.ROOT, "%.1f", v)));
        return series.toString();
    }

    @Test
    @Timeout(600)
    @DisplayName("the seed recipe on the bundled digits: mean live heap of the last 10 epochs ≤ that of the first 10 + 8 MiB")
    void flatHeap() {
        StringBuilder report = new StringBuilder();
        List<Double> live = liveHeapPerEpoch(LessonData.load(null), EPOCHS, new Callback() { }, report);
        double first = mean(live.subList(0, 10));
        double last = mean(live.subList(EPOCHS - 10, EPOCHS));
        System.out.printf(Locale.ROOT, "heap: %s; live heap MiB first-10 mean %.2f, last-10 mean %.2f, min %.2f, max %.2f%n"
                + "heap per epoch (MiB): %s%n", report, first, last,
                live.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                live.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), series(live));
        assertTrue(growth(live) <= ALLOWED_GROWTH_MIB, String.format(Locale.ROOT, "the live heap grew from %.2f MiB"
                + " (mean of the first 10 epochs) to %.2f MiB (last 10), more than %.0f MiB: %s", first, last,
                ALLOWED_GROWTH_MIB, series(live)));
    }

    @Test
    @Timeout(300)
    @DisplayName("the measurement sees a leak: keeping a copy of the weights each epoch breaks the bound")
    void leakIsCaught() {
        LessonData all = LessonData.load(null);
        LessonData small = new LessonData(all.xTrain().narrow(0, 0, 512), all.yTrain().narrow(0, 0, 512),
                all.xTest().narrow(0, 0, 256), all.yTest().narrow(0, 0, 256), "subset");
        List<List<Tensor>> kept = new ArrayList<>();
        Callback leak = new Callback() {
            private Sequential model;

            @Override
            public void setModel(Sequential model) {
                this.model = model;
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                kept.add(model.getWeights()); // 2.7 MB of copies that are never let go
            }
        };
        StringBuilder report = new StringBuilder();
        List<Double> live = liveHeapPerEpoch(small, 20, leak, report);
        System.out.printf(Locale.ROOT, "heap (deliberate leak): %s; growth %.2f MiB; per epoch: %s%n", report,
                growth(live), series(live));
        assertTrue(growth(live) > ALLOWED_GROWTH_MIB, "a leak of 2.7 MB per epoch grows the heap by about 27 MiB"
                + " between the first and last ten epochs, but the measurement saw " + growth(live) + ": " + series(live));
        assertEquals(20, kept.size());
    }
}
