package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.Backends;
import dev.gradbook.autograd.Scope;
import dev.gradbook.exercises.grading.Todo;
import dev.gradbook.layers.FitOptions;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.examples.LessonData;
import dev.gradbook.layers.examples.SeedLesson;

import java.util.Objects;

/**
 * The capstone of chapter 5 (ex5.5): the seed lesson's model, Keras' MNIST multilayer perceptron,
 * trained on the real digits with every number computed by your backend.
 *
 * <p>There is little code to write here, and that is the point of the chapter: a backend that
 * passes the conformance kit runs every model of the course without a line of the model knowing.
 * What you write is the switch: choose your backend with a scope ({@code Backends.use}, chapter 5,
 * "Choosing a backend"), and make the data and the model inside it, because a tensor lives on the
 * backend that was current when it was made, and tensors of two backends cannot be combined.
 */
public final class Capstone {

    private Capstone() {
    }

    /**
     * A model trained on your backend, and the data it was trained on, which lives there too.
     *
     * @param model the trained model
     * @param data  the bundled digits, made on your backend (test on {@code data.xTest()})
     */
    public record Trained(Sequential model, LessonData data) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code model} or {@code data} is null
         */
        public Trained {
            Objects.requireNonNull(model, "Capstone.Trained: model is null");
            Objects.requireNonNull(data, "Capstone.Trained: data is null");
        }
    }

    /**
     * Trains the seed lesson's model on the student backend: inside {@code Backends.use("student")},
     * load the bundled digits ({@code LessonData.load(null)}), build the model with
     * {@link SeedLesson#seedModel(long)} (it is compiled with RMSprop and categorical
     * cross-entropy), and fit it on the training digits for {@code epochs} epochs of batches of 128,
     * without printing ({@code verbose(0)}).
     *
     * @param epochs passes over the 8,000 training digits
     * @param seed   the model's seed: its initial weights, dropout masks and shuffling
     * @return the trained model and its data, both on the student backend
     */
    public static Trained trainOnYourBackend(int epochs, long seed) {
        // BEGIN SOLUTION ex5.5
        try (Scope scope = Backends.use("student")) {
            LessonData data = LessonData.load(null);
            Sequential model = SeedLesson.seedModel(seed);
            model.fit(data.xTrain(), data.yTrain(), new FitOptions().batchSize(128).epochs(epochs).verbose(0));
            return new Trained(model, data);
        }
        // END SOLUTION
    }
}
