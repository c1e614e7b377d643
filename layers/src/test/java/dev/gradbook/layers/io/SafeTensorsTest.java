package dev.gradbook.layers.io;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("SafeTensors: saving and loading named tensors")
class SafeTensorsTest {

    @TempDir
    Path dir;

    /** Bit patterns, so that -0.0 and NaN compare exactly too. */
    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static Map<String, Tensor> roundTrip(Path file, Map<String, Tensor> tensors) throws IOException {
        SafeTensors.write(file, tensors);
        return SafeTensors.read(file);
    }

    @Nested
    @DisplayName("a round trip gives back exactly what was written")
    class RoundTrip {

        @Test
        @DisplayName("the same tensors and notes give the same bytes, whatever order the notes' map iterates in")
        void reproducibleBytes() throws IOException {
            Map<String, String> forward = new java.util.LinkedHashMap<>();
            Map<String, String> backward = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 12; i++) {
                forward.put("key" + i, "v" + i);
                backward.put("key" + (11 - i), "v" + (11 - i));
            }
            Map<String, Tensor> tensors = Map.of("w", Tensor.of(new double[] {1, 2, 3}));
            Path a = dir.resolve("a.safetensors");
            Path b = dir.resolve("b.safetensors");
            SafeTensors.write(a, tensors, forward);
            SafeTensors.write(b, tensors, backward);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        }

        @Test
        @DisplayName("F64 values, including the awkward ones, survive bit for bit")
        void f64() throws IOException {
            double[] values = {0.1, -0.0, 1e-308, Double.MIN_VALUE, Double.MAX_VALUE,
                    Double.NEGATIVE_INFINITY, Double.NaN, Math.PI};
            Tensor back = roundTrip(dir.resolve("f64.safetensors"),
                    Map.of("x", Tensor.of(values, 2, 4))).get("x");
            assertEquals(DType.F64, back.dtype());
            assertArrayEquals(new int[] {2, 4}, back.shape());
            assertArrayEquals(bits(values), bits(back.toDoubleArray()));
        }

        @Test
        @DisplayName("F32 tensors stay F32 and keep their float values exactly")
        void f32() throws IOException {
            Tensor x = Tensor.of(new double[] {0.1, -2.5, 3e38, 1e-45, Float.NaN, -0.0}, 3, 2).to(DType.F32);
            Tensor back = roundTrip(dir.resolve("f32.safetensors"), Map.of("x", x)).get("x");
            assertEquals(DType.F32, back.dtype());
            assertArrayEquals(new int[] {3, 2}, back.shape());
            assertArrayEquals(bits(x.toDoubleArray()), bits(back.toDoubleArray()));
            assertEquals(24, SafeTensors.readHeader(dir.resolve("f32.safetensors")).get("x").byteLength());
        }

        @Test
        @DisplayName("a 0-d tensor (a scalar) keeps its empty shape")
        void scalar() throws IOException {
            Tensor back = roundTrip(dir.resolve("scalar.safetensors"), Map.of("step", Tensor.scalar(42))).get("step");
            assertArrayEquals(new int[0], back.shape());
            assertEquals(42.0, back.item());
        }

        @Test
        @DisplayName("tensors with no elements keep their shape, and so does a file with no tensors")
        void empty() throws IOException {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("none", Tensor.zeros(0));
            tensors.put("rows", Tensor.zeros(DType.F32, 2, 0));
            tensors.put("after", Tensor.of(new double[] {7, 8}));
            Map<String, Tensor> back = roundTrip(dir.resolve("empty.safetensors"), tensors);
            assertArrayEquals(new int[] {0}, back.get("none").shape());
            assertArrayEquals(new int[] {2, 0}, back.get("rows").shape());
            assertEquals(DType.F32, back.get("rows").dtype());
            assertArrayEquals(new double[] {7, 8}, back.get("after").toDoubleArray());

            assertEquals(Map.of(), roundTrip(dir.resolve("nothing.safetensors"), Map.of()));
        }

