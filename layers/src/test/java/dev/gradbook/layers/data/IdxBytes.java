package dev.gradbook.layers.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/**
 * Builds IDX files byte by byte, independently of {@link Idx#write}, so that the reader is tested
 * against the format itself and not only against our own writer.
 */
final class IdxBytes {

    private IdxBytes() {
    }

    /** Header {@code 00 00 type ndims}, big-endian sizes, then {@code data} as given. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    /** A well-formed unsigned-byte IDX file whose values count up 0, 1, 2, … (mod 256). */
    static byte[] countingUbyte(int... dims) {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) i;
        }
        return idx(Idx.TYPE_UNSIGNED_BYTE, dims, data);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
