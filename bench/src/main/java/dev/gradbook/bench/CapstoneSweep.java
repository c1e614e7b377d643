package dev.gradbook.bench;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.examples.LessonData;
import dev.gradbook.layers.examples.SeedLesson;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How sure is the capstone's bar? Chapter 5's capstone (ex5.5) trains the seed lesson's model for
 * a few epochs with a model seed drawn from 1 to 1000 and asks for 90 % test accuracy. This
 * program trains that recipe (F32, RMSprop, batches of 128, the bundled digits) for many such
 * seeds and prints the spread of the test accuracy, so that the bar can be set where a correct
 * backend always clears it.
 *
 * <pre>
 * java -cp "$(cat target/gradbook-launcher/classpath)" dev.gradbook.bench.CapstoneSweep [SEEDS] [EPOCHS] [BACKEND]
 * </pre>
 * (after any {@code ./gradbook} command has built the launcher's class path; defaults: 30 seeds,
 * 3 epochs, simd). The seeds come from a fixed generator, so two runs train the same models.
 */
public final class CapstoneSweep {

    private CapstoneSweep() {
    }

    /**
     * Runs the sweep and prints one line per seed, then the minimum, median and maximum.
     *
     * @param args {@code [SEEDS [EPOCHS [BACKEND]]]}
     * @throws NullPointerException if {@code args} or one of its elements is null
     */
    public static void main(String[] args) {
        NullChecks.requireNoNullElements(args, "CapstoneSweep.main", "args");
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String backend = args.length > 2 ? args[2] : "simd";
        Tensor.setDefaultDType(DType.F32);
        SplittableRandom draw = new SplittableRandom(20261203);
        double[] accuracies = new double[seeds];
        try (Scope scope = Backends.use(backend)) {
            LessonData data = LessonData.load(null);
            for (int i = 0; i < seeds; i++) {
                long seed = 1 + draw.nextInt(1000); // as CapstoneGrader draws its model seed
                Sequential model = SeedLesson.seedModel(seed);
                model.fit(data.xTrain(), data.yTrain(), new FitOptions().batchSize(128).epochs(epochs).verbose(0));
                accuracies[i] = model.evaluate(data.xTest(), data.yTest())[1];
                System.out.printf(Locale.ROOT, "seed %4d: test accuracy %.4f%n", seed, accuracies[i]);
            }
        }
        double[] sorted = accuracies.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%d seeds, %d epochs on %s: min %.4f, median %.4f, max %.4f%n", seeds, epochs,
                backend, sorted[0], sorted[seeds / 2], sorted[seeds - 1]);
    }
}
