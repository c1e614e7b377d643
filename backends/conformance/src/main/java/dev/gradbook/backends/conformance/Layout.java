package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.spi.View;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The ways a tensor's numbers can be arranged in storage, each one a trap for a backend that
 * assumes too much. The kit builds every operand in each of these layouts, so a backend that
 * forgets an offset, assumes stride 1, or reads a broadcast dim as if it were real data gives a
 * different answer from the reference and fails.
 *
 * <p>A layout turns a logical shape into a {@link Placement}: how big the storage must be, and the
 * strides and offset of the view onto it. The storage is then filled with random numbers
 * <em>everywhere</em>, including the positions the view does not show, so that reading outside the
 * view is caught too.
 */
public enum Layout {
    /** Row-major and starting at position 0: what a freshly allocated tensor looks like. */
    CONTIGUOUS("contiguous", true),
    /**
     * The last two dims swapped in memory ({@code x.transpose(-2, -1)}): how the engine passes
     * {@code Bᵀ} to matmul in a backward pass. Rank 0 and 1 are laid out as {@link #CONTIGUOUS}.
     */
    TRANSPOSED("last two dims transposed", true),
    /** All dims in reverse memory order (NumPy's {@code .T} for any rank). */
    REVERSED("all dims reversed", true),
    /**
     * A window into a larger row-major tensor ({@code x.narrow(...)} on every dim): rows are not
     * adjacent and the first element is not at position 0.
     */
    NARROWED("window with an offset inside a larger tensor", true),
    /**
     * Some dims (a seeded random, non-empty choice) have stride 0, as after {@code expand}: every
     * index along them reads the same numbers. Never used for outputs.
     */
    BROADCAST("stride 0 along some dims", false),
    /** A transposed window with an offset: {@link #TRANSPOSED} and {@link #NARROWED} at once. */
    TRANSPOSED_WINDOW("transposed window with an offset", true);

    private final String description;
    private final boolean writable;

    Layout(String description, boolean writable) {
        this.description = description;
        this.writable = writable;
    }

    /** What the layout looks like, for test names. */
    public String description() {
        return description;
    }

    /**
     * Whether a view in this layout may be written to: every element has its own storage
     * position. A broadcast view is read-only, because writing it would store many results into
     * one position.
     */
    public boolean writable() {
        return writable;
    }

    /**
     * Where a view of {@code shape} lives in this layout.
     *
     * @param storageSize how many elements the storage must have
     * @param strides the view's strides
     * @param offset the view's offset
     */
    public record Placement(int storageSize, int[] strides, int offset) {

        /** Checks that no component is null (the null policy of {@code dev.gradbook.autograd}). */
        public Placement {
            Objects.requireNonNull(strides, "Layout.Placement: strides is null");
        }

        @Override
        public String toString() {
            return "strides " + Arrays.toString(strides) + ", offset " + offset + ", storage " + storageSize;
        }
    }

    /**
     * Places a view of {@code shape} in this layout. Random choices (padding, which dims to
     * broadcast) come from {@code rng}, so a seed reproduces the placement.
     */
    public Placement place(int[] shape, RandomGenerator rng) {
        Objects.requireNonNull(shape, "Layout.place: shape is null");
        Objects.requireNonNull(rng, "Layout.place: rng is null");
        int rank = shape.length;
        switch (this) {
            case CONTIGUOUS:
                return new Placement(View.numel(shape), View.contiguousStrides(shape), 0);
            case TRANSPOSED:
                return permuted(shape, transposedOrder(rank), new int[rank], new int[rank]);
            case REVERSED:
                return permuted(shape, reversedOrder(rank), new int[rank], new int[rank]);
            case NARROWED:
                return windowed(shape, identityOrder(rank), rng);
            case TRANSPOSED_WINDOW:
                return windowed(shape, transposedOrder(rank), rng);
            case BROADCAST:
                return broadcast(shape, rng);
            default:
                throw new AssertionError(this);
        }
    }

    /** A window of {@code shape} inside a parent that is 1 to 3 larger in every dim. */
    private static Placement windowed(int[] shape, int[] order, RandomGenerator rng) {
        int rank = shape.length;
        int[] padding = new int[rank];
        int[] start = new int[rank];
        for (int d = 0; d < rank; d++) {
            padding[d] = 1 + rng.nextInt(3);
            start[d] = rng.nextInt(padding[d] + 1);
        }
        if (rank == 0) {
            // A scalar "window": one element somewhere after the start of a longer storage.
            int before = 1 + rng.nextInt(3);
            return new Placement(before + 1 + rng.nextInt(3), new int[0], before);
        }
        return permuted(shape, order, padding, start);
    }

    /**
     * Lays out a parent of size {@code shape[d] + padding[d]} with its dims in memory in
     * {@code order} (outermost first), and views the window that starts at {@code start}.
     */
    private static Placement permuted(int[] shape, int[] order, int[] padding, int[] start) {
        int rank = shape.length;
        int[] physicalShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            physicalShape[i] = shape[order[i]] + padding[order[i]];
        }
        int[] physicalStrides = View.contiguousStrides(physicalShape);
        int[] strides = new int[rank];
        int offset = 0;
        for (int i = 0; i < rank; i++) {
            strides[order[i]] = physicalStrides[i];
            offset += start[order[i]] * physicalStrides[i];
        }
        return new Placement(View.numel(physicalShape), strides, offset);
    }

    private static Placement broadcast(int[] shape, RandomGenerator rng) {
        int rank = shape.length;
        if (rank == 0) {
            return CONTIGUOUS.place(shape, rng);
        }
        boolean[] broadcast = new boolean[rank];
        broadcast[rng.nextInt(rank)] = true; // at least one
        for (int d = 0; d < rank; d++) {
            broadcast[d] |= rng.nextBoolean();
        }
        int[] stored = shape.clone();
        for (int d = 0; d < rank; d++) {
            if (broadcast[d]) {
                stored[d] = 1;
            }
        }
        int[] strides = View.contiguousStrides(stored);
        for (int d = 0; d < rank; d++) {
            if (broadcast[d]) {
                strides[d] = 0;
            }
        }
        return new Placement(View.numel(stored), strides, 0);
    }

    private static int[] identityOrder(int rank) {
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = i;
        }
        return order;
    }

    private static int[] transposedOrder(int rank) {
        int[] order = identityOrder(rank);
        if (rank >= 2) {
            order[rank - 2] = rank - 1;
            order[rank - 1] = rank - 2;
        }
        return order;
    }

    private static int[] reversedOrder(int rank) {
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = rank - 1 - i;
        }
        return order;
    }
}
