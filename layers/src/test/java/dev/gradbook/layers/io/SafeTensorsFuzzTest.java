package dev.gradbook.layers.io;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated broken (and some valid) safetensors files, one family of damage per test, as listed in
 * issue 12 §3. Every input must either load or fail with {@link SafeTensorsFormatException} naming
 * the file; anything else — an {@code OutOfMemoryError}, a {@code StackOverflowError}, an
 * {@code ArrayIndexOutOfBoundsException}, a hang (the timeouts) — fails the test. Where the right
 * answer can be computed independently (an oracle), the test also requires that valid inputs load
 * and invalid ones are refused. Each family prints how many inputs it tried; docs/hardening.md
 * records the counts.
 */
@DisplayName("fuzzing safetensors: every generated input loads or fails with SafeTensorsFormatException")
@Timeout(60)
class SafeTensorsFuzzTest {

    @TempDir
    static Path dir;

    /** Counts per family, printed once at the end: "family: tried, loaded, rejected". */
    private static final Map<String, int[]> COUNTS = new TreeMap<>();

    @AfterAll
    static void printCounts() {
        COUNTS.forEach((family, c) -> System.out.println("fuzz safetensors " + family + ": " + c[0]
                + " inputs, " + c[1] + " loaded, " + c[2] + " rejected"));
    }

    private enum Outcome { LOADED, REJECTED }

    /** Writes {@code bytes} to a file and reads it back through the public API. */
    private static Outcome attempt(String family, byte[] bytes) throws IOException {
        Path file = dir.resolve("fuzz.safetensors");
        Files.write(file, bytes);
        int[] counts = COUNTS.computeIfAbsent(family, f -> new int[3]);
        counts[0]++;
        try {
            SafeTensors.read(file);
            counts[1]++;
            return Outcome.LOADED;
        } catch (SafeTensorsFormatException e) {
            if (!e.getMessage().startsWith(file + ": ")) {
                fail(family + ": the message does not start with the file's path: " + e.getMessage());
            }
            counts[2]++;
            return Outcome.REJECTED;
        } catch (Throwable t) {
            fail(family + ": " + t + " escaped for input " + printable(bytes), t);
            throw new AssertionError(t);
        }
    }

