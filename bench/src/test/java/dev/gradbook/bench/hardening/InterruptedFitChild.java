package dev.gradbook.bench.hardening;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.callbacks.ModelCheckpoint;
import dev.gradbook.layers.examples.LessonData;
import dev.gradbook.layers.examples.SeedLesson;

import java.util.Map;

/**
 * The child process of {@link InterruptedFitTest}: trains the seed model (F32, default backend) on
 * 1,024 bundled digits for far more epochs than it will live, with two checkpoints after every
 * epoch — {@code FOLDER/epoch-NN.safetensors} and {@code FOLDER/latest.safetensors}, overwritten
 * each time — and prints {@code epoch N} once both are written. The parent interrupts it.
 */
public final class InterruptedFitChild {

    private InterruptedFitChild() {
    }

    public static void main(String[] args) {
        String folder = args[0];
        Tensor.setDefaultDType(DType.F32);
        LessonData data = LessonData.load(null);
        Sequential model = SeedLesson.seedModel(42);
        Callback report = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                System.out.println("epoch " + (epoch + 1));
                System.out.flush();
            }
        };
        model.fit(data.xTrain().narrow(0, 0, 1024).to(DType.F32), data.yTrain().narrow(0, 0, 1024).to(DType.F32),
                new FitOptions().batchSize(128).epochs(10_000).verbose(0).callbacks(
                        new ModelCheckpoint(folder + "/epoch-{epoch:02d}.safetensors"),
                        new ModelCheckpoint(folder + "/latest.safetensors"),
                        report));
    }
}
