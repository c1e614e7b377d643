package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.DoubleStorage;
import dev.gradbook.autograd.spi.FloatStorage;
import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.TensorBackend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hands the arrays of one training step to the next step, so that a step's tensors are written
 * into memory that is still in the cache instead of into fresh memory.
 *
 * <p><b>Why.</b> Every operation returns a new tensor, and a new Java array is zeroed and placed
 * in memory the JVM last used one garbage collection ago, long gone from the caches. A training
 * step of the seed model allocates about 9 MB that way, and writing it out to main memory costs
 * about a fifth of the step (measured in {@code docs/benchmarks.md}). But one step is much like
 * the next: the same operations on the same shapes, in the same order. So the {@code i}-th
 * array a step asks for can be the {@code i}-th array of the step before, which nobody uses any
 * more and which is still warm.
 *
 * <p><b>How.</b> Between {@link #begin()} and {@link #end()}, the engine's one place of
 * allocation ({@code Tensor.allocate}) asks these buffers first. The {@code i}-th request gets the
 * storage of the previous step's {@code i}-th request if that has the same dtype, size and
 * backend, and a new one otherwise; either way the storage is noted for the next step. A handed-on
 * array still holds the old step's numbers. Most requests are for the output of a backend
 * primitive, which overwrites every element (the SPI's contract, which the conformance kit
 * checks by filling outputs with NaN first), so the old numbers are left as they are. A request
 * for zeros (a gradient that slices add into, {@code Tensor.zeros}) gets the array filled with
 * zeros again. Not zeroing the outputs made the seed's training step about 8 % faster. Only what a step computes is
 * noted: tensors made while the graph is recorded (the forward pass, the loss, the metrics) and
 * during {@code backward()}. What is made inside {@link GradMode#noGrad()} outside a backward
 * pass, such as an optimizer's state, is left alone, because it lives on.
 *
 * <p><b>The promise it relies on.</b> No tensor computed during one step is used after the next
 * step has begun. The trainer keeps it for the built-in layers, losses, metrics and optimizers,
 * whose results are spent by the end of a step (the loss and the metrics leave it as plain
 * numbers, the gradients are dropped by {@code zeroGrad()}). A layer of your own that keeps a
 * tensor from its forward pass in a field, to look at later, breaks it: that tensor's array is
 * handed to the next step and overwritten. So the trainer uses the buffers only when asked
 * ({@code FitOptions.reuseStepBuffers(true)}, or {@code -Dgradbook.reuseStepBuffers=true}), and the
 * first step of a {@code fit} is never noted, so that state a layer or optimizer creates on its
 * first use is never handed on.
 *
 * <p>PyTorch gets the same effect from its allocator: C's {@code malloc} returns a block that was
 * freed a moment ago. The buffers only serve the thread that opened the step.
 */
public final class StepBuffers {
    /** The buffers with a step open on each thread, if any. */
    private static final ThreadLocal<StepBuffers> OPEN = new ThreadLocal<>();
    /** Whether this thread is inside {@code Tensor.backward}, whose work is noted although grad is off. */
    private static final ThreadLocal<int[]> BACKWARD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /** An array handed out in a step, and the backend it was handed to. */
    private record Handed(Storage storage, TensorBackend backend) {
    }

    private List<Handed> lastStep = List.of();
    private List<Handed> thisStep = new ArrayList<>();
    private int next;

    /**
     * Opens a step on the calling thread: its allocations take the previous step's arrays.
     *
     * @throws IllegalStateException if a step of other buffers is open on this thread
     */
    public void begin() {
        StepBuffers open = OPEN.get();
        if (open != null && open != this) {
            throw new IllegalStateException("StepBuffers.begin: a step of other buffers is open on this thread;"
                    + " end it first (one training loop per thread)");
        }
        OPEN.set(this);
        thisStep = new ArrayList<>(lastStep.size());
        next = 0;
    }

    /** Closes the step: the arrays it used are the ones the next step will be handed. */
    public void end() {
        if (OPEN.get() != this) {
            throw new IllegalStateException("StepBuffers.end: no step of these buffers is open on this thread;"
                    + " call begin() first");
        }
        OPEN.remove();
        lastStep = thisStep;
        thisStep = new ArrayList<>();
    }

    /**
     * Forgets every array, and closes the step if one is open on this thread: after an error in
     * the middle of a step, or when training is over, so that nothing more is handed on.
     */
    public void release() {
        if (OPEN.get() == this) {
            OPEN.remove();
        }
        lastStep = List.of();
        thisStep = new ArrayList<>();
    }

    /** How many arrays the last closed step used, which the next one may be handed. */
    public int arraysKept() {
        return lastStep.size();
    }

    /**
     * Storage for a new tensor of {@code size} elements: the previous step's array at this
     * position when a step is open and it fits, otherwise {@code backend.allocate} (which is always
     * zeroed). A handed-on array is zeroed again only if {@code zeros} is true; otherwise it holds
     * the previous step's numbers, for a caller that overwrites every element. Called by
     * {@code Tensor.allocate} only.
     */
    static Storage allocate(TensorBackend backend, DType dtype, int size, boolean zeros) {
        StepBuffers open = OPEN.get();
        if (open == null || !(GradMode.isEnabled() || BACKWARD_DEPTH.get()[0] > 0)) {
            return backend.allocate(dtype, size);
        }
        return open.handOut(backend, dtype, size, zeros);
    }

    private Storage handOut(TensorBackend backend, DType dtype, int size, boolean zeros) {
        Storage storage = null;
        if (next < lastStep.size()) {
            Handed old = lastStep.get(next);
            Storage array = old.storage();
            if (old.backend() == backend && array.dtype() == dtype && array.size() == size
                    && (!zeros || zeroed(array))) {
                storage = array;
            }
        }
        next++;
        if (storage == null) {
            storage = backend.allocate(dtype, size);
        }
        thisStep.add(new Handed(storage, backend));
        return storage;
    }

    /** Zeroes a storage of the two standard kinds; any other kind (a backend's own) is not reused. */
    private static boolean zeroed(Storage storage) {
        if (storage instanceof FloatStorage floats) {
            Arrays.fill(floats.data(), 0f);
            return true;
        }
        if (storage instanceof DoubleStorage doubles) {
            Arrays.fill(doubles.data(), 0.0);
            return true;
        }
        return false;
    }

    /** Marks the calling thread as inside a backward pass until the scope closes. */
    static Scope backwardPass() {
        int[] depth = BACKWARD_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }
}
