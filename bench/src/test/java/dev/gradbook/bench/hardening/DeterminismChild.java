package dev.gradbook.bench.hardening;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.ReportingBackend;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.examples.LessonData;
import dev.gradbook.layers.examples.SeedLesson;

import java.nio.file.Path;

/**
 * The child process of {@link DeterminismTest}: trains the seed model for a few batches on every
 * available backend, in F64 and F32, twice each, and saves every result as
 * {@code OUT/<backend>-<dtype>-run<r>.safetensors}. The parent starts it with different
 * {@code -XX:ActiveProcessorCount} values, which is what sizes both multi-threaded backends' pools
 * (the simd backend's shared pool and EJML's {@code ForkJoinPool}); the first line it prints says
 * how many threads each one got.
 */
public final class DeterminismChild {

    /** Samples trained on: 4 batches of 64, enough for the threaded matrix products to kick in. */
    static final int SAMPLES = 256;
    static final int BATCH = 64;
    static final long SEED = 42;

    private DeterminismChild() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        LessonData data = LessonData.load(null);
        System.out.println("threads: processors " + Runtime.getRuntime().availableProcessors()
                + " ejml " + ejmlThreads() + " simd " + simdThreads());
        for (String backend : Backends.available()) {
            for (DType dtype : DType.values()) {
                for (int run = 1; run <= 2; run++) {
                    Sequential model = train(backend, dtype, data);
                    model.saveWeights(out.resolve(backend + "-" + dtype + "-run" + run + ".safetensors"));
                }
                System.out.println("trained " + backend + " " + dtype);
            }
        }
    }

    /** The seed model, trained one epoch of {@link #SAMPLES} digits with dropout and shuffling. */
    static Sequential train(String backend, DType dtype, LessonData data) {
        DType previous = Tensor.defaultDType();
        Tensor.setDefaultDType(dtype);
        try (Scope scope = Backends.use(backend)) {
            Sequential model = SeedLesson.seedModel(SEED);
            // Made here, so that they live on this backend in this dtype, as the model's weights do.
            Tensor x = Tensor.of(data.xTrain().narrow(0, 0, SAMPLES).toDoubleArray(), SAMPLES, 784);
            Tensor y = Tensor.of(data.yTrain().narrow(0, 0, SAMPLES).toDoubleArray(), SAMPLES, 10);
            model.fit(x, y, new FitOptions().batchSize(BATCH).epochs(1).verbose(0).seed(SEED));
            return model;
        } finally {
            Tensor.setDefaultDType(previous);
        }
    }

    /** EJML's pool size, read by reflection: this module does not compile against EJML. */
    private static String ejmlThreads() {
        try {
            return String.valueOf(Class.forName("org.ejml.concurrency.EjmlConcurrency").getMethod("getMaxThreads").invoke(null));
        } catch (ReflectiveOperationException e) {
            return "absent";
        }
    }

    /** {@code SimdBackend.threads()} of the registered simd backend, by reflection for the same reason. */
    private static String simdThreads() {
        try {
            TensorBackend simd = Backends.get("simd");
            if (simd instanceof ReportingBackend reporting) {
                simd = reporting.delegate();
            }
            return String.valueOf(simd.getClass().getMethod("threads").invoke(simd));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "absent";
        }
    }
}
