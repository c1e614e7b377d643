package dev.gradbook.layers.io;

import dev.gradbook.autograd.DType;
import dev.gradbook.autograd.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("SafeTensors.read(file, names): only the wanted tensors' bytes are read")
@Timeout(60)
class SelectiveReadTest {

    @TempDir
    Path dir;

    /** Passes every call on to {@code inner} and records the file ranges that reads touched. */
    private static final class CountingChannel implements SeekableByteChannel {
        private final SeekableByteChannel inner;
        final List<long[]> ranges = new ArrayList<>();
        long bytesRead;

        CountingChannel(SeekableByteChannel inner) {
            this.inner = inner;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            long from = inner.position();
            int n = inner.read(dst);
            if (n > 0) {
                ranges.add(new long[] {from, from + n});
                bytesRead += n;
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return inner.write(src);
        }

        @Override
        public long position() throws IOException {
            return inner.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            inner.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            inner.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    private static Map<String, Tensor> weights() {
        SplittableRandom random = new SplittableRandom(12);
        Map<String, Tensor> w = new LinkedHashMap<>();
        w.put("dense/kernel", Tensor.randn(random, 6, 4));
        w.put("dense/bias", Tensor.randn(random, 4));
        w.put("dense_1/kernel", Tensor.randn(random, 4, 3).to(DType.F32));
        w.put("dense_1/bias", Tensor.randn(random, 3).to(DType.F32));
        return w;
    }

    @Test
    @DisplayName("a file declaring two 7 GiB extras: the header and the four small tensors are all that is read")
    void sparseFile() throws IOException {
        Map<String, Tensor> wanted = weights();
        Path file = dir.resolve("with-extras.safetensors");
        SparseSafeTensors.Layout layout = SparseSafeTensors.write(file, wanted);
        assertTrue(Files.size(file) > 14L << 30, "the file claims more than 14 GiB: " + Files.size(file));

        Map<String, Tensor> loaded;
        CountingChannel counting;
        try (CountingChannel channel = new CountingChannel(Files.newByteChannel(file, StandardOpenOption.READ))) {
            counting = channel;
            loaded = SafeTensors.read(file, channel, wanted.keySet()::contains);
        }

        assertEquals(List.copyOf(wanted.keySet()), List.copyOf(loaded.keySet()));
        for (String name : wanted.keySet()) {
            assertEquals(wanted.get(name).dtype(), loaded.get(name).dtype(), name);
            assertArrayEquals(wanted.get(name).toDoubleArray(), loaded.get(name).toDoubleArray(), 0.0, name);
        }
        assertEquals(layout.neededBytes(), counting.bytesRead,
                "exactly the length field, the header and the wanted tensors are read");
        for (long[] range : counting.ranges) {
            boolean inHeader = range[1] <= layout.headerEnd();
            boolean inWanted = layout.ranges().values().stream().anyMatch(r -> r[0] <= range[0] && range[1] <= r[1]);
            assertTrue(inHeader || inWanted, "a read of bytes [" + range[0] + ", " + range[1]
                    + ") touched neither the header nor a wanted tensor");
        }
    }

    @Test
    @DisplayName("the public read(file, names) gives the wanted tensors; names the file lacks are simply absent")
    void publicApi() throws IOException {
        Path file = dir.resolve("with-extras.safetensors");
        SparseSafeTensors.write(file, weights());
        Map<String, Tensor> loaded = SafeTensors.read(file, Set.of("dense/bias", "no/such"));
        assertEquals(Set.of("dense/bias"), loaded.keySet());
        assertArrayEquals(weights().get("dense/bias").toDoubleArray(), loaded.get("dense/bias").toDoubleArray(), 0.0);
        // The header still describes the extras: they were checked, only not read.
        Map<String, TensorInfo> header = SafeTensors.readHeader(file);
        assertEquals(4L * SparseSafeTensors.HUGE_ELEMENTS, header.get(SparseSafeTensors.HUGE_NAME_MIDDLE).byteLength());
        assertEquals(4L * SparseSafeTensors.HUGE_ELEMENTS, header.get(SparseSafeTensors.HUGE_NAME_END).byteLength());
    }

    @Test
    @DisplayName("an ordinary file: a subset equals the same tensors of a full read")
    void subsetOfOrdinaryFile() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, weights());
        Map<String, Tensor> all = SafeTensors.read(file);
        Map<String, Tensor> some = SafeTensors.read(file, Set.of("dense_1/kernel", "dense/kernel"));
        assertEquals(List.of("dense/kernel", "dense_1/kernel"), List.copyOf(some.keySet()), "file order");
        for (String name : some.keySet()) {
            assertArrayEquals(all.get(name).toDoubleArray(), some.get(name).toDoubleArray(), 0.0, name);
        }
        assertEquals(Map.of(), SafeTensors.read(file, Set.of()));
    }

    @Test
    @DisplayName("a broken header fails the same way whichever tensors are asked for")
    void brokenHeaderStillChecked() throws IOException {
        Path file = dir.resolve("truncated.safetensors");
        SafeTensors.write(file, weights());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4)); // cuts dense_1/bias
        SafeTensorsFormatException e = org.junit.jupiter.api.Assertions.assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(file, Set.of("dense/bias")));
        assertTrue(e.getMessage().contains("\"dense_1/bias\"") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
