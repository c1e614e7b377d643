package dev.gradbook.layers.io;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.autograd.spi.Storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Saves and loads named tensors in the <b>safetensors</b> format, the weights format of Hugging
 * Face models, which PyTorch, JAX and others read too.
 *
 * <h2>The format, byte by byte</h2>
 * <pre>
 * ┌──────────────┬──────────────────────────────┬───────────────────────────────────────┐
 * │ 8 bytes      │ N bytes                      │ the data section                      │
 * │ N, unsigned, │ JSON header, UTF-8, padded   │ every tensor's elements, little-endian │
 * │ little-endian│ with spaces to a multiple of │ IEEE 754, row-major, one tensor after  │
 * │              │ 8 so the data stays aligned  │ the other, no gaps                     │
 * └──────────────┴──────────────────────────────┴───────────────────────────────────────┘
 * </pre>
 * The header maps each tensor's name to its element type, shape and byte range:
 * <pre>
 * {"__metadata__":{"epochs":"20"},
 *  "dense/kernel":{"dtype":"F32","shape":[784,512],"data_offsets":[0,1605632]},
 *  "dense/bias":{"dtype":"F32","shape":[512],"data_offsets":[1605632,1607680]}}
 * </pre>
 * {@code data_offsets} are {@code [begin, end)} relative to the first byte of the data section, so
 * {@code end - begin} must equal (product of the shape) × (bytes per element). The optional
 * {@code __metadata__} entry holds free-form string-to-string notes. Why this format rather than
 * Java serialization or Python's pickle: loading it runs no code, only copies numbers, so a weights
 * file from a stranger cannot do harm — and reading the header alone tells you everything about a
 * model's parameters.
 *
 * <h2>Names and layout used by gradbook models</h2>
 * A model names each parameter {@code <layer name>/<parameter name>}, Keras style: the layers
 * of the seed MLP are {@code dense}, {@code dense_1} and {@code dense_2}, so its file holds
 * {@code dense/kernel} {@code [784, 512]}, {@code dense/bias} {@code [512]},
 * {@code dense_1/kernel} {@code [512, 512]}, ... {@code dense_2/bias} {@code [10]}.
 * A Dense kernel is stored {@code [inputs, units]} because the layer computes
 * {@code x @ kernel + bias} with {@code x} of shape {@code [batch, inputs]}. (PyTorch's
 * {@code nn.Linear} stores its weight the other way round, {@code [out, in]}: transpose it when
 * moving weights between the two.) Layers without parameters (activations, dropout) write nothing.
 *
 * <h2>What this class supports</h2>
 * The element types gradbook tensors have, {@code F64} and {@code F32}. Tensors are written in the
 * order of the map given to {@link #write}; {@link #read(Path)} returns them in the order of their bytes
 * in the file, which for files written here is the same order. {@link #read(Path, Set)} loads
 * only the tensors it is asked for and never reads the bytes of the others: the header says where
 * each tensor lies, so the reader seeks straight to it.
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>{@link SafeTensorsFormatException} (an {@link IOException}) when a file's content is not
 *       valid safetensors or holds what gradbook cannot load — header length beyond the file,
 *       malformed JSON, an unknown dtype, a shape that does not match its byte range, overlapping
 *       or out-of-range offsets, truncated data. The message names the file and the tensor.</li>
 *   <li>Other {@link IOException}s (e.g. {@link java.nio.file.NoSuchFileException}) when the file
 *       system fails.</li>
 *   <li>{@link IllegalArgumentException} when the <em>arguments</em> to {@link #write} cannot be
 *       written: a missing tensor, the reserved name {@code __metadata__}, a name or metadata
 *       string that is not valid Unicode.</li>
 * </ul>
 * Writing is atomic (see {@link AtomicFiles}): after a failure the previous file is unchanged.
 */
public final class SafeTensors {

    /** The reserved header key of the free-form string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** The reference implementation refuses headers above 100 MB; so do we, before allocating. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Element types of the safetensors specification, to tell "unsupported" from "garbage". */
    private static final Set<String> OTHER_KNOWN_DTYPES = Set.of("F16", "BF16", "F8_E4M3", "F8_E5M2",
            "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL");

    /** Bytes moved per read or write call: large enough to be fast, small enough to stay cheap. */
    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensors() {
    }

    // ------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------

    /**
     * Writes {@code tensors} to {@code file}, atomically replacing it if it exists.
     *
     * @param file    where to write, conventionally {@code something.safetensors}
     * @param tensors name → tensor; written in the map's iteration order (use a
     *                {@link LinkedHashMap} to control it). Non-contiguous tensors (transposes,
     *                slices) are fine: their elements are written in row-major order of their shape.
     * @throws NullPointerException     if an argument, a name or a tensor is null; nothing is
     *                                  written then
     * @throws IllegalArgumentException if a name or tensor cannot be written (see the class
     *                                  Javadoc); nothing is written then
     * @throws IOException              if the file system fails; the previous file is unchanged
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} and free-form {@code metadata} (stored under {@code __metadata__}; an
     * empty map writes none) to {@code file}, atomically replacing it if it exists.
     *
     * @param file     where to write
     * @param tensors  name → tensor, written in the map's iteration order
     * @param metadata notes to keep with the weights, e.g. {@code Map.of("epochs", "20")}
     * @throws NullPointerException     if an argument, or a key or value of {@code tensors} or
     *                                  {@code metadata}, is null; nothing is written then
     * @throws IllegalArgumentException if a name, tensor or metadata entry cannot be written;
     *                                  nothing is written then
     * @throws IOException              if the file system fails; the previous file is unchanged
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "SafeTensors.write: file is null");
        NullChecks.requireNoNullEntries(tensors, "SafeTensors.write", "tensors");
        NullChecks.requireNoNullEntries(metadata, "SafeTensors.write", "metadata");
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.entrySet());
        byte[] header = encodeHeader(entries, metadata);
        AtomicFiles.write(file, out -> {
            byte[] length = new byte[8];
            ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(length);
            out.write(header);
            for (Map.Entry<String, Tensor> entry : entries) {
                writeData(entry.getValue(), out);
            }
        });
    }

    /**
     * The header bytes for {@code entries}: compact JSON, {@code __metadata__} first (its keys
     * sorted) as the reference implementation writes it, then the tensors with consecutive offsets, padded with
     * spaces to a multiple of 8 bytes. Checks every argument first, so a bad one fails before any
     * file is touched.
     */
    private static byte[] encodeHeader(List<Map.Entry<String, Tensor>> entries, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append('"').append(METADATA_KEY).append("\":{");
            boolean first = true;
            // Sorted by key: the same notes give the same bytes whatever map they came in (Map.of
            // iterates in a different order in every JVM run).
            List<Map.Entry<String, String>> notes = new java.util.ArrayList<>(metadata.entrySet());
            notes.sort(Map.Entry.comparingByKey());
            for (Map.Entry<String, String> note : notes) {
                checkText("metadata key", note.getKey());
                checkText("metadata value of " + quote(note.getKey()), note.getValue());
                json.append(first ? "" : ",");
                Json.appendString(json, note.getKey());
                json.append(':');
                Json.appendString(json, note.getValue());
                first = false;
            }
            json.append("},");
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : entries) {
            String name = entry.getKey();
            checkText("tensor name", name);
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors write: \"" + METADATA_KEY + "\" is reserved for the"
                        + " metadata map and cannot name a tensor; rename the tensor");
            }
            Tensor tensor = entry.getValue();
            String dtype = dtypeName(name, tensor.dtype());
            long bytes = (long) tensor.numel() * tensor.dtype().bytes();
            Json.appendString(json, name);
            json.append(":{\"dtype\":\"").append(dtype).append("\",\"shape\":[");
            int[] shape = tensor.shape();
            for (int d = 0; d < shape.length; d++) {
                json.append(d == 0 ? "" : ",").append(shape[d]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]},");
            offset += bytes;
        }
        if (json.charAt(json.length() - 1) == ',') {
            json.setLength(json.length() - 1);
        }
        json.append('}');
        byte[] utf8 = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(utf8, padded);
        Arrays.fill(header, utf8.length, padded, (byte) ' ');
        return header;
    }

    private static String dtypeName(String name, DType dtype) {
        return switch (dtype) {
            case F64 -> "F64";
            case F32 -> "F32";
            // A future dtype must be added here (and to readDtype) before it can be saved.
            default -> throw new IllegalArgumentException("safetensors write: tensor " + quote(name) + " has dtype "
                    + dtype + ", which this writer cannot encode yet; convert it with .to(DType.F32)");
        };
    }

    private static void checkText(String what, String text) {
        int bad = Json.unpairedSurrogate(text);
        if (bad >= 0) {
            throw new IllegalArgumentException("safetensors write: " + what + " " + quote(text.substring(0, bad))
                    + "... has an unpaired UTF-16 surrogate at index " + bad + ", which UTF-8 cannot encode");
        }
    }

    /** The tensor's elements in row-major order, little-endian, in chunks. */
    private static void writeData(Tensor tensor, OutputStream out) throws IOException {
        double[] values = tensor.toDoubleArray();
        boolean f64 = tensor.dtype() == DType.F64;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            if (chunk.remaining() < 8) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            if (f64) {
                chunk.putDouble(value);
            } else {
                chunk.putFloat((float) value); // exact: an F32 tensor's values are floats already
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    /**
     * Loads every tensor of {@code file}, on the current backend, in the dtype the file stores.
     *
     * @param file a safetensors file
     * @return name → tensor, in the order of the tensors' bytes in the file
     * @throws SafeTensorsFormatException if the file is not valid safetensors (see the class Javadoc)
     * @throws IOException                if it cannot be read
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Objects.requireNonNull(file, "SafeTensors.read: file is null");
        try (SeekableByteChannel channel = open(file)) {
            return read(file, channel, name -> true);
        }
    }

    /**
     * Loads only the tensors named in {@code names}; the bytes of every other tensor are never
     * read. The whole header is still checked, exactly as {@link #read(Path)} checks it, so a
     * broken file fails the same way whichever tensors are asked for. This is how a model loads its
     * weights from a file that also holds other things (an optimizer's state, another head, a
     * multi-gigabyte embedding it does not use): memory and time grow with what is asked for, not
     * with the size of the file.
     *
     * @param file  a safetensors file
     * @param names the tensors wanted; names the file does not hold are simply absent from the
     *              result (compare with {@link #readHeader} first to report them)
     * @return name → tensor for the wanted names the file holds, in the order of their bytes
     * @throws NullPointerException       if {@code file} or {@code names}, or one of the names, is null
     * @throws SafeTensorsFormatException if the file is not valid safetensors (see the class Javadoc)
     * @throws IOException                if it cannot be read
     */
    public static Map<String, Tensor> read(Path file, Set<String> names) throws IOException {
        Objects.requireNonNull(file, "SafeTensors.read: file is null");
        NullChecks.requireNoNullElements(names, "SafeTensors.read", "names");
        try (SeekableByteChannel channel = open(file)) {
            return read(file, channel, names::contains);
        }
    }

    /**
     * The reading itself, from any channel: the header first, then, for each wanted tensor, a seek
     * to its byte range and a read of exactly those bytes. Package-private so that a test can
     * count the bytes that pass through {@code channel}.
     */
    static Map<String, Tensor> read(Path file, SeekableByteChannel channel, Predicate<String> wanted)
            throws IOException {
        Header header = readHeader(file, channel);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorInfo info : header.tensors().values()) {
            if (wanted.test(info.name())) {
                tensors.put(info.name(), readData(file, channel, header.dataStart(), info));
            }
        }
        return tensors;
    }

    /**
     * Reads only the header: every tensor's name, dtype, shape and offsets, checked exactly as
     * {@link #read(Path)} checks them (against the file's size too), without loading any numbers. A
     * model calls this to compare names and shapes with its layers before changing any weight.
     *
     * @param file a safetensors file
     * @return name → description, in the order of the tensors' bytes in the file
     * @throws SafeTensorsFormatException if the file is not valid safetensors
     * @throws IOException                if it cannot be read
     */
    public static Map<String, TensorInfo> readHeader(Path file) throws IOException {
        Objects.requireNonNull(file, "SafeTensors.readHeader: file is null");
        try (SeekableByteChannel channel = open(file)) {
            return readHeader(file, channel).tensors();
        }
    }

    /**
     * Reads the {@code __metadata__} notes of {@code file} (an empty map if it has none), after
     * checking the whole header as {@link #readHeader} does.
     *
     * @param file a safetensors file
     * @return key → value, in the order of the header
     * @throws SafeTensorsFormatException if the file is not valid safetensors
     * @throws IOException                if it cannot be read
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        Objects.requireNonNull(file, "SafeTensors.readMetadata: file is null");
        try (SeekableByteChannel channel = open(file)) {
            return readHeader(file, channel).metadata();
        }
    }

    private static SeekableByteChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) { // the JVM would only say "Is a directory"
            throw new java.nio.file.FileSystemException(file.toString(), null,
                    "is a folder, not a safetensors file; give the path of the .safetensors file inside it");
        }
        return Files.newByteChannel(file, StandardOpenOption.READ);
    }

    /** A checked header: tensors in data order, the metadata, and where the data section starts. */
    private record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {
    }

    private static Header readHeader(Path file, SeekableByteChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new SafeTensorsFormatException(file, "the file is " + fileSize + " bytes long, too short for"
                    + " the 8-byte header length that starts every safetensors file");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, channel, lengthField, 0);
        long headerLength = lengthField.getLong(0); // unsigned in the format: compare unsigned
        if (Long.compareUnsigned(headerLength, fileSize - 8) > 0) {
            throw new SafeTensorsFormatException(file, "the header length field says "
                    + Long.toUnsignedString(headerLength) + " bytes but only " + (fileSize - 8)
                    + " bytes follow it; the file is truncated or not a safetensors file");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new SafeTensorsFormatException(file, "the header is " + headerLength
                    + " bytes, more than the " + MAX_HEADER_BYTES + " safetensors allows");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(file, channel, headerBytes, 8);
        headerBytes.flip();
        if (headerLength == 0 || headerBytes.get(0) != '{') {
            throw new SafeTensorsFormatException(file, "the header must be a JSON object starting with '{'"
                    + (headerLength == 0 ? " but is empty" : " but starts with byte 0x"
                    + String.format("%02x", headerBytes.get(0) & 0xff)));
        }
        Object json;
        try {
            json = Json.parse(decodeUtf8(file, headerBytes));
        } catch (Json.SyntaxException e) {
            throw new SafeTensorsFormatException(file, "malformed JSON in the header: " + e.getMessage());
        }
        long dataStart = 8 + headerLength;
        return checkHeader(file, json, fileSize - dataStart, dataStart);
    }

    private static String decodeUtf8(Path file, ByteBuffer bytes) throws SafeTensorsFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            throw new SafeTensorsFormatException(file, "the header is not valid UTF-8 (bad byte at header"
                    + " position " + bytes.position() + ")");
        }
        decoder.flush(chars);
        return chars.flip().toString();
    }

    /** Checks the parsed header entry by entry, then the offsets as a whole against the file. */
    private static Header checkHeader(Path file, Object json, long dataLength, long dataStart)
            throws SafeTensorsFormatException {
        if (!(json instanceof Map<?, ?> top)) {
            throw new SafeTensorsFormatException(file, "the header must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> infos = new ArrayList<>();
        for (Map.Entry<?, ?> entry : top.entrySet()) {
            String name = (String) entry.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = checkMetadata(file, entry.getValue());
            } else {
                infos.add(checkEntry(file, name, entry.getValue()));
            }
        }

        // The data section must be tiled exactly: sorted by position, each tensor starts where
        // the previous one ended, and the last one ends at the end of the file.
        List<TensorInfo> byPosition = new ArrayList<>(infos);
        byPosition.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        TensorInfo previous = null;
        for (TensorInfo info : byPosition) {
            if (info.begin() < expected) {
                throw new SafeTensorsFormatException(file, quote(info.name()) + " data_offsets ["
                        + info.begin() + ", " + info.end() + "] overlap those of " + quote(previous.name())
                        + " [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (info.begin() > expected) {
                throw new SafeTensorsFormatException(file, "bytes [" + expected + ", " + info.begin()
                        + ") of the data section belong to no tensor (before " + quote(info.name())
                        + "); data_offsets must follow each other without gaps");
            }
            expected = info.end();
            previous = info;
        }
        if (expected > dataLength) {
            throw new SafeTensorsFormatException(file, quote(previous.name()) + " data_offsets ["
                    + previous.begin() + ", " + previous.end() + "] reach past the end of the data section,"
                    + " which holds only " + dataLength + " bytes; the file is truncated");
        }
        if (expected < dataLength) {
            throw new SafeTensorsFormatException(file, "the data section holds " + dataLength
                    + " bytes but the tensors cover only " + expected + "; " + (dataLength - expected)
                    + " trailing bytes belong to no tensor");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (TensorInfo info : byPosition) {
            tensors.put(info.name(), info);
        }
        return new Header(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), dataStart);
    }

    private static Map<String, String> checkMetadata(Path file, Object value) throws SafeTensorsFormatException {
        if (!(value instanceof Map<?, ?> notes)) {
            throw new SafeTensorsFormatException(file, "\"" + METADATA_KEY + "\" must be an object of strings"
                    + " but is " + kind(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> note : notes.entrySet()) {
            if (!(note.getValue() instanceof String text)) {
                throw new SafeTensorsFormatException(file, "\"" + METADATA_KEY + "\" must map strings to"
                        + " strings but " + quote((String) note.getKey()) + " is " + kind(note.getValue()));
            }
            metadata.put((String) note.getKey(), text);
        }
        return metadata;
    }

    private static TensorInfo checkEntry(Path file, String name, Object value) throws SafeTensorsFormatException {
        String where = quote(name) + ": ";
        if (!(value instanceof Map<?, ?> fields)) {
            throw new SafeTensorsFormatException(file, where + "expected an object with dtype, shape and"
                    + " data_offsets but found " + kind(value));
        }
        for (String required : List.of("dtype", "shape", "data_offsets")) {
            if (!fields.containsKey(required)) {
                throw new SafeTensorsFormatException(file, where + "the entry has no \"" + required + "\"");
            }
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsFormatException(file, where + "\"dtype\" must be a string like \"F32\" but is "
                    + kind(fields.get("dtype")));
        }
        DType dtype = readDtype(file, where, dtypeName);

        List<Long> shapeList = integers(file, where, "shape", fields.get("shape"));
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            long size = shapeList.get(d);
            if (size < 0) {
                throw new SafeTensorsFormatException(file, where + "shape " + shapeList + " has a negative size");
            }
            if (size > Integer.MAX_VALUE || (numel *= size) > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(file, where + "shape " + shapeList + " has more elements"
                        + " than a gradbook tensor can hold (" + Integer.MAX_VALUE + ")");
            }
            shape[d] = (int) size;
        }

        List<Long> offsets = integers(file, where, "data_offsets", fields.get("data_offsets"));
        if (offsets.size() != 2) {
            throw new SafeTensorsFormatException(file, where + "\"data_offsets\" must be [begin, end] but is "
                    + offsets);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (begin < 0 || end < begin) {
            throw new SafeTensorsFormatException(file, where + "data_offsets " + offsets + " are out of range;"
                    + " they must satisfy 0 <= begin <= end");
        }
        long needed = numel * dtype.bytes();
        if (end - begin != needed) {
            throw new SafeTensorsFormatException(file, where + "shape " + Arrays.toString(shape) + " " + dtype
                    + " needs " + needed + " bytes but data_offsets span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static DType readDtype(Path file, String where, String name) throws SafeTensorsFormatException {
        return switch (name) {
            case "F64" -> DType.F64;
            case "F32" -> DType.F32;
            default -> throw new SafeTensorsFormatException(file, where + (OTHER_KNOWN_DTYPES.contains(name)
                    ? "dtype \"" + name + "\" is valid safetensors but gradbook reads only F64 and F32;"
                    + " convert the tensor (in PyTorch: t.float()) before saving"
                    : "unknown dtype " + quote(name) + "; gradbook reads F64 and F32"));
        };
    }

    private static List<Long> integers(Path file, String where, String field, Object value)
            throws SafeTensorsFormatException {
        if (value instanceof List<?> items) {
            List<Long> numbers = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof Long number)) {
                    throw new SafeTensorsFormatException(file, where + "\"" + field
                            + "\" must be an array of integers but holds " + kind(item));
                }
                numbers.add(number);
            }
            return numbers;
        }
        throw new SafeTensorsFormatException(file, where + "\"" + field + "\" must be an array of integers but is "
                + kind(value));
    }

    /** The tensor's bytes, copied chunk by chunk into fresh storage of the file's dtype. */
    private static Tensor readData(Path file, SeekableByteChannel channel, long dataStart, TensorInfo info)
            throws IOException {
        Tensor tensor = Tensor.zeros(info.dtype(), info.shape());
        // A fresh zeros tensor is contiguous with offset 0: storage position i is element i.
        Storage storage = tensor.view().storage();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int elementBytes = info.dtype().bytes();
        long position = dataStart + info.begin();
        int index = 0;
        int count = (int) info.numel();
        while (index < count) {
            int elements = Math.min(count - index, CHUNK_BYTES / elementBytes);
            chunk.clear().limit(elements * elementBytes);
            readFully(file, channel, chunk, position);
            chunk.flip();
            for (int i = 0; i < elements; i++) {
                storage.set(index++, info.dtype() == DType.F64 ? chunk.getDouble() : chunk.getFloat());
            }
            position += (long) elements * elementBytes;
        }
        return tensor;
    }

    /** Fills {@code buffer} from {@code position}; the file was measured, so an early end means it shrank. */
    private static void readFully(Path file, SeekableByteChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new SafeTensorsFormatException(file, "the file ended at byte " + channel.position()
                        + " while reading it; it is truncated (or was changed while being read)");
            }
        }
    }

    /** How a JSON value is described in errors: "an object", "a string", "the integer 7", ... */
    private static String kind(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string " + quote(s);
        }
        return "the integer " + value;
    }

    /** {@code name} in double quotes with JSON escapes, as error messages show tensor names. */
    static String quote(String name) {
        StringBuilder sb = new StringBuilder();
        Json.appendString(sb, name);
        return sb.toString();
    }
}
