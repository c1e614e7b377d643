package dev.gradbook.layers.data;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.Storage;

import java.util.Objects;

/**
 * An MNIST-style data set: a training split and a test split of small grey images with one class
 * label (0..9) each. Made by {@link Mnist#load(java.nio.file.Path)} or {@link Mnist#bundled()}.
 *
 * <p>This is what Keras' {@code (x_train, y_train), (x_test, y_test) = mnist.load_data()} returns,
 * as one object:
 *
 * <pre>{@code
 * MnistData mnist = Mnist.bundled();
 * double[] xTrain = mnist.train().scaledImages();      // [8000, 784], values in [0, 1]
 * double[] yTrain = mnist.train().categoricalLabels(); // [8000, 10], one-hot
 * }</pre>
 *
 * <p>Immutable: nothing returned by this class or its splits can change the data inside.
 */
public final class MnistData {

    private final Split train;
    private final Split test;
    private final String source;

    MnistData(Split train, Split test, String source) {
        this.train = train;
        this.test = test;
        this.source = source;
    }

    /**
     * The examples to learn from.
     *
     * @return the training split
     */
    public Split train() {
        return train;
    }

    /**
     * The examples kept aside to measure how well the model does on images it never saw.
     *
     * @return the test split
     */
    public Split test() {
        return test;
    }

    /**
     * Where the data came from: a directory, or the bundled resources.
     *
     * @return a short description for logs and messages
     */
    public String source() {
        return source;
    }

    /** @return e.g. {@code MnistData[train 8000×28×28, test 2000×28×28, from ...]} */
    @Override
    public String toString() {
        return "MnistData[train " + train.images.shapeString() + ", test "
                + test.images.shapeString() + ", from " + source + "]";
    }

    /**
     * One split of an MNIST-style data set: {@link #count()} images of {@link #rows()} ×
     * {@link #cols()} unsigned-byte pixels (0 = background, 255 = full ink), and one label per
     * image.
     *
     * <p>The arrays handed out are fresh copies in row-major order, ready to be wrapped in a
     * {@code Tensor}: image {@code i}'s pixel {@code (r, c)} is at
     * {@code i * rows * cols + r * cols + c}.
     */
    public static final class Split {

        private final String name;
        private final IdxArray images;
        private final byte[] labels;

        private Split(String name, IdxArray images, byte[] labels) {
            this.name = name;
            this.images = images;
            this.labels = labels;
        }

        /**
         * Pairs an image file with a label file, checking that they belong together: images of
         * shape [count, rows, cols], labels of shape [count], every label in 0..9.
         */
        static Split of(String name, IdxArray images, String imagesSource, IdxArray labels,
                        String labelsSource) throws IdxFormatException {
            if (images.rank() != 3) {
                throw new IdxFormatException(imagesSource, "expected images of shape"
                        + " count×rows×cols (3 dimensions) but the file holds "
                        + images.shapeString() + " (" + images.rank() + " dimension"
                        + (images.rank() == 1 ? "" : "s") + ")"
                        + (images.rank() == 1 ? " — is this a label file?" : ""));
            }
            if ((long) images.dim(1) * images.dim(2) > Integer.MAX_VALUE) {
                throw new IdxFormatException(imagesSource, "images of " + images.dim(1) + "×" + images.dim(2)
                        + " pixels have more pixels each than a tensor row can hold (" + Integer.MAX_VALUE
                        + "); the header is corrupt or these are not MNIST-style images");
            }
            if (labels.rank() != 1) {
                throw new IdxFormatException(labelsSource, "expected labels of shape count"
                        + " (1 dimension) but the file holds " + labels.shapeString() + " ("
                        + labels.rank() + " dimensions)"
                        + (labels.rank() == 3 ? " — is this an image file?" : ""));
            }
            if (labels.dim(0) != images.dim(0)) {
                throw new IdxFormatException(labelsSource, labels.dim(0) + " labels, but "
                        + imagesSource + " holds " + images.dim(0) + " images — every image"
                        + " needs exactly one label; these two files do not belong together");
            }
            byte[] labelBytes = labels.rawData();
            for (int i = 0; i < labelBytes.length; i++) {
                int label = labelBytes[i] & 0xFF;
                if (label >= Mnist.NUM_CLASSES) {
                    throw new IdxFormatException(labelsSource, "label " + label + " at index " + i
                            + " is outside 0.." + (Mnist.NUM_CLASSES - 1) + " — MNIST-style data"
                            + " has " + Mnist.NUM_CLASSES + " classes");
                }
            }
            return new Split(name, images, labelBytes);
        }

        /**
         * Which split this is.
         *
         * @return {@code "train"} or {@code "test"} (with the range, for a {@link #slice})
         */
        public String name() {
            return name;
        }

        /**
         * The number of examples (images, and labels).
         *
         * @return e.g. 60,000 for the full MNIST training set
         */
        public int count() {
            return images.dim(0);
        }

        /**
         * Image height in pixels.
         *
         * @return 28 for MNIST and Fashion-MNIST
         */
        public int rows() {
            return images.dim(1);
        }

        /**
         * Image width in pixels.
         *
         * @return 28 for MNIST and Fashion-MNIST
         */
        public int cols() {
            return images.dim(2);
        }

