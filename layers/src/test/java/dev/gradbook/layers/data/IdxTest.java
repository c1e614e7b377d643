package dev.gradbook.layers.data;

import static dev.gradbook.layers.data.IdxBytes.concat;
import static dev.gradbook.layers.data.IdxBytes.countingUbyte;
import static dev.gradbook.layers.data.IdxBytes.gzip;
import static dev.gradbook.layers.data.IdxBytes.idx;
import static dev.gradbook.layers.data.Messages.assertMentions;
import static dev.gradbook.layers.data.Messages.assertStartsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Idx: reading and writing IDX files")
class IdxTest {

    @TempDir
    Path dir;

    private static IdxArray sample() {
        int[] values = new int[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 37) % 256; // spans the whole byte range, including > 127
        }
        return IdxArray.of(values, 2, 3, 4);
    }

    private static IdxFormatException readFails(byte[] bytes) {
        return assertThrows(IdxFormatException.class,
                () -> Idx.read(new ByteArrayInputStream(bytes)));
    }

    private IdxFormatException readFileFails(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(file));
        assertStartsWith(e.getMessage(), file + ": ");
        assertEquals(file.toString(), e.source());
        return e;
    }

    @Nested
    @DisplayName("a written file reads back unchanged")
    class RoundTrip {

        @Test
        @DisplayName("raw IDX: header bytes are exactly as the format says")
        void rawRoundTrip() throws IOException {
            Path file = dir.resolve("sample-idx3-ubyte");
            Idx.write(file, sample());

            byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4},
                    Arrays.copyOf(bytes, 16), "magic 00 00 08 03, then sizes 2, 3, 4 big-endian");
            assertEquals(16 + 24, bytes.length);
            assertEquals(sample(), Idx.read(file));
        }

        @Test
        @DisplayName("a name ending in .gz is written gzip-compressed and reads back")
        void gzipRoundTrip() throws IOException {
            Path file = dir.resolve("sample-idx3-ubyte.gz");
            Idx.write(file, sample());

            byte[] bytes = Files.readAllBytes(file);
            assertEquals(0x1f, bytes[0] & 0xFF);
            assertEquals(0x8b, bytes[1] & 0xFF);
            assertEquals(sample(), Idx.read(file));
        }

        @Test
        @DisplayName("values above 127 survive (unsigned bytes, not Java's signed ones)")
        void unsignedValues() throws IOException {
            Path file = dir.resolve("high.gz");
            Idx.write(file, IdxArray.of(new int[] {0, 127, 128, 255}, 4));
            IdxArray back = Idx.read(file);
            assertEquals(255, back.get(3));
            assertEquals(128, back.get(2));
        }

        @Test
        @DisplayName("empty arrays (a dimension of size 0) round-trip")
        void emptyArray() throws IOException {
            Path file = dir.resolve("empty-idx3-ubyte");
            Idx.write(file, IdxArray.ofUnsignedBytes(new byte[0], 0, 28, 28));
            assertArrayEquals(new int[] {0, 28, 28}, Idx.read(file).shape());
        }

        @Test
        @DisplayName("through streams: write(OutputStream) then read(InputStream)")
        void streams() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Idx.write(out, sample());
            assertEquals(sample(), Idx.read(new ByteArrayInputStream(out.toByteArray())));
            assertEquals(sample(), Idx.read(new ByteArrayInputStream(gzip(out.toByteArray()))));
        }

        @Test
        @DisplayName("gzip is recognised by its magic bytes 1f 8b, not by the file name")
        void gzipDetectedByMagic() throws IOException {
            byte[] raw = countingUbyte(5, 2);
            Path gzipNamedPlain = dir.resolve("looks-raw-idx2-ubyte");
            Files.write(gzipNamedPlain, gzip(raw));
            Path plainNamedGzip = dir.resolve("looks-compressed-idx2-ubyte.gz");
            Files.write(plainNamedGzip, raw);

            IdxArray expected = Idx.read(new ByteArrayInputStream(raw));
            assertEquals(expected, Idx.read(gzipNamedPlain));
            assertEquals(expected, Idx.read(plainNamedGzip));
        }

        @Test
        @DisplayName("writing the same array twice gives identical bytes (reproducible .gz)")
        void deterministic() throws IOException {
            Path a = dir.resolve("a.gz");
            Path b = dir.resolve("b.gz");
            Idx.write(a, sample());
            Idx.write(b, sample());
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        }

        @Test
        @DisplayName("a stream given to read is not closed by it")
        void streamLeftOpen() throws IOException {
            boolean[] closed = {false};
            InputStream in = new ByteArrayInputStream(gzip(countingUbyte(3))) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            Idx.read(in);
            assertTrue(!closed[0], "the caller opened the stream, so the caller closes it");
        }
    }

    @Nested
    @DisplayName("writing is atomic")
    class AtomicWrite {

        private long leftovers() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
            }
        }

        @Test
        @DisplayName("an existing file is replaced whole, and no temporary file is left behind")
        void replacesExisting() throws IOException {
            Path file = dir.resolve("data.gz");
            Idx.write(file, IdxArray.of(new int[100], 100));
            Idx.write(file, sample());
            assertEquals(sample(), Idx.read(file));
            assertEquals(0, leftovers());
        }

        @Test
        @DisplayName("a failed write cleans up its temporary file")
        void failedWriteCleansUp() throws IOException {
            Path blocked = dir.resolve("taken.gz");
            Files.createDirectory(blocked);
            Files.write(blocked.resolve("inside"), new byte[] {1}); // a non-empty directory
            assertThrows(IOException.class, () -> Idx.write(blocked, sample()));
            assertEquals(0, leftovers());
            assertTrue(Files.isDirectory(blocked), "the directory in the way is untouched");
        }

        @Test
        @DisplayName("missing parent folders are created")
        void createsParents() throws IOException {
            Path file = dir.resolve("a/b/c/sample.gz");
            Idx.write(file, sample());
            assertEquals(sample(), Idx.read(file));
        }

        @Test
        @DisplayName("the new file gets ordinary permissions, not a temp file's owner-only 0600")
        void ordinaryPermissions() throws IOException {
            Path file = dir.resolve("perm.gz");
            Idx.write(file, sample());
            Set<PosixFilePermission> perms;
            try {
                perms = Files.getPosixFilePermissions(file);
            } catch (UnsupportedOperationException e) {
                return; // not a POSIX file system: nothing to check
            }
            Path reference = Files.createFile(dir.resolve("reference"));
            assertEquals(Files.getPosixFilePermissions(reference), perms,
                    "same as any new file under the current umask");
        }
    }

    @Nested
    @DisplayName("bad files are rejected with a message naming the file and the problem")
    class BadFiles {

        @Test
        @DisplayName("truncated data: says how many bytes the header promised and how many came")
        void truncatedData() throws IOException {
            byte[] full = countingUbyte(8000, 28, 28);
            byte[] cut = Arrays.copyOf(full, 16 + 1000);
            IdxFormatException e = readFileFails("train-images-idx3-ubyte.gz", gzip(cut));
            assertEquals("truncated IDX data: header promises 8000×28×28 = 6272000 bytes but only"
                    + " 1000 were present", e.problem());
        }

        @Test
        @DisplayName("trailing bytes: the header promises fewer bytes than the file has")
        void trailingBytes() throws IOException {
            byte[] bytes = concat(countingUbyte(10), new byte[] {7, 7, 7});
            IdxFormatException e = readFileFails("labels-idx1-ubyte", bytes);
            assertStartsWith(e.problem(), "3 trailing bytes after the data: header promises"
                    + " 10 bytes but 13 were present");
        }

        @Test
        @DisplayName("wrong magic: shows the bytes found and the ones expected")
        void wrongMagic() throws IOException {
            IdxFormatException e = readFileFails("x.idx", new byte[] {1, 2, 8, 1, 0, 0, 0, 0});
            assertMentions(e.problem(), "not an IDX file", "0x01 0x02 0x08 0x01",
                    "0x00 0x00 <type> <ndims>");
        }

        @Test
        @DisplayName("wrong magic with a hint: a zip archive is recognised")
        void zipArchive() throws IOException {
            IdxFormatException e = readFileFails("mnist.zip", new byte[] {'P', 'K', 3, 4, 0, 0});
            assertMentions(e.problem(), "zip archive");
        }

        @Test
        @DisplayName("gzip inside gzip is recognised")
        void doubleGzip() throws IOException {
            IdxFormatException e = readFileFails("twice.gz", gzip(gzip(countingUbyte(4))));
            assertMentions(e.problem(), "gzip inside gzip");
        }

        @Test
        @DisplayName("unsupported type: a float IDX file is named as such")
        void unsupportedType() throws IOException {
            byte[] floats = idx(0x0D, new int[] {2}, new byte[8]);
            IdxFormatException e = readFileFails("weights-idx1-float", floats);
            assertMentions(e.problem(), "0x0D", "32-bit float", "only 0x08 (unsigned byte)");
        }

        @Test
        @DisplayName("unknown type code")
        void unknownType() throws IOException {
            IdxFormatException e = readFileFails("odd", idx(0x42, new int[] {1}, new byte[1]));
            assertMentions(e.problem(), "unknown IDX data type 0x42");
        }

        @Test
        @DisplayName("zero dimensions")
        void zeroDimensions() throws IOException {
            IdxFormatException e = readFileFails("scalar", idx(8, new int[0], new byte[1]));
            assertMentions(e.problem(), "0 dimensions");
        }

        @Test
        @DisplayName("a negative size names the dimension and its value")
        void negativeDimension() throws IOException {
            IdxFormatException e = readFileFails("neg", idx(8, new int[] {3, -5}, new byte[0]));
            assertMentions(e.problem(), "dimension 1", "-5", "cannot be negative");
        }

        @Test
        @DisplayName("sizes whose product overflows an int are caught, not wrapped around")
        void overflowingDimensions() throws IOException {
            // 65536 × 65536 = 2^32, which is 0 in int arithmetic: a naive reader would accept it
            IdxFormatException e = readFileFails("huge", idx(8, new int[] {65536, 65536},
                    new byte[0]));
            assertMentions(e.problem(), "65536×65536", "more than");
        }

        @Test
        @DisplayName("little-endian sizes get a hint showing what they would have meant")
        void littleEndianHint() throws IOException {
            int[] reversed = {Integer.reverseBytes(60000), Integer.reverseBytes(28),
                Integer.reverseBytes(28)};
            IdxFormatException e = readFileFails("le", idx(8, reversed, new byte[10]));
            assertMentions(e.problem(), "little-endian", "60000×28×28");
        }

        @Test
        @DisplayName("a header cut off inside the sizes")
        void truncatedHeader() throws IOException {
            byte[] cut = Arrays.copyOf(countingUbyte(2, 2, 2), 9);
            IdxFormatException e = readFileFails("cut", cut);
            assertMentions(e.problem(), "truncated IDX header", "3 dimensions", "12 bytes",
                    "only 5");
        }

        @Test
        @DisplayName("fewer than the four magic bytes")
        void tinyFile() throws IOException {
            IdxFormatException e = readFileFails("tiny", new byte[] {0, 0});
            assertMentions(e.problem(), "truncated IDX header", "only 2 bytes");
        }

        @Test
        @DisplayName("an empty file")
        void emptyFile() throws IOException {
            IdxFormatException e = readFileFails("empty-idx1-ubyte", new byte[0]);
            assertMentions(e.problem(), "empty");
        }

        @Test
        @DisplayName("a gzip stream that decompresses to nothing")
        void emptyGzip() throws IOException {
            IdxFormatException e = readFileFails("nothing.gz", gzip(new byte[0]));
            assertMentions(e.problem(), "decompresses to 0 bytes");
        }

        @Test
        @DisplayName("a corrupt gzip stream (damaged bytes) is a format error, with the cause kept")
        void corruptGzip() throws IOException {
            byte[] bytes = gzip(countingUbyte(100, 10));
            bytes[bytes.length - 6] ^= 0x55; // inside the CRC-32 trailer
            IdxFormatException e = readFileFails("damaged.gz", bytes);
            assertStartsWith(e.problem(), "corrupt gzip stream");
            assertTrue(e.getCause() instanceof java.util.zip.ZipException,
                    "cause: " + e.getCause());
        }

        @Test
        @DisplayName("a truncated gzip stream says the file is cut short")
        void truncatedGzip() throws IOException {
            byte[] bytes = gzip(countingUbyte(100, 10));
            IdxFormatException e = readFileFails("partial.gz",
                    Arrays.copyOf(bytes, bytes.length / 2));
            assertMentions(e.problem(), "corrupt gzip stream", "truncated");
        }

        @Test
        @DisplayName("from a stream, the source is called \"stream\"")
        void streamSource() {
            IdxFormatException e = readFails(new byte[] {9, 9, 9, 9});
            assertStartsWith(e.getMessage(), "stream: not an IDX file");
        }

        @Test
        @DisplayName("a missing file is a NoSuchFileException (fix the path, not the file)")
        void missingFile() {
            assertThrows(NoSuchFileException.class, () -> Idx.read(dir.resolve("nope.gz")));
        }

        @Test
        @DisplayName("a directory is refused with a pointer to Mnist.load")
        void directory() {
            FileSystemException e = assertThrows(FileSystemException.class, () -> Idx.read(dir));
            assertMentions(e.getMessage(), "is a directory", "Mnist.load");
        }
    }

    @Nested
    @DisplayName("random garbage never escapes as anything but IdxFormatException")
    class Garbage {

        private final Random random = new Random(20240607L);

        private byte[] randomBytes(int max) {
            byte[] b = new byte[random.nextInt(max + 1)];
            random.nextBytes(b);
            return b;
        }

        private byte[] damage(byte[] bytes) {
            byte[] copy = bytes.clone();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips && copy.length > 0; i++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            return copy;
        }

        /** One random input of a randomly chosen kind. */
        private byte[] nextInput() {
            byte[] valid = countingUbyte(1 + random.nextInt(5), 1 + random.nextInt(5));
            switch (random.nextInt(7)) {
                case 0:
                    return randomBytes(40);
                case 1:
                    return Arrays.copyOf(valid, random.nextInt(valid.length));
                case 2:
                    return damage(valid);
                case 3: {
                    byte[] z = gzip(valid);
                    return Arrays.copyOf(z, random.nextInt(z.length));
                }
                case 4:
                    return damage(gzip(valid));
                case 5: {
                    // a plausible magic with random sizes, some huge, some negative
                    int[] dims = new int[random.nextInt(4)];
                    for (int i = 0; i < dims.length; i++) {
                        dims[i] = random.nextBoolean() ? random.nextInt() : random.nextInt(10);
                    }
                    return idx(8, dims, randomBytes(30));
                }
                default:
                    return concat(new byte[] {0x1f, (byte) 0x8b}, randomBytes(30));
            }
        }

        @Test
        @DisplayName("600 seeded random, truncated and damaged inputs, raw and gzip")
        void fuzz() {
            int rejected = 0;
            for (int round = 0; round < 600; round++) {
                byte[] input = nextInput();
                try {
                    IdxArray array = Idx.read(new ByteArrayInputStream(input));
                    // A damaged byte in the data, or in a gzip timestamp, can leave a valid file.
                    assertEquals(IdxArray.product(array.shape()), array.size());
                } catch (IdxFormatException e) {
                    rejected++;
                    assertStartsWith(e.getMessage(), "stream: ");
                } catch (Throwable t) {
                    fail("round " + round + ": " + t + " escaped for input "
                            + Arrays.toString(input), t);
                }
            }
            assertTrue(rejected > 400, "most garbage is rejected, but only " + rejected + " were");
        }
    }
}