        @Test
        @DisplayName("several tensors come back in the order they were written, with mixed dtypes")
        void severalInOrder() throws IOException {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("dense/kernel", Tensor.arange(12).reshape(3, 4).to(DType.F32));
            tensors.put("dense/bias", Tensor.of(new double[] {1, 2, 3, 4}).to(DType.F32));
            tensors.put("dense_1/kernel", Tensor.arange(8).reshape(4, 2));
            tensors.put("dense_1/bias", Tensor.of(new double[] {-1, 1}));
            Map<String, Tensor> back = roundTrip(dir.resolve("mlp.safetensors"), tensors);
            assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.keySet()));
            for (String name : tensors.keySet()) {
                assertEquals(tensors.get(name).dtype(), back.get(name).dtype(), name);
                assertArrayEquals(tensors.get(name).shape(), back.get(name).shape(), name);
                assertArrayEquals(tensors.get(name).toDoubleArray(), back.get(name).toDoubleArray(), name);
            }
        }

        @Test
        @DisplayName("a transposed (non-contiguous) tensor is written in row-major order of its own shape")
        void nonContiguous() throws IOException {
            Tensor t = Tensor.arange(6).reshape(2, 3).t();
            Tensor back = roundTrip(dir.resolve("t.safetensors"), Map.of("t", t)).get("t");
            assertArrayEquals(new int[] {3, 2}, back.shape());
            assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, back.toDoubleArray());
        }

        @Test
        @DisplayName("metadata, names with quotes, backslashes, control characters and non-ASCII survive")
        void metadataAndAwkwardNames() throws IOException {
            Path file = dir.resolve("meta.safetensors");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("epochs", "20");
            metadata.put("note", "línea 1\n\"citada\"\t\\ ✓ 🧠 \u0001");
            String name = "capa \"ñ\"/\\kernel 🧠";
            SafeTensors.write(file, Map.of(name, Tensor.ones(2)), metadata);
            assertEquals(metadata, SafeTensors.readMetadata(file));
            assertEquals(List.of(name), List.copyOf(SafeTensors.read(file).keySet()));
        }

        @Test
        @DisplayName("a file without metadata reads as an empty metadata map")
        void noMetadata() throws IOException {
            Path file = dir.resolve("plain.safetensors");
            SafeTensors.write(file, Map.of("a", Tensor.ones(1)));
            assertEquals(Map.of(), SafeTensors.readMetadata(file));
        }
    }

    @Nested
    @DisplayName("the bytes on disk follow the safetensors layout exactly")
    class ByteLayout {

        @Test
        @DisplayName("length, header JSON with space padding, then little-endian data at the stated offsets")
        void tinyFileByteForByte() throws IOException {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("w", Tensor.of(new double[] {1.0, -2.0}).to(DType.F32));
            tensors.put("s", Tensor.scalar(0.5));
            Path file = dir.resolve("tiny.safetensors");
            SafeTensors.write(file, tensors, Map.of("k", "v"));

            // 26 + 53 + 53 = 132 characters of JSON, padded with 4 spaces to 136, a multiple of 8.
            String json = "{\"__metadata__\":{\"k\":\"v\"},"
                    + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]}}";
            assertEquals(132, json.length());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(new byte[] {(byte) 136, 0, 0, 0, 0, 0, 0, 0});     // N = 136, u64 LE
            expected.writeBytes((json + "    ").getBytes(StandardCharsets.US_ASCII));
            expected.writeBytes(new byte[] {0, 0, (byte) 0x80, 0x3f});             // 1.0f  = 0x3f800000
            expected.writeBytes(new byte[] {0, 0, 0, (byte) 0xc0});                // -2.0f = 0xc0000000
            expected.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xe0, 0x3f}); // 0.5   = 0x3fe0000000000000

            assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
        }

        @Test
        @DisplayName("the data section always starts at a multiple of 8 bytes")
        void headerPaddedToEight() throws IOException {
            for (String name : List.of("a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh")) {
                Path file = dir.resolve(name + ".safetensors");
                SafeTensors.write(file, Map.of(name, Tensor.ones(1)));
                long n = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertEquals(0, n % 8, name);
                assertEquals(8 + n + 8, Files.size(file), name);
            }
        }
    }

    @Nested
    @DisplayName("readHeader describes the tensors without loading them")
    class Header {

        @Test
        @DisplayName("names, dtypes, shapes and offsets, in file order")
        void describes() throws IOException {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("dense/kernel", Tensor.zeros(DType.F32, 784, 16));
            tensors.put("dense/bias", Tensor.zeros(DType.F32, 16));
            Path file = dir.resolve("model.safetensors");
            SafeTensors.write(file, tensors);

            Map<String, TensorInfo> header = SafeTensors.readHeader(file);
            assertEquals(List.of(
                    new TensorInfo("dense/kernel", DType.F32, new int[] {784, 16}, 0, 50176),
                    new TensorInfo("dense/bias", DType.F32, new int[] {16}, 50176, 50240)),
                    List.copyOf(header.values()));
            assertEquals(12544, header.get("dense/kernel").numel());
            assertEquals("\"dense/bias\": F32 [16], data_offsets [50176, 50240]", header.get("dense/bias").toString());
        }

        @Test
        @DisplayName("a file from another writer is returned in data order, whatever the JSON key order")
        void dataOrderNotKeyOrder() throws IOException {
            Path file = dir.resolve("reordered.safetensors");
            Files.write(file, Corrupt.bytes("{\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                    + "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 16));
            assertEquals(List.of("a", "b"), List.copyOf(SafeTensors.readHeader(file).keySet()));
        }
    }

    @Nested
    @DisplayName("a broken file fails with a SafeTensorsFormatException naming the file and the problem")
    class Corrupt {

        /** A file made of the 8-byte length of {@code json}, {@code json} itself, and {@code dataBytes} zeros. */
        static byte[] bytes(String json, int dataBytes) {
            byte[] header = json.getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(header.length).put(header);
            return buffer.array();
        }

        private static String entry(String name, String dtype, String shape, long begin, long end) {
            return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                    + ",\"data_offsets\":[" + begin + "," + end + "]}";
        }

        /** Writes {@code content}, checks that both read and readHeader refuse it, returns the message. */
        private String failure(byte[] content) throws IOException {
            Path file = dir.resolve("broken.safetensors");
            Files.write(file, content);
            SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
            assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.readHeader(file));
            assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
            assertEquals(file.toString(), e.file());
            return e.problem();
        }

        private String failure(String json, int dataBytes) throws IOException {
            return failure(bytes(json, dataBytes));
        }

        private static void assertContains(String expected, String message) {
            assertTrue(message.contains(expected), () -> "expected <" + expected + "> in <" + message + ">");
        }

        @Test
        @DisplayName("a file shorter than the 8-byte length field")
        void tooShort() throws IOException {
            assertContains("the file is 3 bytes long", failure(new byte[] {1, 2, 3}));
        }

        @Test
        @DisplayName("a header length beyond the file size, including one with the top bit set")
        void headerLengthBeyondFile() throws IOException {
            byte[] content = bytes("{}", 0);
            content[0] = 100;
            assertContains("says 100 bytes but only 2 bytes follow it", failure(content));
            Arrays.fill(content, 0, 8, (byte) 0xff);
            assertContains("says 18446744073709551615 bytes", failure(content));
        }

        @Test
        @DisplayName("malformed JSON, with the position where it breaks")
        void malformedJson() throws IOException {
            assertContains("malformed JSON in the header: expected a quoted key in an object but found '}'"
                    + " (at character 20)", failure("{\"a\":{\"dtype\":\"F32\",}}", 0));
            assertContains("malformed JSON", failure("{\"a\":", 0));
            assertContains("only integers", failure("{" + entry("a", "F64", "[1.5]", 0, 8) + "}", 8));
            assertContains("appears twice", failure("{\"a\":{},\"a\":{}}", 0));
            assertContains("true/false/null", failure("{\"__metadata__\":null}", 0));
            assertContains("after the end of the top-level value", failure("{} x", 0));
        }

        @Test
        @DisplayName("a header that is not a JSON object, or not UTF-8")
        void notAnObject() throws IOException {
            assertContains("must be a JSON object starting with '{'", failure("[1,2]", 0));
            assertContains("but is empty", failure("", 0));
            byte[] content = bytes("{\"x\":\"ab\"}", 0);
            content[8 + 6] = (byte) 0xc3; // a lone UTF-8 lead byte in place of 'a'
            assertContains("not valid UTF-8", failure(content));
        }

        @Test
        @DisplayName("an unknown dtype, and a real safetensors dtype that gradbook does not read")
        void unknownDtype() throws IOException {
            assertContains("\"w\": unknown dtype \"Q7\"; gradbook reads F64 and F32",
                    failure("{" + entry("w", "Q7", "[1]", 0, 8) + "}", 8));
            assertContains("dtype \"F16\" is valid safetensors but gradbook reads only F64 and F32",
                    failure("{" + entry("w", "F16", "[4]", 0, 8) + "}", 8));
        }

        @Test
        @DisplayName("a shape that does not match its data_offsets")
        void shapeOffsetMismatch() throws IOException {
            assertContains("\"dense/kernel\": shape [784, 512] F32 needs 1605632 bytes but data_offsets span 1000",
                    failure("{" + entry("dense/kernel", "F32", "[784,512]", 0, 1000) + "}", 1000));
        }

        @Test
        @DisplayName("missing or ill-typed fields, negative sizes")
        void badFields() throws IOException {
            assertContains("\"w\": the entry has no \"shape\"",
                    failure("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4));
            assertContains("\"w\": \"shape\" must be an array of integers but holds the string \"2\"",
                    failure("{" + entry("w", "F32", "[\"2\"]", 0, 8) + "}", 8));
            assertContains("\"w\": shape [-2] has a negative size",
                    failure("{" + entry("w", "F32", "[-2]", 0, 8) + "}", 8));
            assertContains("\"w\": expected an object", failure("{\"w\":[1]}", 0));
            assertContains("\"data_offsets\" must be [begin, end] but is [0]",
                    failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0]}}", 4));
            assertContains("more elements than a gradbook tensor can hold",
                    failure("{" + entry("w", "F64", "[65536,65536]", 0, 8) + "}", 8));
        }

        @Test
        @DisplayName("metadata that is not a map of strings to strings")
        void badMetadata() throws IOException {
            assertContains("\"__metadata__\" must map strings to strings but \"epochs\" is the integer 20",
                    failure("{\"__metadata__\":{\"epochs\":20}}", 0));
            assertContains("\"__metadata__\" must be an object of strings but is an array",
                    failure("{\"__metadata__\":[]}", 0));
        }

        @Test
        @DisplayName("overlapping data_offsets")
        void overlapping() throws IOException {
            assertContains("\"b\" data_offsets [8, 24] overlap those of \"a\" [0, 16]", failure("{"
                    + entry("a", "F64", "[2]", 0, 16) + "," + entry("b", "F64", "[2]", 8, 24) + "}", 24));
        }

        @Test
        @DisplayName("out-of-range data_offsets: reversed, negative, or with a gap")
        void outOfRange() throws IOException {
            assertContains("\"a\": data_offsets [16, 8] are out of range",
                    failure("{" + entry("a", "F64", "[1]", 16, 8) + "}", 16));
            assertContains("\"a\": data_offsets [-8, 0] are out of range",
                    failure("{" + entry("a", "F64", "[1]", -8, 0) + "}", 0));
            assertContains("bytes [0, 8) of the data section belong to no tensor (before \"a\")",
                    failure("{" + entry("a", "F64", "[1]", 8, 16) + "}", 16));
        }

        @Test
        @DisplayName("truncated data, and bytes after the last tensor")
        void truncatedOrTrailing() throws IOException {
            String json = "{" + entry("a", "F64", "[2]", 0, 16) + "}";
            assertContains("\"a\" data_offsets [0, 16] reach past the end of the data section, which holds"
                    + " only 12 bytes; the file is truncated", failure(json, 12));
            assertContains("4 trailing bytes belong to no tensor", failure(json, 20));

            // A real file cut short, as a crashed copy would leave it.
            Path whole = dir.resolve("whole.safetensors");
            SafeTensors.write(whole, Map.of("w", Tensor.ones(100)));
            byte[] bytes = Files.readAllBytes(whole);
            assertContains("the file is truncated", failure(Arrays.copyOf(bytes, bytes.length - 1)));
        }
    }

    @Nested
    @DisplayName("writing is atomic: a failed write leaves the previous file as it was")
    class Atomic {

        private Path saveOriginal() throws IOException {
            Path file = dir.resolve("model.safetensors");
            SafeTensors.write(file, Map.of("w", Tensor.of(new double[] {1, 2, 3})));
            return file;
        }

        private void assertUntouched(Path file, byte[] before) throws IOException {
            assertArrayEquals(before, Files.readAllBytes(file));
            try (var listing = Files.list(dir)) {
                assertEquals(List.of(file.getFileName().toString()),
                        listing.map(p -> p.getFileName().toString()).toList(), "no temporary file may be left");
            }
        }

        @Test
        @DisplayName("a save removes the temp files that killed processes left for the same target, and no others")
        void staleTemporariesRemoved() throws Exception {
            Process gone = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
            gone.getInputStream().readAllBytes();
            gone.waitFor();
            long dead = gone.pid();
            long alive = ProcessHandle.current().pid();
            Path stale = Files.writeString(dir.resolve(".model.safetensors." + dead + ".00112233aabbccdd.tmp"), "half");
            Path live = Files.writeString(dir.resolve(".model.safetensors." + alive + ".0123456789abcdef.tmp"), "busy");
            Path other = Files.writeString(dir.resolve(".other.safetensors." + dead + ".00112233aabbccdd.tmp"), "x");
            saveOriginal();
            assertFalse(Files.exists(stale), "the dead writer's leftover is removed");
            assertTrue(Files.exists(live), "a live writer's file is never touched");
            assertTrue(Files.exists(other), "another target's files are not ours to remove");
        }

        @Test
        @DisplayName("a save into a missing folder names the user's path, not the hidden temp file")
        void errorNamesTheTarget() {
            Path target = dir.resolve("missing").resolve("model.safetensors");
            IOException e = assertThrows(IOException.class, () -> SafeTensors.write(target, Map.of("w", Tensor.ones(1))));
            assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("does not exist"),
                    e.getMessage());
            assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        }

        @Test
        @DisplayName("reading a folder says it is a folder and what to give instead")
        void readingAFolder() {
            IOException e = assertThrows(IOException.class, () -> SafeTensors.read(dir));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("is a folder"), e.getMessage());
        }

        @Test
        @DisplayName("overwriting replaces the content and leaves no temporary file")
        void overwrite() throws IOException {
            Path file = saveOriginal();
            SafeTensors.write(file, Map.of("v", Tensor.ones(2)));
            assertEquals(List.of("v"), List.copyOf(SafeTensors.read(file).keySet()));
            assertUntouched(file, Files.readAllBytes(file));
        }

        @Test
        @DisplayName("a tensor that cannot be encoded: IllegalArgumentException, old file byte-identical")
        void unencodable() throws IOException {
            Path file = saveOriginal();
            byte[] before = Files.readAllBytes(file);
            Map<String, Tensor> bad = new LinkedHashMap<>();
            bad.put("fine", Tensor.ones(2));
            bad.put("broken \uD800 name", Tensor.ones(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, bad));
            assertTrue(e.getMessage().contains("unpaired UTF-16 surrogate"), e.getMessage());
            assertUntouched(file, before);

            Map<String, Tensor> reserved = Map.of(SafeTensors.METADATA_KEY, Tensor.ones(1));
            assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, reserved));
            Map<String, Tensor> nullTensor = new LinkedHashMap<>();
            nullTensor.put("w", null);
            assertEquals("SafeTensors.write: tensors[\"w\"] is null",
                    assertThrows(NullPointerException.class, () -> SafeTensors.write(file, nullTensor)).getMessage());
            assertUntouched(file, before);
        }

        @Test
        @DisplayName("a failure in the middle of writing the bytes: old file byte-identical, temp file deleted")
        void failureWhileWriting() throws IOException {
            Path file = saveOriginal();
            byte[] before = Files.readAllBytes(file);
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
                out.write(new byte[100_000]); // past the buffer, so the temporary file really has bytes
                throw new IOException("disk full (simulated)");
            }));
            assertEquals("disk full (simulated)", e.getMessage());
            assertUntouched(file, before);
        }

        @Test
        @DisplayName("a writer that closes the stream itself (as some libraries do) still produces the whole file")
        void writerClosesStream() throws IOException {
            Path file = dir.resolve("closed.bin");
            AtomicFiles.write(file, out -> {
                out.write(new byte[] {1, 2, 3});
                out.close();
            });
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        }

        @Test
        @DisplayName("a move that is refused (the target is a non-empty directory): no temp file left")
        void moveRefused() throws IOException {
            Path target = Files.createDirectory(dir.resolve("model.safetensors"));
            Files.writeString(target.resolve("keep.txt"), "still here");
            assertThrows(IOException.class, () -> SafeTensors.write(target, Map.of("w", Tensor.ones(1))));
            assertEquals("still here", Files.readString(target.resolve("keep.txt")));
            try (var listing = Files.list(dir)) {
                assertEquals(List.of("model.safetensors"), listing.map(p -> p.getFileName().toString()).toList());
            }
        }

        @Test
        @DisplayName("a directory that cannot hold files (its 'directory' is a regular file): plain IOException")
        void noDirectory() throws IOException {
            Path notADirectory = Files.writeString(dir.resolve("plain.txt"), "x");
            assertThrows(IOException.class,
                    () -> SafeTensors.write(notADirectory.resolve("model.safetensors"), Map.of("w", Tensor.ones(1))));
            assertEquals("x", Files.readString(notADirectory));
        }

        @Test
        @DisplayName("the new file gets ordinary permissions, not a temp file's owner-only ones")
        void ordinaryPermissions() throws IOException {
            Path written = saveOriginal();
            Path plain = Files.createFile(dir.resolve("plain"));
            try {
                assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: nothing to compare
            }
        }
    }

    @Nested
    @DisplayName("bad arguments to write are refused before any file is touched")
    class Arguments {

        @Test
        @DisplayName("null file, map or metadata, null metadata keys and values")
        void nulls() {
            Path file = dir.resolve("x.safetensors");
            assertThrows(NullPointerException.class, () -> SafeTensors.write(null, Map.of()));
            assertThrows(NullPointerException.class, () -> SafeTensors.write(file, null));
            assertThrows(NullPointerException.class, () -> SafeTensors.write(file, Map.of(), null));
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("epochs", null);
            assertEquals("SafeTensors.write: metadata[\"epochs\"] is null",
                    assertThrows(NullPointerException.class, () -> SafeTensors.write(file, Map.of(), metadata)).getMessage());
            Map<String, String> nullKey = new LinkedHashMap<>();
            nullKey.put(null, "20");
            assertEquals("SafeTensors.write: metadata has a null key",
                    assertThrows(NullPointerException.class, () -> SafeTensors.write(file, Map.of(), nullKey)).getMessage());
            assertTrue(Files.notExists(file));
        }

        @Test
        @DisplayName("a null path to read is a NullPointerException, a missing file a NoSuchFileException")
        void readArguments() {
            assertThrows(NullPointerException.class, () -> SafeTensors.read(null));
            assertThrows(java.nio.file.NoSuchFileException.class,
                    () -> SafeTensors.readHeader(dir.resolve("missing.safetensors")));
        }
    }
}