    private static String printable(byte[] bytes) {
        return bytes.length <= 400 ? new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "·")
                : bytes.length + " bytes";
    }

    // ----------------------------------------------------------------------------------- building

    /** One header entry; {@code shape} is raw JSON so that it can hold anything. */
    private record Entry(String name, String dtype, String shape, long begin, long end) {
        String json() {
            return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                    + ",\"data_offsets\":[" + begin + "," + end + "]}";
        }
    }

    private static byte[] file(byte[] header, long declaredLength, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header);
        return b.array();
    }

    private static byte[] file(String headerJson, int dataBytes) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        return file(header, header.length, dataBytes);
    }

    private static String header(List<Entry> entries, String metadata) {
        StringBuilder json = new StringBuilder("{");
        if (metadata != null) {
            json.append("\"__metadata__\":").append(metadata).append(entries.isEmpty() ? "" : ",");
        }
        for (int i = 0; i < entries.size(); i++) {
            json.append(i == 0 ? "" : ",").append(entries.get(i).json());
        }
        return json.append('}').toString();
    }

    /** A valid file of {@code count} tensors of random small shapes and dtypes, tiled in order. */
    private static List<Entry> validEntries(SplittableRandom random, int count) {
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < count; i++) {
            int rows = random.nextInt(4);
            int cols = 1 + random.nextInt(3);
            String dtype = random.nextBoolean() ? "F64" : "F32";
            long bytes = (long) rows * cols * (dtype.equals("F64") ? 8 : 4);
            entries.add(new Entry("t" + i, dtype, "[" + rows + "," + cols + "]", offset, offset + bytes));
            offset += bytes;
        }
        return entries;
    }

    private static int dataLength(List<Entry> entries) {
        return (int) entries.stream().mapToLong(Entry::end).max().orElse(0);
    }

    /** Three well-formed files: plain, with metadata and non-ASCII names, and with no tensors. */
    private static List<byte[]> validFiles() {
        List<Entry> plain = validEntries(new SplittableRandom(1), 3);
        List<Entry> fancy = new ArrayList<>(validEntries(new SplittableRandom(2), 2));
        fancy.add(new Entry("dense/kernel \\\"ñ€😀\\\"", "F64", "[2]", dataLength(fancy), dataLength(fancy) + 16));
        return List.of(
                file(header(plain, null), dataLength(plain)),
                file(header(fancy, "{\"format\":\"gradbook\",\"note\":\"ü\"}"), dataLength(fancy)),
                file("{}", 0));
    }

    // ------------------------------------------------------------------------------------ families

    @Test
    @DisplayName("the valid seeds of the families load (so the rejections below mean something)")
    void seedsLoad() throws IOException {
        for (byte[] valid : validFiles()) {
            assertEquals(Outcome.LOADED, attempt("valid seeds", valid), printable(valid));
        }
    }

    @Test
    @DisplayName("random bytes: pure noise, noise after a plausible length, token soup, damaged valid files")
    void randomBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(20261203L);
        List<byte[]> seeds = validFiles();
        String[] tokens = {"{", "}", "[", "]", ":", ",", "\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"",
                "\"F32\"", "\"F64\"", "\"__metadata__\"", "0", "8", "-1", "99999999999999999999", " ", "\\", "\"t\""};
        for (int i = 0; i < 4000; i++) {
            byte[] input;
            switch (i % 4) {
                case 0 -> {
                    input = new byte[random.nextInt(200)];
                    random.nextBytes(input);
                }
                case 1 -> {
                    byte[] header = new byte[1 + random.nextInt(120)];
                    random.nextBytes(header);
                    header[0] = '{';
                    input = file(header, header.length, random.nextInt(32));
                }
                case 2 -> {
                    StringBuilder soup = new StringBuilder("{");
                    int n = random.nextInt(40);
                    for (int t = 0; t < n; t++) {
                        soup.append(tokens[random.nextInt(tokens.length)]);
                    }
                    input = file(soup.toString(), random.nextInt(32));
                }
                default -> {
                    input = seeds.get(random.nextInt(seeds.size())).clone();
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            attempt("random bytes", input);
        }
    }

    @Test
    @DisplayName("truncation at every offset, and bytes appended: always refused")
    void truncation() throws IOException {
        for (byte[] valid : validFiles()) {
            for (int length = 0; length < valid.length; length++) {
                assertEquals(Outcome.REJECTED, attempt("truncation at every offset", Arrays.copyOf(valid, length)),
                        "a prefix of " + length + " of " + valid.length + " bytes");
            }
            for (int extra = 1; extra <= 16; extra++) {
                assertEquals(Outcome.REJECTED, attempt("bytes appended", Arrays.copyOf(valid, valid.length + extra)),
                        extra + " bytes appended");
            }
        }
    }

    private static final long[] EDGE_SIZES = {0, 1, 2, 7, -1, -2, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
            1L << 32, (1L << 32) + 1, 46341, 65536, 1L << 53, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 8 + 1};

    private long edge(SplittableRandom random) {
        return random.nextInt(4) == 0 ? random.nextLong() : EDGE_SIZES[random.nextInt(EDGE_SIZES.length)];
    }

    @Test
    @DisplayName("huge, negative and overflowing header lengths: only the true length loads")
    void declaredHeaderLength() throws IOException {
        SplittableRandom random = new SplittableRandom(8);
        for (byte[] valid : validFiles()) {
            long trueLength = ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            List<Long> lengths = new ArrayList<>();
            for (long e : EDGE_SIZES) {
                lengths.add(e);
            }
            for (long d = -9; d <= 9; d++) {
                lengths.add(trueLength + d);
            }
            lengths.add(SafeTensors.MAX_HEADER_BYTES + 1);
            for (int i = 0; i < 300; i++) {
                lengths.add(edge(random));
            }
            for (long length : lengths) {
                byte[] input = valid.clone();
                ByteBuffer.wrap(input, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
                Outcome outcome = attempt("declared header length", input);
                // The header is padded with nothing here, so one length alone parses: the true one.
                assertEquals(length == trueLength ? Outcome.LOADED : Outcome.REJECTED, outcome,
                        "header length " + Long.toUnsignedString(length) + ", true length " + trueLength);
            }
        }
    }

    @Test
    @DisplayName("huge, negative and overflowing shapes and offsets: loaded exactly when they are consistent")
    void declaredShapes() throws IOException {
        SplittableRandom random = new SplittableRandom(46341);
        for (int i = 0; i < 3000; i++) {
            int rank = random.nextInt(5);
            long[] dims = new long[rank];
            StringBuilder shape = new StringBuilder("[");
            for (int d = 0; d < rank; d++) {
                dims[d] = random.nextInt(3) == 0 ? random.nextInt(4) : edge(random);
                shape.append(d == 0 ? "" : ",").append(dims[d]);
            }
            shape.append(']');
            String dtype = random.nextBoolean() ? "F64" : "F32";
            int elementBytes = dtype.equals("F64") ? 8 : 4;
            int dataBytes = random.nextInt(5) * 8;
            // Half the time the offsets agree with the data section, whatever the shape says.
            long begin = random.nextBoolean() ? 0 : edge(random);
            long end = random.nextBoolean() ? begin + dataBytes : edge(random);
            String json = header(List.of(new Entry("w", dtype, shape.toString(), begin, end)), null);
            Outcome outcome = attempt("declared shapes and offsets", file(json, dataBytes));

            // The oracle, computed with exact arithmetic.
            boolean valid = begin == 0 && end == dataBytes;
            java.math.BigInteger numel = java.math.BigInteger.ONE;
            for (long d : dims) {
                valid &= d >= 0 && d <= Integer.MAX_VALUE;
                numel = numel.multiply(java.math.BigInteger.valueOf(d));
            }
            valid &= numel.compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) <= 0
                    && numel.multiply(java.math.BigInteger.valueOf(elementBytes)).equals(java.math.BigInteger.valueOf(end - begin));
            assertEquals(valid ? Outcome.LOADED : Outcome.REJECTED, outcome, json + " with " + dataBytes + " data bytes");
        }
    }

    /** Sequences that are not UTF-8: stray continuation, cut-off, overlong, surrogate, beyond U+10FFFF, 0xFF. */
    private static final byte[][] BAD_UTF8 = {
            {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xFE}, {(byte) 0xFF}};
    private static final String[] GOOD_UTF8 = {"é", "€", "😀", "ñ", "中"};

    @Test
    @DisplayName("bad UTF-8 inside a name or a metadata string is refused; good multi-byte text loads")
    void badUtf8() throws IOException {
        SplittableRandom random = new SplittableRandom(0xED);
        List<Entry> entries = validEntries(new SplittableRandom(5), 3);
        String json = header(entries, "{\"format\":\"gradbook\"}");
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        // Bad bytes may go inside any string; good characters only where the text is free (tensor
        // names, metadata strings), since inside "dtype" or "F64" they change the meaning.
        List<Integer> anyString = new ArrayList<>();
        List<Integer> freeText = new ArrayList<>();
        boolean open = false;
        for (int p = 0; p < header.length; p++) {
            if (header[p] == '"') {
                open = !open;
                if (open) {
                    anyString.add(p + 1);
                    String rest = json.substring(p + 1);
                    if (rest.matches("(t\\d|format\"|gradbook\").*")) {
                        freeText.add(p + 1);
                    }
                }
            }
        }
        assertEquals(5, freeText.size(), "three names, a metadata key and its value");
        for (int i = 0; i < 1500; i++) {
            boolean bad = i % 3 != 0;
            List<Integer> positions = bad ? anyString : freeText;
            int at = positions.get(random.nextInt(positions.size()));
            byte[] insert = bad ? BAD_UTF8[random.nextInt(BAD_UTF8.length)]
                    : GOOD_UTF8[random.nextInt(GOOD_UTF8.length)].getBytes(StandardCharsets.UTF_8);
            byte[] changed = new byte[header.length + insert.length];
            System.arraycopy(header, 0, changed, 0, at);
            System.arraycopy(insert, 0, changed, at, insert.length);
            System.arraycopy(header, at, changed, at + insert.length, header.length - at);
            Outcome outcome = attempt(bad ? "bad UTF-8" : "good multi-byte UTF-8", file(changed, changed.length, dataLength(entries)));
            assertEquals(bad ? Outcome.REJECTED : Outcome.LOADED, outcome,
                    (bad ? "bad sequence " : "good sequence ") + Arrays.toString(insert) + " at " + at);
        }
        Path file = dir.resolve("fuzz.safetensors");
        Files.write(file, file(("{\"t\u00e9" + "\":1}").getBytes(StandardCharsets.ISO_8859_1), 7, 0));
        SafeTensorsFormatException e = org.junit.jupiter.api.Assertions.assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    @DisplayName("deep nesting (up to 100,000 levels) and duplicate keys: refused, no StackOverflowError")
    void nestingAndDuplicates() throws IOException {
        String valid = new Entry("w", "F64", "[1]", 0, 8).json();
        for (int depth = 1; depth <= 100_000; depth = depth < 100 ? depth + 1 : depth * 2) {
            String arrays = "[".repeat(depth) + "]".repeat(depth);
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            for (String json : List.of(
                    "{" + valid + ",\"deep\":" + arrays + "}",
                    "{" + valid + ",\"deep\":" + objects + "}",
                    "{\"__metadata__\":" + objects + "," + valid + "}",
                    // [1] is the valid shape, so a nested shape starts at two levels
                    "{\"w\":{\"dtype\":\"F64\",\"shape\":" + "[".repeat(depth + 1) + "1" + "]".repeat(depth + 1)
                            + ",\"data_offsets\":[0,8]}}",
                    arrays)) {
                assertEquals(Outcome.REJECTED, attempt("deep nesting", file(json, 8)), "depth " + depth);
            }
        }
        String w = "\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]";
        List<String> duplicates = List.of(
                "{" + valid + "," + valid + "}",
                "{\"w\":{" + w + ",\"dtype\":\"F64\"}}",
                "{\"w\":{" + w + ",\"shape\":[1]}}",
                "{\"w\":{" + w + ",\"data_offsets\":[0,8]}}",
                "{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}," + valid + "}",
                "{\"__metadata__\":{},\"__metadata__\":{}," + valid + "}",
                "{\"w\":{" + w + "},\"\\u0077\":{" + w + "}}"); // "\u0077" is "w" again
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 700; i++) {
            String json = duplicates.get(i % duplicates.size());
            String spaced = json.replace(",", " ".repeat(random.nextInt(3)) + "," + " ".repeat(random.nextInt(3)));
            assertEquals(Outcome.REJECTED, attempt("duplicate keys", file(spaced, 8)), spaced);
        }
    }

    @Test
    @DisplayName("offsets out of range, overlapping, with gaps or reordered: loaded exactly when they tile the data")
    void offsets() throws IOException {
        SplittableRandom random = new SplittableRandom(314);
        for (int i = 0; i < 3000; i++) {
            List<Entry> entries = new ArrayList<>(validEntries(random, 1 + random.nextInt(5)));
            int dataBytes = dataLength(entries);
            int victim = random.nextInt(entries.size());
            Entry e = entries.get(victim);
            long shift = random.nextBoolean() ? 1 + random.nextInt(16) : -(1 + random.nextInt(16));
            Entry changed = switch (random.nextInt(8)) {
                case 0 -> e; // unchanged: must load
                case 1 -> new Entry(e.name(), e.dtype(), e.shape(), e.begin() + shift, e.end() + shift);
                case 2 -> new Entry(e.name(), e.dtype(), e.shape(), e.begin(), e.end() + shift);
                case 3 -> new Entry(e.name(), e.dtype(), e.shape(), e.end(), e.begin()); // reversed
                case 4 -> new Entry(e.name(), e.dtype(), e.shape(), -e.end(), -e.begin());
                case 5 -> new Entry(e.name(), e.dtype(), e.shape(), Long.MAX_VALUE - 8, Long.MAX_VALUE);
                case 6 -> { // overlap with (or duplicate) another tensor's range
                    Entry other = entries.get(random.nextInt(entries.size()));
                    yield new Entry(e.name(), e.dtype(), e.shape(), other.begin(), other.begin() + (e.end() - e.begin()));
                }
                default -> e;
            };
            entries.set(victim, changed);
            if (random.nextInt(3) == 0) {
                java.util.Collections.shuffle(entries, new java.util.Random(random.nextLong())); // JSON order is free
            }
            int extraData = random.nextInt(6) == 0 ? (random.nextBoolean() ? 8 : -Math.min(dataBytes, 4)) : 0;
            Outcome outcome = attempt("data offsets", file(header(entries, null), dataBytes + extraData));
            assertEquals(tiles(entries, dataBytes + extraData) ? Outcome.LOADED : Outcome.REJECTED, outcome,
                    header(entries, null) + " with " + (dataBytes + extraData) + " data bytes");
        }
    }

    /** The oracle: sizes match the shapes and the ranges, sorted, cover [0, dataBytes) exactly once. */
    private static boolean tiles(List<Entry> entries, long dataBytes) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end)); // empty ranges first
        long expected = 0;
        for (Entry e : sorted) {
            String[] dims = e.shape().replaceAll("[\\[\\]]", "").split(",");
            long bytes = Long.parseLong(dims[0]) * Long.parseLong(dims[1]) * (e.dtype().equals("F64") ? 8 : 4);
            if (e.begin() != expected || e.end() - e.begin() != bytes) {
                return false;
            }
            expected = e.end();
        }
        return expected == dataBytes;
    }
}