        /**
         * Pixels per image, the length of one flattened image and so the input size of a
         * {@code Dense} layer that reads it.
         *
         * @return {@code rows() * cols()}, 784 for MNIST
         */
        public int pixelsPerImage() {
            return rows() * cols();
        }

        /**
         * The images as unsigned bytes, shape {@code [count, rows, cols]}.
         *
         * @return the immutable pixel array, 0..255
         */
        public IdxArray images() {
            return images;
        }

        /**
         * One pixel.
         *
         * @param image which image, 0 ≤ image &lt; count
         * @param row   0 ≤ row &lt; rows, top to bottom
         * @param col   0 ≤ col &lt; cols, left to right
         * @return the brightness 0..255 (0 = background)
         * @throws IndexOutOfBoundsException naming the axis and range, if out of bounds
         */
        public int pixel(int image, int row, int col) {
            return images.get(image, row, col);
        }

        /**
         * The label of one image.
         *
         * @param index which example, 0 ≤ index &lt; count
         * @return the class, 0..9
         * @throws IndexOutOfBoundsException naming the index and the count, if out of bounds
         */
        public int label(int index) {
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("label: index " + index + " is outside 0.."
                        + (labels.length - 1) + " (the " + name + " split has " + labels.length
                        + " examples)");
            }
            return labels[index];
        }

        /**
         * All labels, in the order of the images.
         *
         * @return a fresh array of {@link #count()} classes, each 0..9
         */
        public int[] labels() {
            int[] result = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                result[i] = labels[i];
            }
            return result;
        }

        /**
         * The labels one-hot encoded, ready for a categorical cross-entropy loss.
         *
         * @return a fresh row-major array of shape {@code [count, 10]}
         * @see Mnist#toCategorical(int[], int)
         */
        public double[] categoricalLabels() {
            return Mnist.toCategorical(labels(), Mnist.NUM_CLASSES);
        }

        /**
         * {@link #scaledImages()} as a tensor of shape {@code [count, rows * cols]} in the default
         * dtype, ready for {@code model.fit}. Written straight into the tensor's storage: for the
         * 60,000 Fashion-MNIST images, going through {@code Tensor.of(scaledImages(), ...)} first
         * builds a 376 MB {@code double[]} and took about 0.5 s longer.
         */
        public Tensor imageTensor() {
            byte[] raw = images.rawData();
            Tensor x = Tensor.zeros(count(), pixelsPerImage());
            Storage storage = x.view().storage(); // dense, fresh and ours
            for (int i = 0; i < raw.length; i++) {
                storage.set(i, scaled(raw[i]));
            }
            return x;
        }

        /** {@link #categoricalLabels()} as a one-hot tensor of shape {@code [count, 10]} in the default dtype. */
        public Tensor labelTensor() {
            return Tensor.of(categoricalLabels(), count(), Mnist.NUM_CLASSES);
        }

        /**
         * The images flattened and scaled, the usual input of a multi-layer perceptron: Keras'
         * {@code x.reshape(count, 784).astype('float32') / 255}. Each image becomes one row of
         * {@code rows × cols} numbers, each pixel divided by 255 so that it lies in [0, 1].
         * (Networks learn better from small inputs than from 0..255.)
         *
         * @return a fresh row-major array of shape {@code [count, rows * cols]}
         */
        public double[] scaledImages() {
            byte[] raw = images.rawData();
            double[] result = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                result[i] = scaled(raw[i]);
            }
            return result;
        }

        /** One pixel, an unsigned byte 0..255, as a number in [0, 1]. */
        private static double scaled(byte pixel) {
            return (pixel & 0xFF) / 255.0;
        }

        /**
         * The examples {@code from} (inclusive) to {@code to} (exclusive), for quick experiments:
         * {@code mnist.train().slice(0, 1000)} trains on the first thousand.
         *
         * @param from first example to keep
         * @param to   one past the last example to keep
         * @return a new split holding copies of those examples
         * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= count()}
         */
        public Split slice(int from, int to) {
            IdxArray sliced;
            try {
                sliced = images.slice(from, to);
            } catch (IndexOutOfBoundsException e) {
                throw new IndexOutOfBoundsException("slice: range [" + from + ", " + to
                        + ") is not within the " + count() + " examples of the " + name
                        + " split — need 0 <= from <= to <= " + count());
            }
            byte[] labelSlice = new byte[to - from];
            System.arraycopy(labels, from, labelSlice, 0, labelSlice.length);
            return new Split(name + "[" + from + ":" + to + "]", sliced, labelSlice);
        }

        /** @return e.g. {@code Split[train 8000×28×28]} */
        @Override
        public String toString() {
            return "Split[" + name + " " + images.shapeString() + "]";
        }
    }

    static MnistData of(Split train, Split test, String source, String testImagesSource)
            throws IdxFormatException {
        Objects.requireNonNull(train);
        Objects.requireNonNull(test);
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new IdxFormatException(testImagesSource, "test images are " + test.rows() + "×"
                    + test.cols() + " pixels but training images are " + train.rows() + "×"
                    + train.cols() + " — a model trained on one size cannot read the other;"
                    + " the files come from different data sets");
        }
        return new MnistData(train, test, source);
    }
}
