package dev.gradbook.backends.simd;

/**
 * How one {@code m×k · k×n} product is cut into pieces, the same for both element types.
 *
 * <p>The vocabulary is the classic one of fast matrix multiplication (Goto and van de Geijn,
 * "Anatomy of high-performance matrix multiplication", 2008):
 * <ul>
 *   <li>A <b>micro-tile</b> is {@code MR × nr} numbers of the result {@code C}, small enough to be
 *       held in vector registers for the whole inner loop; the micro-kernel computes one.</li>
 *   <li>A <b>panel</b> of {@code B} is {@code nr} of its columns, copied ("packed") so that the
 *       kernel reads them strictly in order. Packing also absorbs any layout — transposed, sliced,
 *       broadcast — and pads the last, partial panel with zeros so the kernel never needs a special
 *       case. {@code A} is read in place, {@code MR} rows at a time (see {@link MatmulF32}).</li>
 *   <li>The depth {@code k} is walked in <b>k-blocks</b> of {@link #KC}, so the piece of a
 *       {@code B} panel the kernel is using ({@code KC × nr} numbers) stays in the L1 cache while
 *       the kernel runs over many {@code A} panels.</li>
 *   <li>A <b>block</b> of {@code C} — {@link #ROW_PANELS_PER_BLOCK} by
 *       {@link #COL_PANELS_PER_BLOCK} micro-tiles — is one parallel task.</li>
 * </ul>
 *
 * <p>The cut depends on the problem size only, never on the number of threads. Better still,
 * every element of {@code C} is computed the same way whatever the cut: it starts at 0 and
 * receives one fused multiply-add per {@code p = 0, 1, ..., k-1} in that order. So neither the
 * blocking, nor the thread count, nor the scheduling can change a single bit of the result.
 */
final class MatmulPlan {
    /** Rows of {@code C} per micro-tile (the micro-kernels are written out for exactly 4). */
    static final int MR = 4;
    /** Depth of one k-block. */
    static final int KC = 256;
    /** Micro-tiles per parallel block, down and across. */
    static final int ROW_PANELS_PER_BLOCK = 16;
    static final int COL_PANELS_PER_BLOCK = 8;
    /** Products with at most this many multiply-adds skip packing and run plain fma loops. */
    static final long SMALL_MACS = 4096;
    /**
     * Products with at least this many multiply-adds are worth splitting over threads: about
     * 0.05 ms of work for one core, against the ~50 µs it takes to wake a sleeping pool thread
     * (measured here; a spinning one answers within microseconds, see {@link WorkerPool}).
     */
    static final long PARALLEL_MACS = 1L << 22;

    final int m;
    final int n;
    final int k;
    final int nr;
    final int rowPanels;
    final int colPanels;
    final int rowBlocks;
    final int colBlocks;

    /** The plan for an {@code m×k · k×n} product whose micro-tiles are {@code MR × nr}. */
    MatmulPlan(int m, int n, int k, int nr) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.nr = nr;
        this.rowPanels = ceilDiv(m, MR);
        this.colPanels = ceilDiv(n, nr);
        this.rowBlocks = ceilDiv(rowPanels, ROW_PANELS_PER_BLOCK);
        this.colBlocks = ceilDiv(colPanels, COL_PANELS_PER_BLOCK);
    }

    /** Elements of packed {@code B}: every panel, {@code k × nr} each. */
    int packedBSize() {
        return Math.multiplyExact(Math.multiplyExact(colPanels, k), nr);
    }

    /** Compute tasks: one per block of {@code C}. */
    int blocks() {
        return rowBlocks * colBlocks;
    }

    /** First micro-tile row (group of {@code MR} rows) of row block {@code rowBlock}. */
    int firstRowPanel(int rowBlock) {
        return rowBlock * ROW_PANELS_PER_BLOCK;
    }

    /** One past the last micro-tile row of row block {@code rowBlock}. */
    int endRowPanel(int rowBlock) {
        return Math.min(rowPanels, (rowBlock + 1) * ROW_PANELS_PER_BLOCK);
    }

    /** First B panel (micro-tile column) of column block {@code colBlock}. */
    int firstColPanel(int colBlock) {
        return colBlock * COL_PANELS_PER_BLOCK;
    }

    /** One past the last B panel of column block {@code colBlock}. */
    int endColPanel(int colBlock) {
        return Math.min(colPanels, (colBlock + 1) * COL_PANELS_PER_BLOCK);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
