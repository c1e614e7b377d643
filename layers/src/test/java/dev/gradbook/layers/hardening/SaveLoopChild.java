package dev.gradbook.layers.hardening;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.Dense;
import dev.gradbook.layers.Sequential;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link KilledSaveTest}: saves a model's weights to one file over and over,
 * version after version, until it is killed. Version {@code v} is the model with every weight
 * equal to {@code v}, so a reader can tell which save a file came from and whether it is whole.
 *
 * <p>Usage: {@code SaveLoopChild TARGET FIRST_VERSION}. Prints {@code ready} once the model is
 * built, then for each version {@code saving V} just before {@code saveWeights} is called and
 * {@code saved V MICROS} after it has returned (with how long it took). Each line is flushed at
 * once, so the log of a killed child says where it was: after {@code saving V} with no
 * {@code saved V}, it died inside the save of version V.
 */
public final class SaveLoopChild {

    private SaveLoopChild() {
    }

    /** The model every version is a filling of: about 100,000 weights, 0.8 MB in F64. */
    static Sequential model() {
        Sequential model = new Sequential(1);
        model.add(new Dense(128, 784));
        model.add(new Dense(10));
        return model;
    }

    /** Every weight of {@code model} set to {@code version}. */
    static void fill(Sequential model, long version) {
        List<Tensor> weights = new ArrayList<>();
        for (Tensor w : model.getWeights()) {
            weights.add(Tensor.full(version, w.shape()));
        }
        model.setWeights(weights);
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        long version = Long.parseLong(args[1]);
        Sequential model = model();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            fill(model, version);
            System.out.println("saving " + version);
            System.out.flush();
            long started = System.nanoTime();
            model.saveWeights(target);
            System.out.println("saved " + version + " " + (System.nanoTime() - started) / 1000);
            System.out.flush();
            version++;
        }
    }
}
