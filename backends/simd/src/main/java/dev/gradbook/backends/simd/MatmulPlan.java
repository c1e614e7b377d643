package dev.gradbook.backends.simd;

/**
 * How one {@code m×k · k×n} product is cut into pieces, the same for both element types.
 *
 * <p>The vocabulary is the classic one of fast matrix multiplication (Goto and van de Geijn,
 * "Anatomy of high-performance matrix multiplication", 2008):
 * <ul>
 *   <li>A <b>micro-tile</b> is {@code mr × nr} numbers of the result {@code C}, small enough to be
 *       held in vector registers for the whole inner loop; the micro-kernel computes one. Its
 *       height follows from the machine, see {@link #rowsPerTile}.</li>
 *   <li>A <b>panel</b> of {@code B} is {@code nr} of its columns, and a panel of {@code A} is
 *       {@code mr} of its rows, each copied ("packed") so that the kernel reads it strictly in
 *       order. Packing also absorbs any layout — transposed, sliced, broadcast — and pads the last,
 *       partial panel with zeros so the kernel never needs a special case.</li>
 *   <li>The depth {@code k} is walked in <b>k-blocks</b> of {@link #KC}, so the piece of a
 *       {@code B} panel the kernel is using ({@code KC × nr} numbers) stays in the L1 cache while
 *       the kernel runs over many {@code A} panels.</li>
 *   <li>A <b>block</b> of {@code C} — {@link #ROWS_PER_BLOCK} rows by
 *       {@link #COL_PANELS_PER_BLOCK} micro-tiles — is one parallel task. A task packs the
 *       {@code KC × nr} pieces of {@code B} it needs into a small buffer of its own just before
 *       using them, so that they are written to and read from the L1 cache.</li>
 * </ul>
 *
 * <p>The cut depends on the problem size only, never on the number of threads. Better still,
 * every element of {@code C} is computed the same way whatever the cut: it starts at 0 and
 * receives one fused multiply-add per {@code p = 0, 1, ..., k-1} in that order. So neither the
 * blocking, nor the thread count, nor the scheduling can change a single bit of the result.
 */
final class MatmulPlan {
    /** The system property that chooses the micro-tile height by hand: 4 or 8. */
    static final String TILE_ROWS_PROPERTY = "gradbook.simd.tileRows";
    /** Depth of one k-block. */
    static final int KC = 256;
    /** Rows of {@code C} per parallel block (16 tiles of 8 rows, or 32 of 4). */
    static final int ROWS_PER_BLOCK = 128;
    /** Micro-tiles per parallel block, across. */
    static final int COL_PANELS_PER_BLOCK = 8;
    /** Products with at most this many multiply-adds skip packing and run plain fma loops. */
    static final long SMALL_MACS = 4096;
    /**
     * Products with at least this many multiply-adds are worth splitting over threads: about
     * 0.05 ms of work for one core, against the ~50 µs it takes to wake a sleeping pool thread
     * (measured here; a spinning one answers within microseconds, see {@link WorkerPool}).
     */
    static final long PARALLEL_MACS = 1L << 22;
    /**
     * The narrow path (at most two vectors wide) is split over threads from this many
     * multiply-adds, eight times fewer than the general path: it has nothing to pack but a sliver
     * of {@code B}, so its tasks start at once. The 10-class layer's weight gradient
     * {@code [512, 128]ᵀ @ [128, 10]} (655,360 multiply-adds, 8 tasks) went from 25 to 16.5 µs in
     * F32 and from 44 to 29 µs in F64 through the SPI on two threads (AVX-512 code; see
     * {@code docs/benchmarks.md}).
     */
    static final long PARALLEL_NARROW_MACS = 1L << 19;
    /** Rows per task of the narrow path: the seed's 128-row batch makes two. */
    static final int NARROW_ROWS_PER_TASK = 64;

    final int m;
    final int n;
    final int k;
    final int mr;
    final int nr;
    final int rowPanels;
    final int rowPanelsPerBlock;
    final int colPanels;
    final int rowBlocks;
    final int colBlocks;

    /** The plan for an {@code m×k · k×n} product whose micro-tiles are {@code mr × nr}. */
    MatmulPlan(int m, int n, int k, int mr, int nr) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.mr = mr;
        this.nr = nr;
        this.rowPanels = ceilDiv(m, mr);
        this.colPanels = ceilDiv(n, nr);
        this.rowPanelsPerBlock = Math.max(1, ROWS_PER_BLOCK / mr);
        this.rowBlocks = ceilDiv(rowPanels, rowPanelsPerBlock);
        this.colBlocks = ceilDiv(colPanels, COL_PANELS_PER_BLOCK);
    }

    /**
     * Rows of {@code C} per micro-tile on a machine whose preferred vectors have
     * {@code vectorBits} bits, unless {@value #TILE_ROWS_PROPERTY} says otherwise.
     *
     * <p>The tile is {@code rows × 2} vectors, so it takes {@code 2·rows} accumulator registers,
     * plus two for the {@code B} vectors of a step and one for a broadcast {@code A} number. The
     * rule is: accumulators fill half of the vector registers, leaving the other half for those
     * three and for whatever the JIT needs. x86 has 16 vector registers up to AVX2 (256-bit
     * vectors) and 32 with AVX-512, so the tile is 4 rows there and 8 here. Measured on one
     * AVX-512 core (F32, {@code [240, 784] @ [784, 960]}, packed operands, see
     * {@code docs/benchmarks.md}): 4 rows about 125 GFLOP/s, 8 rows about 150, 12 rows between
     * 130 and 158; with AVX2 code ({@code -XX:UseAVX=2}) 4 and 6 rows about 80, 8 rows about 63
     * (registers spill).
     *
     * @param vectorBits the preferred vector size, e.g. {@code S.vectorBitSize()}
     * @param property the value of {@value #TILE_ROWS_PROPERTY}, or {@code null}
     * @return 4 or 8: the heights the micro-kernels are written out for
     */
    static int rowsPerTile(int vectorBits, String property) {
        if (property != null) {
            if (!property.equals("4") && !property.equals("8")) {
                throw new IllegalArgumentException("simd matmul: -D" + TILE_ROWS_PROPERTY + "=" + property
                        + " is not a tile height the kernels are written for; use 4 or 8, or leave it unset"
                        + " to choose from the vector size");
            }
            return Integer.parseInt(property);
        }
        int vectorRegisters = vectorBits >= 512 ? 32 : 16;
        return vectorRegisters / 4;
    }

    /** Elements of packed {@code A}: every panel, {@code mr × k} each. */
    int packedASize() {
        return Math.multiplyExact(Math.multiplyExact(rowPanels, k), mr);
    }

    /** Elements of one task's buffer for packed {@code B}: one piece, {@code KC × nr}. */
    int packedBPieceSize() {
        return Math.min(KC, k) * nr;
    }

    /** Compute tasks: one per block of {@code C}. */
    int blocks() {
        return rowBlocks * colBlocks;
    }

    /** First micro-tile row (group of {@code mr} rows) of row block {@code rowBlock}. */
    int firstRowPanel(int rowBlock) {
        return rowBlock * rowPanelsPerBlock;
    }

    /** One past the last micro-tile row of row block {@code rowBlock}. */
    int endRowPanel(int rowBlock) {
        return Math.min(rowPanels, (rowBlock + 1) * rowPanelsPerBlock);
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
