package dev.gradbook.layers.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the simple binary format MNIST is distributed in.
 *
 * <h2>The format</h2>
 *
 * An IDX file is a tiny header followed by the raw values:
 *
 * <pre>
 * offset  bytes  meaning
 * 0       2      0x00 0x00             always zero: the "magic" start
 * 2       1      type                  0x08 = unsigned byte (the only type gradbook reads)
 * 3       1      ndims                 number of dimensions, e.g. 3 for images, 1 for labels
 * 4       4*n    size of each dimension, a 32-bit big-endian integer each
 * 4+4n    ...    the values, row-major (last index fastest), exactly the product of the sizes
 * </pre>
 *
 * So MNIST's {@code train-images-idx3-ubyte} starts {@code 00 00 08 03 | 00 00 EA 60 | 00 00 00 1C
 * | 00 00 00 1C}: unsigned bytes, three dimensions, 60000 × 28 × 28, and then 47,040,000 pixels.
 * "Big-endian" means the most significant byte comes first, the way we write numbers.
 *
 * <p>The files are usually gzip-compressed ({@code .gz}). The reader recognises gzip by its own
 * magic bytes {@code 0x1f 0x8b} rather than by the file name, so a renamed file still reads.
 *
 * <h2>What the reader checks</h2>
 *
 * Everything the header promises: the magic, a supported type, at least one dimension, no
 * negative sizes, a total that fits in a Java array, and that the data is <em>exactly</em> as long
 * as the sizes say — neither truncated nor followed by extra bytes. Any violation is an
 * {@link IdxFormatException} whose message names the file, what was expected and what was found.
 * A file that cannot be opened at all stays a plain {@link IOException}.
 *
 * <h2>Example</h2>
 *
 * <pre>{@code
 * IdxArray images = Idx.read(Path.of("train-images-idx3-ubyte.gz"));
 * images.shapeString();     // "60000×28×28"
 * images.get(0, 14, 14);    // a pixel of the first image, 0..255
 * Idx.write(Path.of("first-100.idx3-ubyte.gz"), images.slice(0, 100));
 * }</pre>
 */
public final class Idx {

    /** The IDX type code for unsigned bytes (0..255), the type of every MNIST file. */
    public static final int TYPE_UNSIGNED_BYTE = 0x08;

    /** The two bytes every gzip stream starts with (RFC 1952). */
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private static final int BUFFER_SIZE = 1 << 16;

    /** Source name used in messages when the data comes from an anonymous stream. */
    static final String STREAM = "stream";

    private Idx() {
    }

    /**
     * Reads an IDX file, raw or gzip-compressed.
     *
     * @param file the file; its name starts every error message
     * @return the values and their shape
     * @throws IdxFormatException if the content is not a valid unsigned-byte IDX file
     * @throws IOException        if the file cannot be read (missing, a directory, no permission)
     */
    public static IdxArray read(Path file) throws IOException {
        Objects.requireNonNull(file, "Idx.read: file is null");
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not an IDX file"
                    + " (to read a whole MNIST folder use Mnist.load(directory))");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads IDX data, raw or gzip-compressed, from a stream; errors name the source
     * {@code "stream"}.
     *
     * @param in the stream; read to its end, but not closed (whoever opened it closes it)
     * @return the values and their shape
     * @throws IdxFormatException if the content is not a valid unsigned-byte IDX file
     * @throws IOException        if reading the stream fails
     * @see #read(InputStream, String)
     */
    public static IdxArray read(InputStream in) throws IOException {
        return read(in, STREAM);
    }

