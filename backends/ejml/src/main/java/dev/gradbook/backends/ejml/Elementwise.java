package dev.gradbook.backends.ejml;

import dev.gradbook.autograd.spi.BinaryOp;
import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.FloatStorage;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.UnaryOp;
import dev.gradbook.autograd.spi.View;

import java.util.Arrays;

/**
 * map, zip, copy and fill over any views, in runs (see {@link Runs}) and chunks.
 *
 * <p>The element-wise kernels want consecutive doubles. An F64 operand whose run has step 1 is
 * handed to them as it is — no copy. Any other operand (a transposed or broadcast run, or F32
 * numbers) is first gathered, chunk by chunk, into a small double buffer; results bound for such
 * a place are written to a buffer and scattered (and rounded to float) afterwards. The buffers
 * hold {@value #CHUNK} numbers, few enough to stay in the L1 cache, and are allocated once per
 * call, never per element or per run.
 */
final class Elementwise {
    /** Numbers per chunk: 8 KiB of doubles, so a chunk and its result stay in the L1 cache. */
    static final int CHUNK = 1024;

    private Elementwise() {
    }

    static void map(UnaryOp op, View in, View out) {
        Runs runs = new Runs(in, out);
        int length = runs.length();
        Reader x = new Reader(in.storage(), length);
        Writer y = new Writer(out.storage(), length);
        while (runs.next()) {
            for (int done = 0; done < length; done += CHUNK) {
                int n = Math.min(CHUNK, length - done);
                x.load(runs.start(0) + done * runs.step(0), runs.step(0), n);
                y.prepare(runs.start(1) + done * runs.step(1), runs.step(1));
                ElementwiseKernels.map(op, x.array, x.offset, y.array, y.offset, n);
                y.commit(n);
            }
        }
    }

    static void zip(BinaryOp op, View a, View b, View out) {
        Runs runs = new Runs(a, b, out);
        int length = runs.length();
        Reader x = new Reader(a.storage(), length);
        Reader z = new Reader(b.storage(), length);
        Writer y = new Writer(out.storage(), length);
        while (runs.next()) {
            for (int done = 0; done < length; done += CHUNK) {
                int n = Math.min(CHUNK, length - done);
                x.load(runs.start(0) + done * runs.step(0), runs.step(0), n);
                z.load(runs.start(1) + done * runs.step(1), runs.step(1), n);
                y.prepare(runs.start(2) + done * runs.step(2), runs.step(2));
                ElementwiseKernels.zip(op, x.array, x.offset, z.array, z.offset, y.array, y.offset, n);
                y.commit(n);
            }
        }
    }

    /** Copies between views of one dtype: nothing to compute, so no widening either. */
    static void copy(View in, View out) {
        Runs runs = new Runs(in, out);
        int n = runs.length();
        double[] x64 = f64(in.storage());
        double[] y64 = f64(out.storage());
        float[] x32 = f32(in.storage());
        float[] y32 = f32(out.storage());
        while (runs.next()) {
            int x = runs.start(0);
            int y = runs.start(1);
            int xs = runs.step(0);
            int ys = runs.step(1);
            if (y64 != null && xs == 1 && ys == 1) {
                System.arraycopy(x64, x, y64, y, n);
            } else if (y64 != null) {
                for (int i = 0; i < n; i++) {
                    y64[y + i * ys] = x64[x + i * xs];
                }
            } else if (xs == 1 && ys == 1) {
                System.arraycopy(x32, x, y32, y, n);
            } else {
                for (int i = 0; i < n; i++) {
                    y32[y + i * ys] = x32[x + i * xs];
                }
            }
        }
    }

