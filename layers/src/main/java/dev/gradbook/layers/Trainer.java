package dev.gradbook.layers;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.StepBuffers;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.callbacks.ProgressLogger;
import dev.gradbook.layers.callbacks.TrainingParams;
import dev.gradbook.layers.losses.Loss;
import dev.gradbook.layers.losses.Losses;
import dev.gradbook.layers.metrics.Metric;
import dev.gradbook.layers.metrics.Metrics;
import dev.gradbook.layers.optimizers.Optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The training loop of a {@link Sequential} model: what its {@code compile}, {@code fit},
 * {@code evaluate}, {@code predict} and {@code trainOnBatch} do. Where is the training loop? Here,
 * read from top to bottom.
 *
 * <h2>One training step</h2>
 * Learning is the same five moves, repeated for every mini-batch of samples ({@link #trainStep}):
 * <ol>
 *   <li><b>Forward</b>: run the batch through the model in training mode (dropout on), while
 *       autograd records every tensor operation in a graph.</li>
 *   <li><b>Loss</b>: one number, the mean of how wrong each output is, still part of that graph.</li>
 *   <li><b>Backward</b>: {@code loss.backward()} walks the graph from the loss back to the
 *       weights and leaves in each parameter {@code w} its gradient {@code dLoss/dw}: the
 *       direction in which the loss grows fastest.</li>
 *   <li><b>Optimizer step</b>: every trainable parameter moves a little <em>against</em> its
 *       gradient, so the loss on this batch would now be a bit smaller.</li>
 *   <li><b>Metrics</b>: accuracy and friends of the outputs just computed, for the log (they
 *       measure the model as it was before the step).</li>
 * </ol>
 * {@link #fit} runs this over shuffled mini-batches, epoch after epoch, and calls the callbacks
 * (the progress bar, early stopping, checkpoints) between the steps. {@link #evaluate} runs only
 * the forward, loss and metrics moves ({@link #testStep}), with nothing recorded.
 *
 * <h2>Softmax and cross-entropy, fused</h2>
 * If the model ends with the activation the loss can absorb (a softmax before a categorical
 * cross-entropy, a sigmoid before a binary one: {@link Loss#fusedActivation()}), the forward pass
 * stops just before it ({@link Layer#forwardBeforeFinalActivation}) and the loss starts from those
 * logits ({@link Loss#computeFromLogits}). That is exact where {@code log(softmax(z))} would
 * round a tiny probability to {@code log 0}; the metrics still see the probabilities.
 *
 * <h2>Why this class is package-private</h2>
 * Users train through {@link Sequential}'s Keras methods, each a one-line hand-over to this class.
 * A public {@code Trainer} would be a second way to do the same thing and one more API to keep
 * stable; package-private, it stays free to change as the lessons need, while
 * {@code model.fit(...)} never does. Students read it as source, like the rest of gradbook.
 */
final class Trainer {
    private final Sequential model;
    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();
    private boolean stopTraining;

    /** The trainer of {@code model}; it knows nothing until {@link #compile}. */
    Trainer(Sequential model) {
        this.model = model;
    }

    // ------------------------------------------------------------------------------------------
    // Compiling: choose the optimizer, the loss and the metrics
    // ------------------------------------------------------------------------------------------

    void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        Objects.requireNonNull(optimizer, "compile: optimizer is null");
        Objects.requireNonNull(loss, "compile: loss is null");
        NullChecks.requireNoNullElements(metrics, "compile", "metrics");
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
    }

    /** The loss and the metrics by Keras name, e.g. {@code "categorical_crossentropy", "accuracy"}. */
    void compile(Optimizer optimizer, String loss, String... metrics) {
        Objects.requireNonNull(optimizer, "compile: optimizer is null");
        Objects.requireNonNull(loss, "compile: loss is null");
        NullChecks.requireNoNullElements(metrics, "compile", "metrics");
        Metric[] resolved = new Metric[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            resolved[i] = Metrics.get(metrics[i]);
        }
        compile(optimizer, Losses.get(loss), resolved);
    }

    boolean isCompiled() {
        return optimizer != null;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    Loss loss() {
        return loss;
    }

    List<Metric> metrics() {
        return metrics;
    }

    /** {@code loss}, then each metric's name: the order of every {@code double[]} returned here. */
    List<String> metricsNames() {
        List<String> names = new ArrayList<>();
        names.add("loss");
        for (Metric m : metrics) {
            names.add(m.name());
        }
        return names;
    }

    // ------------------------------------------------------------------------------------------
    // One step: forward, loss, backward, optimizer step, metrics
    // ------------------------------------------------------------------------------------------

    /**
     * One training step on one batch (see the class comment); returns {@code [loss, metrics...]}
     * as measured before the update. A NaN or infinite loss is reported but not stepped on: its
     * gradients would turn every weight into NaN.
     */
    double[] trainStep(Tensor x, Tensor y) {
        List<Tensor> parameters = model.parameters();
        parameters.forEach(Tensor::zeroGrad); // gradients add up, so forget the previous batch's
        Outputs out = forwardAndLoss(x, y, true);                 // 1. forward and 2. loss
        double lossValue = out.loss().item();
        if (Double.isFinite(lossValue) && out.loss().requiresGrad()) {
            out.loss().backward();                                 // 3. backward
            optimizer.step(model.trainableParameters());           // 4. optimizer step
            parameters.forEach(Tensor::zeroGrad); // the gradients are spent; let their memory go
        }
        return lossAndMetrics(lossValue, y, out.predictions());   // 5. metrics
    }

    /** The loss and metrics of one batch without training behaviour and without a step. */
    double[] testStep(Tensor x, Tensor y) {
        Outputs out = forwardAndLoss(x, y, false);
        return lossAndMetrics(out.loss().item(), y, out.predictions());
    }

    /** What the forward pass gives: the model's outputs and the loss of the batch. */
    private record Outputs(Tensor predictions, Tensor loss) {
    }

    /** The forward pass and the loss, fused with the model's final activation where the loss can be. */
    private Outputs forwardAndLoss(Tensor x, Tensor y, boolean training) {
        ActivationFunction last = model.finalActivation();
        if (last != null && last.kerasName().equals(loss.fusedActivation())) {
            Tensor logits = model.forwardBeforeFinalActivation(x, training);
            Tensor lossValue = loss.computeFromLogits(y, logits);
            try (Scope off = GradMode.noGrad()) {
                return new Outputs(last.apply(logits.detach()), lossValue); // the metrics want probabilities
            }
        }
        Tensor predictions = model.forward(x, training);
        return new Outputs(predictions, loss.compute(y, predictions));
    }

    private double[] lossAndMetrics(double lossValue, Tensor y, Tensor predictions) {
        double[] values = new double[1 + metrics.size()];
        values[0] = lossValue;
        Tensor detached = predictions.detach();
        for (int i = 0; i < metrics.size(); i++) {
            values[i + 1] = metrics.get(i).compute(y, detached);
        }
        return values;
    }

    // ------------------------------------------------------------------------------------------
    // One batch, or all the data in batches
    // ------------------------------------------------------------------------------------------

    double[] trainOnBatch(Tensor x, Tensor y) {
        requireData("trainOnBatch", x, y);
        requireCompiled("trainOnBatch");
        checkPairs("trainOnBatch", x, y);
        model.checkInput("trainOnBatch", x);
        return trainStep(x, y);
    }

    /** The sample-weighted means of {@link #testStep} over batches of {@code batchSize}. */
    double[] evaluate(Tensor x, Tensor y, int batchSize) {
        requireData("evaluate", x, y);
        requireCompiled("evaluate");
        checkPairs("evaluate", x, y);
        model.checkInput("evaluate", x);
        checkBatchSize("evaluate", batchSize);
        int n = x.size(0);
        double[] sums = new double[1 + metrics.size()];
        try (Scope off = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int size = Math.min(batchSize, n - from);
                double[] values = testStep(x.narrow(0, from, size), y.narrow(0, from, size));
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += values[i] * size;
                }
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= n;
        }
        return sums;
    }

    /** The model's outputs, batch by batch, joined; batches only bound the memory used. */
    Tensor predict(Tensor x, int batchSize) {
        Objects.requireNonNull(x, "predict: x is null");
        model.checkInput("predict", x);
        checkBatchSize("predict", batchSize);
        int n = x.size(0);
        if (n == 0) {
            throw new IllegalArgumentException("predict: x has no samples (shape " + Arrays.toString(x.shape()) + ")");
        }
        List<Tensor> parts = new ArrayList<>();
        try (Scope off = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                parts.add(model.forward(x.narrow(0, from, Math.min(batchSize, n - from)), false));
            }
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(0, parts.toArray(new Tensor[0]));
    }

    // ------------------------------------------------------------------------------------------
    // fit: epochs of shuffled mini-batches, with callbacks around every step
    // ------------------------------------------------------------------------------------------

    /** The training data and the validation data (null when there is none) of one {@code fit}. */
    private record DataSplit(Tensor x, Tensor y, Tensor xVal, Tensor yVal) {
    }

    /** See {@link Sequential#fit(Tensor, Tensor, FitOptions)}. */
    History fit(Tensor x, Tensor y, FitOptions options) {
        requireData("fit", x, y);
        Objects.requireNonNull(options, "fit: options is null");
        requireCompiled("fit");
        checkPairs("fit", x, y);
        model.checkInput("fit", x);
        DataSplit data = split(x, y, options);
        int n = data.x().size(0);
        int batchSize = options.batchSize();
        int steps = (n + batchSize - 1) / batchSize;
        RandomGenerator shuffleRng = options.seed() != null ? new SplittableRandom(options.seed()) : model.splitRandom();
        List<Callback> callbacks = callbacks(options, new TrainingParams(options.epochs(), steps, n, options.verbose()));
        StepBuffers buffers = options.reuseStepBuffers() ? new StepBuffers() : null;
        try {
            return epochs(data, options, shuffleRng, callbacks, steps, buffers);
        } finally {
            if (buffers != null) {
                buffers.release(); // after the last step, or after an error in the middle of one
            }
        }
    }

    /** The loop of {@link #fit}: epochs of steps, with the callbacks at every boundary. */
    private History epochs(DataSplit data, FitOptions options, RandomGenerator shuffleRng, List<Callback> callbacks,
                           int steps, StepBuffers buffers) {
        int n = data.x().size(0);
        int batchSize = options.batchSize();

        History history = new History();
        stopTraining = false;
        Map<String, Double> lastLogs = new LinkedHashMap<>();
        callbacks.forEach(c -> c.onTrainBegin(new LinkedHashMap<>()));
        for (int epoch = 0; epoch < options.epochs() && !stopTraining; epoch++) {
            final int e = epoch;
            callbacks.forEach(c -> c.onEpochBegin(e, new LinkedHashMap<>()));
            int[] order = options.shuffle() ? permutation(n, shuffleRng) : identity(n);
            double[] sums = new double[1 + metrics.size()];
            int seen = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * batchSize;
                int to = Math.min(n, from + batchSize);
                final int s = step;
                Map<String, Double> beginLogs = new LinkedHashMap<>();
                beginLogs.put("batch", (double) step);
                beginLogs.put("size", (double) (to - from));
                callbacks.forEach(c -> c.onBatchBegin(s, beginLogs));
                // the first step of a fit may create state that lives on, so it hands nothing on
                boolean handOn = buffers != null && (epoch > 0 || step > 0);
                if (handOn) {
                    buffers.begin();
                }

                double[] values = trainStep(Rows.take(data.x(), order, from, to), Rows.take(data.y(), order, from, to));
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += values[i] * (to - from);
                }
                seen += to - from;
                if (handOn) {
                    buffers.end(); // before the callbacks, whose tensors may live on
                }
                Map<String, Double> logs = means(sums, seen);
                callbacks.forEach(c -> c.onBatchEnd(s, logs));
                if (!Double.isFinite(values[0]) && !stopTraining) {
                    throw lossBecameNonFinite(values[0], epoch, options.epochs(), step, steps);
                }
                if (stopTraining) {
                    break; // a callback asked to stop: this epoch ends here, and no other starts
                }
            }
            Map<String, Double> epochLogs = means(sums, Math.max(seen, 1));
            if (data.xVal() != null) {
                double[] validation = evaluate(data.xVal(), data.yVal(), batchSize);
                List<String> names = metricsNames();
                for (int i = 0; i < validation.length; i++) {
                    epochLogs.put("val_" + names.get(i), validation[i]);
                }
            }
            history.append(epoch, epochLogs);
            callbacks.forEach(c -> c.onEpochEnd(e, epochLogs));
            lastLogs = epochLogs;
        }
        Map<String, Double> finalLogs = lastLogs;
        callbacks.forEach(c -> c.onTrainEnd(finalLogs));
        return history;
    }

    /** Asks {@link #fit} to stop after the current batch (callbacks do, through the model). */
    void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    /** The validation data given, or else the last {@code validationSplit} of x and y, before shuffling (as Keras). */
    private DataSplit split(Tensor x, Tensor y, FitOptions options) {
        if (options.validationX() != null) {
            checkPairs("fit (validationData)", options.validationX(), options.validationY());
            model.checkInput("fit (validationData)", options.validationX());
            return new DataSplit(x, y, options.validationX(), options.validationY());
        }
        if (options.validationSplit() == 0) {
            return new DataSplit(x, y, null, null);
        }
        int n = x.size(0);
        int splitAt = (int) Math.floor(n * (1 - options.validationSplit()));
        if (splitAt == 0 || splitAt == n) {
            throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of " + n
                    + " samples leaves " + splitAt + " for training and " + (n - splitAt)
                    + " for validation; both need at least one");
        }
        return new DataSplit(x.narrow(0, 0, splitAt), y.narrow(0, 0, splitAt),
                x.narrow(0, splitAt, n - splitAt), y.narrow(0, splitAt, n - splitAt));
    }

    /** The progress bar (unless {@code verbose(0)}), then the user's callbacks, each told the model and the numbers. */
    private List<Callback> callbacks(FitOptions options, TrainingParams params) {
        List<Callback> callbacks = new ArrayList<>();
        if (options.verbose() > 0) {
            callbacks.add(new ProgressLogger(model.output(), options.verbose(), model.isInteractive()));
        }
        callbacks.addAll(options.callbacks());
        for (Callback c : callbacks) {
            c.setModel(model);
            c.setParams(params);
        }
        return callbacks;
    }

    /** {@code loss} and each metric, as means over the {@code count} samples seen. */
    private Map<String, Double> means(double[] sums, int count) {
        Map<String, Double> logs = new LinkedHashMap<>();
        List<String> names = metricsNames();
        for (int i = 0; i < sums.length; i++) {
            logs.put(names.get(i), sums[i] / count);
        }
        return logs;
    }

    /** A uniformly random order of {@code 0 .. n-1} (Fisher-Yates shuffle). */
    private static int[] permutation(int n, RandomGenerator random) {
        int[] order = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    // ------------------------------------------------------------------------------------------
    // Checks with helpful messages
    // ------------------------------------------------------------------------------------------

    private static IllegalStateException lossBecameNonFinite(double loss, int epoch, int epochs, int step, int steps) {
        return new IllegalStateException(String.format(Locale.ROOT, "fit: the loss became %s at epoch %d/%d,"
                + " batch %d/%d; this batch's update was not applied. Usual causes: a learning rate that is"
                + " too high, NaN or infinite values in x or y, or unscaled inputs (scale pixels to [0, 1])."
                + " Add the TerminateOnNaN callback to stop training quietly instead.",
                loss, epoch + 1, epochs, step + 1, steps));
    }

    private void requireCompiled(String op) {
        if (!isCompiled()) {
            throw new IllegalStateException(op + ": the model must be compiled first, e.g."
                    + " model.compile(\"rmsprop\", \"categorical_crossentropy\", \"accuracy\")");
        }
    }

    /** The null policy (see {@code dev.gradbook.autograd}): x and y first, before any other check. */
    private static void requireData(String op, Tensor x, Tensor y) {
        Objects.requireNonNull(x, () -> op + ": x is null");
        Objects.requireNonNull(y, () -> op + ": y is null");
    }

    private static void checkPairs(String op, Tensor x, Tensor y) {
        if (x.rank() == 0 || y.rank() == 0) {
            throw new IllegalArgumentException(op + ": x and y must have a sample dimension first, got shapes "
                    + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape()));
        }
        if (x.size(0) == 0) {
            throw new IllegalArgumentException(op + ": x has no samples (shape " + Arrays.toString(x.shape()) + ")");
        }
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException(op + ": x has " + x.size(0) + " samples (shape "
                    + Arrays.toString(x.shape()) + ") but y has " + y.size(0) + " (shape " + Arrays.toString(y.shape())
                    + "); every input needs exactly one target");
        }
    }

    private static void checkBatchSize(String op, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException(op + ": batch size must be positive, got " + batchSize);
        }
    }
}
