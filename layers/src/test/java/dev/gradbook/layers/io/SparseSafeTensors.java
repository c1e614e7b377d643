package dev.gradbook.layers.io;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a safetensors file that declares huge extra tensors without writing them: their bytes are
 * holes of a sparse file, so a "7 GiB" file costs a few kilobytes of disk. The layout, in data
 * order: the first half of the given tensors, an extra {@value #HUGE_NAME_MIDDLE} of
 * {@link #HUGE_ELEMENTS} F32 elements, the rest of the given tensors, and an extra
 * {@value #HUGE_NAME_END} of the same size whose hole is made with
 * {@link RandomAccessFile#setLength}. A reader that touches the extras reads gigabytes of zeros;
 * one that reads only what it needs reads the header and the given tensors.
 *
 * <p>Written byte by byte here, independently of {@link SafeTensors#write}, so that the reader is
 * tested against the format itself.
 */
public final class SparseSafeTensors {

    /** 7 GiB of F32: more elements than any heap of these tests could hold, fewer than 2^31. */
    public static final int HUGE_ELEMENTS = 1_879_048_192;
    /** The extra tensor that lies between the wanted ones. */
    public static final String HUGE_NAME_MIDDLE = "optimizer/huge_state";
    /** The extra tensor that ends the file. */
    public static final String HUGE_NAME_END = "embedding/unused";

    /** What was written: the byte ranges (absolute file positions) of the given tensors. */
    public record Layout(long headerEnd, long fileSize, Map<String, long[]> ranges) {
        /** Bytes a reader must read to load the given tensors: length field, header, their data. */
        public long neededBytes() {
            long total = headerEnd;
            for (long[] range : ranges.values()) {
                total += range[1] - range[0];
            }
            return total;
        }
    }

    private SparseSafeTensors() {
    }

    /** Writes {@code tensors} (F64 or F32) and the two huge extras to {@code file}. */
    public static Layout write(Path file, Map<String, Tensor> tensors) throws IOException {
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.entrySet());
        int half = entries.size() / 2;
        long hugeBytes = (long) HUGE_ELEMENTS * 4;

        // The header: every entry with its offsets, in data order.
        StringBuilder json = new StringBuilder("{");
        Map<String, long[]> relative = new LinkedHashMap<>();
        long offset = 0;
        for (int i = 0; i <= entries.size(); i++) {
            if (i == half) {
                json.append(entry(HUGE_NAME_MIDDLE, "F32", HUGE_ELEMENTS, offset, offset + hugeBytes)).append(',');
                offset += hugeBytes;
            }
            if (i == entries.size()) {
                break;
            }
            Tensor t = entries.get(i).getValue();
            long bytes = (long) t.numel() * t.dtype().bytes();
            json.append(entry(entries.get(i).getKey(), t.dtype().name(), t.shape(), offset, offset + bytes)).append(',');
            relative.put(entries.get(i).getKey(), new long[] {offset, offset + bytes});
            offset += bytes;
        }
        json.append(entry(HUGE_NAME_END, "F32", HUGE_ELEMENTS, offset, offset + hugeBytes)).append('}');
        offset += hugeBytes;
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + header.length;

        Map<String, long[]> absolute = new LinkedHashMap<>();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            FileChannel channel = raf.getChannel();
            ByteBuffer start = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            start.putLong(header.length).put(header).flip();
            channel.write(start, 0);
            for (Map.Entry<String, Tensor> e : entries) {
                long[] range = relative.get(e.getKey());
                // Writing past the end leaves a hole for the skipped extra: nothing is stored there.
                channel.write(data(e.getValue()), dataStart + range[0]);
                absolute.put(e.getKey(), new long[] {dataStart + range[0], dataStart + range[1]});
            }
            raf.setLength(dataStart + offset); // the last extra: a hole up to the declared end
        }
        return new Layout(dataStart, dataStart + offset, absolute);
    }

    private static String entry(String name, String dtype, long elements, long begin, long end) {
        return entry(name, dtype, "[" + elements + "]", begin, end);
    }

    private static String entry(String name, String dtype, int[] shape, long begin, long end) {
        StringBuilder dims = new StringBuilder("[");
        for (int d = 0; d < shape.length; d++) {
            dims.append(d == 0 ? "" : ",").append(shape[d]);
        }
        return entry(name, dtype, dims.append(']').toString(), begin, end);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private static ByteBuffer data(Tensor tensor) {
        double[] values = tensor.toDoubleArray();
        boolean f64 = tensor.dtype() == DType.F64;
        ByteBuffer b = ByteBuffer.allocate(values.length * (f64 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (f64) {
                b.putDouble(v);
            } else {
                b.putFloat((float) v);
            }
        }
        return b.flip();
    }
}
