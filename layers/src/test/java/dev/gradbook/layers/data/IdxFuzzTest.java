package dev.gradbook.layers.data;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.gradbook.layers.data.IdxBytes.countingUbyte;
import static dev.gradbook.layers.data.IdxBytes.gzip;
import static dev.gradbook.layers.data.IdxBytes.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated IDX inputs, one family of damage per test (issue 12 §3; the JSON families of
 * safetensors have no IDX counterpart: an IDX header is four bytes and big-endian sizes). Every
 * input must load or fail with {@link IdxFormatException}; anything else, or a hang (the
 * timeouts), fails. Where the right answer can be computed independently, the test requires it.
 * Each family prints how many inputs it tried; docs/hardening.md records the counts.
 */
@DisplayName("fuzzing IDX: every generated input loads or fails with IdxFormatException")
@Timeout(60)
class IdxFuzzTest {

    private static final Map<String, int[]> COUNTS = new TreeMap<>();

    @AfterAll
    static void printCounts() {
        COUNTS.forEach((family, c) -> System.out.println("fuzz IDX " + family + ": " + c[0] + " inputs, "
                + c[1] + " loaded, " + c[2] + " rejected"));
    }

    private enum Outcome { LOADED, REJECTED }

    private static Outcome attempt(String family, byte[] bytes) {
        int[] counts = COUNTS.computeIfAbsent(family, f -> new int[3]);
        counts[0]++;
        try {
            IdxArray array = Idx.read(new ByteArrayInputStream(bytes), "fuzz.idx");
            assertEquals(IdxArray.product(array.shape()), array.size(), family + ": size agrees with shape");
            counts[1]++;
            return Outcome.LOADED;
        } catch (IdxFormatException e) {
            if (!e.getMessage().startsWith("fuzz.idx: ")) {
                fail(family + ": the message does not name the source: " + e.getMessage());
            }
            counts[2]++;
            return Outcome.REJECTED;
        } catch (Throwable t) {
            fail(family + ": " + t + " escaped for input " + (bytes.length <= 200 ? Arrays.toString(bytes)
                    : bytes.length + " bytes"), t);
            throw new AssertionError(t);
        }
    }

    private static List<byte[]> validFiles() {
        return List.of(countingUbyte(7), countingUbyte(3, 4), countingUbyte(2, 3, 5), countingUbyte(0, 28, 28),
                countingUbyte(1, 1, 1, 1));
    }

    @Test
    @DisplayName("the valid seeds load, raw and gzipped, with their values")
    void seedsLoad() throws Exception {
        for (byte[] valid : validFiles()) {
            assertEquals(Outcome.LOADED, attempt("valid seeds", valid));
            assertEquals(Outcome.LOADED, attempt("valid seeds", gzip(valid)));
            IdxArray array = Idx.read(new ByteArrayInputStream(gzip(valid)));
            assertArrayEquals(Arrays.copyOfRange(valid, valid.length - array.size(), valid.length), array.toByteArray());
        }
    }

    @Test
    @DisplayName("random bytes: noise, noise after a valid magic, noise after the gzip magic, damaged files")
    void randomBytes() {
        SplittableRandom random = new SplittableRandom(20261203L);
        List<byte[]> seeds = validFiles();
        for (int i = 0; i < 8000; i++) {
            byte[] input;
            switch (i % 5) {
                case 0 -> {
                    input = new byte[random.nextInt(100)];
                    random.nextBytes(input);
                }
                case 1 -> {
                    input = new byte[4 + random.nextInt(60)];
                    random.nextBytes(input);
                    input[0] = 0;
                    input[1] = 0;
                    input[2] = Idx.TYPE_UNSIGNED_BYTE;
                    input[3] = (byte) random.nextInt(5);
                }
                case 2 -> {
                    input = new byte[2 + random.nextInt(60)];
                    random.nextBytes(input);
                    input[0] = 0x1f;
                    input[1] = (byte) 0x8b;
                }
                case 3 -> input = damage(random, seeds.get(random.nextInt(seeds.size())));
                default -> input = damage(random, gzip(seeds.get(random.nextInt(seeds.size()))));
            }
            attempt("random bytes", input);
        }
    }

