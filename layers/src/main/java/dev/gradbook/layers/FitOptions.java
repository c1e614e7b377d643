package dev.gradbook.layers;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.callbacks.Callback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The optional arguments of {@link Sequential#fit}, with Keras' defaults, set in a chain:
 *
 * <pre>{@code
 * model.fit(xTrain, yTrain, new FitOptions()
 *         .batchSize(128).epochs(20).verbose(1)
 *         .validationData(xTest, yTest));
 * }</pre>
 */
public final class FitOptions {
    private int batchSize = 32;
    private int epochs = 1;
    private int verbose = 1;
    private double validationSplit = 0;
    private Tensor validationX;
    private Tensor validationY;
    private boolean shuffle = true;
    private Long seed;
    private boolean reuseStepBuffers = Boolean.getBoolean(REUSE_STEP_BUFFERS_PROPERTY);
    private final List<Callback> callbacks = new ArrayList<>();

    /** The system property that turns {@link #reuseStepBuffers(boolean)} on by default: {@value}. */
    public static final String REUSE_STEP_BUFFERS_PROPERTY = "gradbook.reuseStepBuffers";

    /** Samples per gradient step (default 32). */
    public FitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("fit: batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** Passes over the training data (default 1). */
    public FitOptions epochs(int epochs) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("fit: epochs must be positive, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** 0 silent, 1 progress bar (default), 2 one line per epoch. */
    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("fit: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per"
                    + " epoch), got " + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    /**
     * The fraction in {@code [0, 1)} of the training data to hold out for validation. As in Keras,
     * it is the <em>last</em> fraction of the samples, taken before shuffling, so sort order
     * matters: shuffle sorted data yourself first. Ignored when {@link #validationData} is given.
     */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    /** Separate data to evaluate after each epoch, reported as {@code val_loss}, {@code val_accuracy}. */
    public FitOptions validationData(Tensor x, Tensor y) {
        Objects.requireNonNull(x, "FitOptions.validationData: x is null");
        Objects.requireNonNull(y, "FitOptions.validationData: y is null");
        this.validationX = x;
        this.validationY = y;
        return this;
    }

    /** Whether to visit the training samples in a new random order each epoch (default true). */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Seeds the shuffling (default: drawn from the model's own seeded generator). */
    public FitOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Whether each training step is handed the previous step's arrays instead of fresh ones (see
     * {@link dev.gradbook.autograd.StepBuffers}): the same numbers, faster, as long as no layer of
     * yours keeps a tensor from one step to the next. Off unless {@code -D}{@value
     * #REUSE_STEP_BUFFERS_PROPERTY}{@code =true}; {@code ./gradbook mnist} and {@code ./gradbook
     * bench-epoch} turn it on.
     */
    public FitOptions reuseStepBuffers(boolean reuse) {
        this.reuseStepBuffers = reuse;
        return this;
    }

    /** Adds callbacks, run in the order given. */
    public FitOptions callbacks(Callback... callbacks) {
        NullChecks.requireNoNullElements(callbacks, "FitOptions.callbacks", "callbacks");
        this.callbacks.addAll(Arrays.asList(callbacks));
        return this;
    }

    /** Samples per gradient step. */
    public int batchSize() {
        return batchSize;
    }

    /** Passes over the data. */
    public int epochs() {
        return epochs;
    }

    /** The verbosity. */
    public int verbose() {
        return verbose;
    }

    /** The validation fraction. */
    public double validationSplit() {
        return validationSplit;
    }

    /** Validation inputs, or null. */
    public Tensor validationX() {
        return validationX;
    }

    /** Validation targets, or null. */
    public Tensor validationY() {
        return validationY;
    }

    /** Whether samples are shuffled each epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The shuffling seed, or null. */
    public Long seed() {
        return seed;
    }

    /** Whether steps reuse the previous step's arrays. */
    public boolean reuseStepBuffers() {
        return reuseStepBuffers;
    }

    /** The callbacks (read-only). */
    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}