    /**
     * Reads IDX data, raw or gzip-compressed, from a stream, naming it {@code sourceName} in
     * errors. Useful for resources: {@code Idx.read(getClass().getResourceAsStream(name), name)}.
     *
     * <p>The stream is read to its end, because trailing bytes after the data are an error (they
     * mean the header and the data disagree). It is not closed.
     *
     * @param in         the stream
     * @param sourceName what to call the data in error messages, e.g. a file or resource name
     * @return the values and their shape
     * @throws IdxFormatException if the content is not a valid unsigned-byte IDX file
     * @throws IOException        if reading the stream fails
     */
    public static IdxArray read(InputStream in, String sourceName) throws IOException {
        Objects.requireNonNull(in, "Idx.read: in is null");
        Objects.requireNonNull(sourceName, "Idx.read: sourceName is null");
        String source = sourceName;
        // Peek at two bytes to choose raw or gzip; BufferedInputStream lets us put them back.
        BufferedInputStream buffered = new BufferedInputStream(new KeepOpen(in), BUFFER_SIZE);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == -1) {
            throw new IdxFormatException(source, "empty input (0 bytes) — an IDX file starts with"
                    + " the 4-byte magic number 0x00 0x00 <type> <ndims>");
        }
        if (first != GZIP_MAGIC_1 || second != GZIP_MAGIC_2) {
            return parse(buffered, source, false);
        }
        // gzip: a damaged stream shows up as ZipException (bad header, bad data, bad checksum) or
        // EOFException (the compressed data stops early). Both mean "this file is corrupt".
        try (GZIPInputStream gzip = new GZIPInputStream(buffered, BUFFER_SIZE)) {
            return parse(gzip, source, true);
        } catch (ZipException | EOFException e) {
            throw corruptGzip(source, e);
        }
    }

    private static IdxArray parse(InputStream in, String source, boolean gzipped)
            throws IOException {
        String what = gzipped ? "the decompressed data" : "the file";
        byte[] magic = in.readNBytes(4);
        if (magic.length == 0) {
            throw new IdxFormatException(source, "the gzip stream decompresses to 0 bytes — an IDX"
                    + " file starts with the 4-byte magic number 0x00 0x00 <type> <ndims>");
        }
        if (magic.length < 4) {
            throw new IdxFormatException(source, "truncated IDX header: " + what + " has only "
                    + magic.length + " byte" + (magic.length == 1 ? "" : "s")
                    + ", but the magic number 0x00 0x00 <type> <ndims> alone needs 4");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(source, "not an IDX file: " + what + " starts with "
                    + hex(magic) + " but an IDX file starts with 0x00 0x00 <type> <ndims>"
                    + guessWhatItIs(magic, gzipped));
        }
        int type = magic[2] & 0xFF;
        if (type != TYPE_UNSIGNED_BYTE) {
            throw new IdxFormatException(source, describeUnsupportedType(type));
        }
        int ndims = magic[3] & 0xFF;
        if (ndims == 0) {
            throw new IdxFormatException(source, "the IDX header declares 0 dimensions (magic "
                    + hex(magic) + ") — an IDX file needs at least one, e.g. 1 for labels,"
                    + " 3 for images");
        }
        byte[] sizeBytes = in.readNBytes(4 * ndims);
        if (sizeBytes.length < 4 * ndims) {
            throw new IdxFormatException(source, "truncated IDX header: the magic declares "
                    + ndims + " dimension" + (ndims == 1 ? "" : "s") + ", which needs "
                    + (4 * ndims) + " bytes of sizes, but only " + sizeBytes.length
                    + " followed");
        }
        int[] shape = new int[ndims];
        for (int axis = 0; axis < ndims; axis++) {
            shape[axis] = bigEndianInt(sizeBytes, 4 * axis);
        }
        for (int axis = 0; axis < ndims; axis++) {
            if (shape[axis] < 0) {
                throw new IdxFormatException(source, "dimension " + axis + " of the IDX header is "
                        + shape[axis] + " (sizes " + IdxArray.formatShape(shape)
                        + ") — sizes cannot be negative; the header is corrupt"
                        + littleEndianHint(shape));
            }
        }
        long expected = IdxArray.product(shape);
        if (expected > IdxArray.MAX_ELEMENTS) {
            throw new IdxFormatException(source, "the IDX header promises "
                    + IdxArray.formatShape(shape) + " values, more than the "
                    + IdxArray.MAX_ELEMENTS + " one Java array can hold — the header is corrupt"
                    + " or the file is too big to load at once" + littleEndianHint(shape));
        }
        // readNBytes grows its buffer as data arrives, so a lying header cannot make us allocate
        // gigabytes for a file of a few bytes.
        byte[] data = in.readNBytes((int) expected);
        if (data.length < expected) {
            throw new IdxFormatException(source, "truncated IDX data: header promises "
                    + promise(shape, expected) + " bytes but only " + data.length
                    + " were present");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new IdxFormatException(source, extra + " trailing byte" + (extra == 1 ? "" : "s")
                    + " after the data: header promises " + promise(shape, expected)
                    + " bytes but " + (expected + extra) + " were present — the header does not"
                    + " match the data (wrong sizes, or two files joined together?)");
        }
        return IdxArray.wrap(shape, data);
    }

    /**
     * Writes an array as an unsigned-byte IDX file, gzip-compressed when the file name ends with
     * {@code .gz}.
     *
     * <p>The write is atomic: the bytes go to a temporary file in the same directory, which is
     * flushed to disk and then renamed over {@code file}. A crash or an exception halfway leaves
     * either the old file or the new one, never half of the new one. (Where the file system cannot
     * rename atomically, it falls back to an ordinary replacing move.) Missing parent directories
     * are created.
     *
     * <p>The gzip output uses the best compression level and a zero timestamp, so writing the
     * same array twice gives the same bytes.
     *
     * @param file  where to write; an existing file is replaced
     * @param array the values and shape to write
     * @throws IOException if the directory or file cannot be written
     */
    public static void write(Path file, IdxArray array) throws IOException {
        Objects.requireNonNull(file, "Idx.write: file is null");
        Objects.requireNonNull(array, "Idx.write: array is null");
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        boolean gzip = target.getFileName().toString().endsWith(".gz");
        Path temp = createTempBeside(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel),
                        BUFFER_SIZE);
                if (gzip) {
                    GZIPOutputStream compressed = new BestGzipOutputStream(buffered);
                    write(compressed, array);
                    compressed.finish();
                    compressed.flush();
                    channel.force(true);
                    compressed.close(); // releases the Deflater's native memory now, not at GC
                } else {
                    write(buffered, array);
                    buffered.flush();
                    channel.force(true);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Writes an array in the IDX format (uncompressed) to a stream. Wrap the stream in a
     * {@link GZIPOutputStream} yourself for compression.
     *
     * @param out   the stream; not closed, and not flushed beyond what writing requires
     * @param array the values and shape to write
     * @throws IOException if writing to the stream fails
     */
    public static void write(OutputStream out, IdxArray array) throws IOException {
        Objects.requireNonNull(out, "Idx.write: out is null");
        Objects.requireNonNull(array, "Idx.write: array is null");
        int rank = array.rank();
        byte[] header = new byte[4 + 4 * rank];
        header[2] = (byte) TYPE_UNSIGNED_BYTE;
        header[3] = (byte) rank;
        for (int axis = 0; axis < rank; axis++) {
            int size = array.dim(axis);
            header[4 + 4 * axis] = (byte) (size >>> 24);
            header[5 + 4 * axis] = (byte) (size >>> 16);
            header[6 + 4 * axis] = (byte) (size >>> 8);
            header[7 + 4 * axis] = (byte) size;
        }
        out.write(header);
        // Through a copy, in chunks: handing our own array to someone else's OutputStream would
        // let it change the values of an "immutable" IdxArray.
        byte[] data = array.rawData();
        byte[] chunk = new byte[Math.min(BUFFER_SIZE, data.length)];
        for (int from = 0; from < data.length; from += chunk.length) {
            int length = Math.min(chunk.length, data.length - from);
            System.arraycopy(data, from, chunk, 0, length);
            out.write(chunk, 0, length);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /**
     * A hidden temporary file next to the target, so the final rename stays on one file system.
     * Not {@code Files.createTempFile}: that makes owner-only (0600) files, and the rename would
     * carry those surprising permissions over to the user's data file.
     */
    private static Path createTempBeside(Path target) throws IOException {
        String base = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path candidate = target.resolveSibling(
                    base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                return candidate;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static int bigEndianInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16)
                | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /** "8000×28×28 = 6272000", or just "8000" for one dimension. */
    private static String promise(int[] shape, long total) {
        String sizes = IdxArray.formatShape(shape);
        return shape.length == 1 ? sizes : sizes + " = " + total;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        return s.toString();
    }

    /** A hint for the usual suspects when the magic is wrong. */
    private static String guessWhatItIs(byte[] start, boolean gzipped) {
        int b0 = start[0] & 0xFF;
        int b1 = start[1] & 0xFF;
        if (gzipped && b0 == GZIP_MAGIC_1 && b1 == GZIP_MAGIC_2) {
            return " (it is gzip inside gzip: decompress it once more)";
        }
        if (b0 == 'P' && b1 == 'K') {
            return " (it looks like a zip archive: unzip it first)";
        }
        String text = new String(start, StandardCharsets.ISO_8859_1);
        if (text.startsWith("<") || text.startsWith("{") || text.startsWith("[")) {
            return " (it looks like text — an HTML error page or JSON — not binary IDX data)";
        }
        return "";
    }

    /** If the sizes make sense byte-reversed, the writer probably used little-endian order. */
    private static String littleEndianHint(int[] shape) {
        int[] reversed = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            reversed[i] = Integer.reverseBytes(shape[i]);
            if (reversed[i] < 0) {
                return "";
            }
        }
        if (IdxArray.product(reversed) > IdxArray.MAX_ELEMENTS) {
            return "";
        }
        return " (read as little-endian the sizes would be " + IdxArray.formatShape(reversed)
                + ": was the file written little-endian? IDX sizes are big-endian)";
    }

    private static String describeUnsupportedType(int type) {
        String name = switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit integer";
            case 0x0C -> "32-bit integer";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit float";
            default -> null;
        };
        if (name == null) {
            return String.format("unknown IDX data type 0x%02X — IDX defines 0x08, 0x09, 0x0B,"
                    + " 0x0C, 0x0D and 0x0E, and gradbook reads only 0x08 (unsigned byte)", type);
        }
        return String.format("unsupported IDX data type 0x%02X (%s) — gradbook reads only 0x08"
                + " (unsigned byte), the type MNIST and Fashion-MNIST use", type, name);
    }

    private static IdxFormatException corruptGzip(String source, IOException cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage();
        String problem = cause instanceof EOFException
                ? "corrupt gzip stream: it ends before the compressed data does (" + detail
                  + ") — the file is truncated; copy or download it again"
                : "corrupt gzip stream (" + detail + ") — the compressed data is damaged;"
                  + " copy or download it again";
        return new IdxFormatException(source, problem, cause);
    }

    /**
     * Lets us close our own wrappers (and so free the gzip Inflater at once) without closing the
     * caller's stream, which the caller opened and will close.
     */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // deliberately empty: see the class comment
        }
    }

    /** GZIPOutputStream at the best compression level; the shipped MNIST files are smaller. */
    private static final class BestGzipOutputStream extends GZIPOutputStream {
        BestGzipOutputStream(OutputStream out) throws IOException {
            super(out, BUFFER_SIZE);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
