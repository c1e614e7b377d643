package dev.gradbook.layers.examples;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.layers.data.Mnist;
import dev.gradbook.layers.data.MnistData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The data a lesson trains and tests on, as tensors: images {@code [n, 784]} with pixels in
 * [0, 1] and one-hot labels {@code [n, 10]}, plus a line saying where they came from.
 *
 * @param xTrain the training images
 * @param yTrain the training labels, one-hot
 * @param xTest  the test images, never trained on
 * @param yTest  the test labels, one-hot
 * @param source where the data came from, for the first line a lesson prints
 */
public record LessonData(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, String source) {

    /** Checks that no component is null (the null policy of {@code dev.gradbook.autograd}). */
    public LessonData {
        Objects.requireNonNull(xTrain, "LessonData: xTrain is null");
        Objects.requireNonNull(yTrain, "LessonData: yTrain is null");
        Objects.requireNonNull(xTest, "LessonData: xTest is null");
        Objects.requireNonNull(yTest, "LessonData: yTest is null");
        Objects.requireNonNull(source, "LessonData: source is null");
    }

    private static final int PIXELS = 784;
    private static final int CLASSES = 10;

    /**
     * The real digits: the 8,000/2,000 split bundled with gradbook when {@code folder} is null, else
     * the four MNIST-layout IDX files in {@code folder} (MNIST itself, or Fashion-MNIST).
     *
     * @throws IllegalArgumentException naming the folder, if the files cannot be read
     */
    public static LessonData load(Path folder) {
        MnistData mnist;
        try {
            mnist = folder == null ? Mnist.bundled() : Mnist.load(folder);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot load MNIST from " + folder + ": " + e.getMessage(), e);
        }
        return new LessonData(mnist.train().imageTensor(), mnist.train().labelTensor(),
                mnist.test().imageTensor(), mnist.test().labelTensor(), mnist.source());
    }

    /**
     * {@code n} generated "images" in 10 classes, split 80/20: each class is a random prototype
     * of 784 pixels in [0, 1], and each sample is its class's prototype with noise, clipped to
     * [0, 1]. Easy to learn, so a short run shows the loss falling and the accuracy rising.
     *
     * @throws IllegalArgumentException if {@code n} is below 10 (too few for both splits)
     */
    public static LessonData synthetic(int n, long seed) {
        if (n < 10) {
            throw new IllegalArgumentException("--synthetic needs at least 10 samples, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] prototypes = new double[CLASSES][PIXELS];
        for (double[] prototype : prototypes) {
            for (int p = 0; p < PIXELS; p++) {
                prototype[p] = random.nextDouble() < 0.2 ? random.nextDouble() : 0; // sparse strokes, like digits
            }
        }
        // Written straight into the tensors: zeros(...) checks that n·784 fits and that the heap
        // can hold it, and names the shape if not (no second copy in a Java array).
        Tensor xs = Tensor.zeros(n, PIXELS);
        Tensor ys = Tensor.zeros(n, CLASSES);
        Storage x = xs.view().storage();
        Storage y = ys.view().storage();
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(CLASSES);
            y.set(i * CLASSES + label, 1);
            for (int p = 0; p < PIXELS; p++) {
                double v = prototypes[label][p] + 0.3 * random.nextGaussian();
                x.set(i * PIXELS + p, Math.min(1, Math.max(0, v)));
            }
        }
        int train = Math.max(1, (int) (n * 0.8));
        return new LessonData(xs.narrow(0, 0, train), ys.narrow(0, 0, train),
                xs.narrow(0, train, n - train), ys.narrow(0, train, n - train), "synthetic (" + n + " samples)");
    }
}