    static void fill(View out, double value) {
        Runs runs = new Runs(out);
        int n = runs.length();
        double[] y64 = f64(out.storage());
        float[] y32 = f32(out.storage());
        float single = (float) value;
        while (runs.next()) {
            int y = runs.start(0);
            int ys = runs.step(0);
            if (y64 != null && ys == 1) {
                Arrays.fill(y64, y, y + n, value);
            } else if (y64 != null) {
                for (int i = 0; i < n; i++) {
                    y64[y + i * ys] = value;
                }
            } else if (ys == 1) {
                Arrays.fill(y32, y, y + n, single);
            } else {
                for (int i = 0; i < n; i++) {
                    y32[y + i * ys] = single;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Raw arrays
    // ------------------------------------------------------------------------------------------

    /** The double[] behind an F64 storage, or null for an F32 one. */
    static double[] f64(Storage storage) {
        if (storage instanceof DoubleStorage) {
            return ((DoubleStorage) storage).data();
        }
        requireOwn(storage);
        return null;
    }

    /** The float[] behind an F32 storage, or null for an F64 one. */
    static float[] f32(Storage storage) {
        if (storage instanceof FloatStorage) {
            return ((FloatStorage) storage).data();
        }
        requireOwn(storage);
        return null;
    }

    private static void requireOwn(Storage storage) {
        if (!(storage instanceof DoubleStorage) && !(storage instanceof FloatStorage)) {
            throw new IllegalArgumentException("ejml backend: storage of type " + storage.getClass().getName()
                    + " was not allocated by this backend; it works on DoubleStorage and FloatStorage only."
                    + " Create all tensors of one computation under the same backend.");
        }
    }

    /**
     * One input chunk as the kernels read it: {@code array[offset + i]} for {@code i < n}. Points
     * straight into an F64 storage when the run has step 1; otherwise gathers into a buffer.
     */
    private static final class Reader {
        private final double[] f64;
        private final float[] f32;
        private final double[] buffer;
        double[] array;
        int offset;

        Reader(Storage storage, int runLength) {
            f64 = Elementwise.f64(storage);
            f32 = Elementwise.f32(storage);
            buffer = new double[Math.min(CHUNK, runLength)];
        }

        /** Makes the {@code n} elements at {@code start, start + step, ...} readable. */
        void load(int start, int step, int n) {
            if (f64 != null && step == 1) {
                array = f64;
                offset = start;
                return;
            }
            if (f64 != null) {
                for (int i = 0; i < n; i++) {
                    buffer[i] = f64[start + i * step];
                }
            } else if (step == 1) {
                for (int i = 0; i < n; i++) {
                    buffer[i] = f32[start + i]; // widening: a float is exactly a double
                }
            } else {
                for (int i = 0; i < n; i++) {
                    buffer[i] = f32[start + i * step];
                }
            }
            array = buffer;
            offset = 0;
        }
    }

    /**
     * One output chunk as the kernels write it: {@code array[offset + i]}. Points straight into an
     * F64 storage when the run has step 1; otherwise the kernel writes a buffer that
     * {@link #commit} then scatters into the storage, rounding to float for F32.
     */
    private static final class Writer {
        private final double[] f64;
        private final float[] f32;
        private final double[] buffer;
        private int start;
        private int step;
        double[] array;
        int offset;

        Writer(Storage storage, int runLength) {
            f64 = Elementwise.f64(storage);
            f32 = Elementwise.f32(storage);
            buffer = new double[Math.min(CHUNK, runLength)];
        }

        void prepare(int start, int step) {
            this.start = start;
            this.step = step;
            if (f64 != null && step == 1) {
                array = f64;
                offset = start;
            } else {
                array = buffer;
                offset = 0;
            }
        }

        void commit(int n) {
            if (array != buffer) {
                return; // written in place
            }
            if (f64 != null) {
                for (int i = 0; i < n; i++) {
                    f64[start + i * step] = buffer[i];
                }
            } else if (step == 1) {
                for (int i = 0; i < n; i++) {
                    f32[start + i] = (float) buffer[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    f32[start + i * step] = (float) buffer[i];
                }
            }
        }
    }
}