    private static byte[] damage(SplittableRandom random, byte[] bytes) {
        byte[] copy = bytes.clone();
        for (int f = 1 + random.nextInt(4); f > 0; f--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    @Test
    @DisplayName("truncation at every offset, raw and gzipped, and bytes appended: always refused")
    void truncation() {
        for (byte[] valid : validFiles()) {
            for (byte[] form : List.of(valid, gzip(valid))) {
                String kind = form == valid ? "raw" : "gzip";
                for (int length = 0; length < form.length; length++) {
                    assertEquals(Outcome.REJECTED, attempt("truncation at every offset (" + kind + ")",
                            Arrays.copyOf(form, length)), kind + " prefix of " + length + " of " + form.length + " bytes");
                }
            }
            for (int extra = 1; extra <= 16; extra++) {
                assertEquals(Outcome.REJECTED, attempt("bytes appended", Arrays.copyOf(valid, valid.length + extra)));
                assertEquals(Outcome.REJECTED, attempt("bytes appended", gzip(Arrays.copyOf(valid, valid.length + extra))));
            }
        }
    }

    private static final int[] EDGE_SIZES = {0, 1, 2, 3, 28, 255, 256, 46341, 65536, 1 << 24, Integer.MAX_VALUE,
            Integer.MAX_VALUE - 8, Integer.MAX_VALUE - 7, -1, -2, Integer.MIN_VALUE, 0x01000000, 0x00010000};

    @Test
    @DisplayName("huge, negative and overflowing declared sizes: loaded exactly when they match the data")
    void declaredSizes() {
        SplittableRandom random = new SplittableRandom(65536);
        for (int i = 0; i < 6000; i++) {
            int ndims = random.nextInt(6);
            int[] dims = new int[ndims];
            for (int d = 0; d < ndims; d++) {
                dims[d] = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(5);
                    case 1 -> random.nextInt();
                    default -> EDGE_SIZES[random.nextInt(EDGE_SIZES.length)];
                };
            }
            int dataBytes = random.nextInt(4) == 0 ? (int) Math.min(64, Math.max(0, exactProduct(dims))) : random.nextInt(65);
            byte[] raw = idx(Idx.TYPE_UNSIGNED_BYTE, dims, new byte[dataBytes]);
            boolean valid = ndims > 0 && Arrays.stream(dims).allMatch(d -> d >= 0) && exactProduct(dims) == dataBytes;
            Outcome expected = valid ? Outcome.LOADED : Outcome.REJECTED;
            assertEquals(expected, attempt("declared sizes", raw), Arrays.toString(dims) + " with " + dataBytes + " bytes");
            if (i % 4 == 0) {
                assertEquals(expected, attempt("declared sizes (gzip)", gzip(raw)), Arrays.toString(dims) + " gzipped");
            }
        }
        // The classic: 65536 × 65536 images of one pixel each wraps to 0 in int arithmetic.
        assertEquals(Outcome.REJECTED, attempt("declared sizes", idx(Idx.TYPE_UNSIGNED_BYTE, new int[] {65536, 65536}, new byte[0])));
    }

    /** The product with exact arithmetic, {@code Long.MAX_VALUE} when it passes a long (never small then). */
    private static long exactProduct(int[] dims) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int d : dims) {
            p = p.multiply(java.math.BigInteger.valueOf(d));
        }
        return p.bitLength() < 63 ? p.longValue() : Long.MAX_VALUE;
    }

    @Test
    @DisplayName("sizes written little-endian (the wrong way round) are refused unless they happen to fit the data")
    void byteOrder() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            int rows = 1 + random.nextInt(300);
            int cols = 1 + random.nextInt(300);
            ByteBuffer little = ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            little.put((byte) 0).put((byte) 0).put((byte) Idx.TYPE_UNSIGNED_BYTE).put((byte) 2).putInt(rows).putInt(cols);
            byte[] input = new byte[12 + Math.min(rows * cols, 64)];
            System.arraycopy(little.array(), 0, input, 0, 12);
            int[] asRead = {Integer.reverseBytes(rows), Integer.reverseBytes(cols)};
            boolean valid = Arrays.stream(asRead).allMatch(d -> d >= 0) && exactProduct(asRead) == input.length - 12;
            assertEquals(valid ? Outcome.LOADED : Outcome.REJECTED, attempt("little-endian sizes", input));
        }
    }
}
