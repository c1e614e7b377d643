package dev.gradbook.layers;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.callbacks.Callback;
import dev.gradbook.layers.callbacks.ProgressLogger;
import dev.gradbook.layers.callbacks.TrainingParams;
import dev.gradbook.layers.io.SafeTensors;
import dev.gradbook.layers.losses.Loss;
import dev.gradbook.layers.losses.Losses;
import dev.gradbook.layers.metrics.Metric;
import dev.gradbook.layers.metrics.Metrics;
import dev.gradbook.layers.optimizers.Optimizer;
import dev.gradbook.layers.optimizers.Optimizers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A model that is a plain stack of layers, each feeding the next: Keras' {@code Sequential}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(42);            // 42 seeds weights, dropout and shuffling
 * model.add(new Dense(512, 784));
 * model.add(new Activation("relu"));
 * model.add(new Dropout(0.2));
 * model.add(new Dense(10));
 * model.add(new Activation("softmax"));
 * model.summary();
 * model.compile("rmsprop", "categorical_crossentropy", "accuracy");
 * History h = model.fit(x, y, new FitOptions().batchSize(128).epochs(20).validationData(xTest, yTest));
 * double[] lossAndAccuracy = model.evaluate(xTest, yTest);
 * }</pre>
 *
 * <h2>Shapes are inferred</h2>
 * Only the first layer needs to know the input shape (one sample's, without the batch). From it
 * each layer's output shape is computed in turn, and each layer is built (its weights created)
 * as soon as its input shape is known. Without a declared input shape the model is built from the
 * first data it sees, or by {@link #build(int...)}.
 *
 * <h2>One training step</h2>
 * {@link #trainOnBatch} shows the whole algorithm: forget the old gradients, run the batch forward
 * (recording the graph), compute the loss, {@code loss.backward()}, and let the optimizer move the
 * parameters. {@link #fit} repeats it over shuffled mini-batches for a number of epochs.
 *
 * <h2>Softmax and cross-entropy</h2>
 * When the model ends with a softmax (or sigmoid) and the loss is a cross-entropy, training and
 * evaluation hand the loss the softmax's <em>inputs</em> (see {@link Loss#fusedActivation()}),
 * which is exact and cannot produce {@code log 0}. {@link #predict} still returns probabilities.
 *
 * <h2>Names</h2>
 * Unnamed layers are named after their type and position among layers of that type in this model:
 * {@code dense}, {@code dense_1}, ... Keras counts across all models of a Python session instead,
 * so its second model starts at {@code dense_3}; counting per model keeps summaries reproducible.
 *
 * <p>A {@code Sequential} is itself a {@link Layer}, so a model can be a layer of a bigger one.
 */
public final class Sequential implements Layer {
    private String name = "sequential";
    private final SplittableRandom rng;
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> layerNames = new ArrayList<>();
    /** Each layer's output shape (one sample), or null while the layer is not built. */
    private final List<int[]> outputShapes = new ArrayList<>();
    private final Map<String, Integer> nameCounts = new HashMap<>();
    private int[] inputShape;

    private Optimizer optimizer;
    private Loss loss;
    private List<Metric> metrics = List.of();

    private PrintStream out = System.out;
    private boolean interactive = System.console() != null;
    private boolean stopTraining;

    /** An empty model with an unseeded random source: each run starts from different weights. */
    public Sequential() {
        this.rng = new SplittableRandom();
    }

    /**
     * An empty model whose initial weights, dropout masks and shuffling all derive from
     * {@code seed}: the same seed, layers and data give the same training run.
     */
    public Sequential(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    // ------------------------------------------------------------------------------------------
    // Building the stack
    // ------------------------------------------------------------------------------------------

    /** Appends {@code layer}; it is built at once if its input shape is already known. */
    public void add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("add: the layer is null");
        }
        for (Layer existing : layers) {
            if (existing == layer) {
                throw new IllegalArgumentException("add: " + layer.typeName() + " '" + layerName(layer)
                        + "' is already in this model; create a new layer object to add another one");
            }
        }
        String layerName = layer.name() != null ? layer.name() : generateName(layer.typeName());
        if (layerNames.contains(layerName)) {
            throw new IllegalArgumentException("add: the model already has a layer named '" + layerName
                    + "'; layer names must be unique, give this " + layer.typeName() + " another name");
        }
        int[] declared = layer.declaredInputShape();
        if (!layers.isEmpty() && declared != null && isBuilt() && !Arrays.equals(declared, outputShape())) {
            throw new IllegalArgumentException("add: " + layer.typeName() + " '" + layerName + "' declares input shape "
                    + SummaryTable.shapeString(declared) + " but the previous layer outputs "
                    + SummaryTable.shapeString(outputShape()) + "; only the first layer needs an input shape");
        }
        if (layer instanceof AbstractLayer a) {
            a.assignName(layerName);
        }
        layers.add(layer);
        layerNames.add(layerName);
        outputShapes.add(null);
        if (layers.size() == 1 && declared != null) {
            inputShape = declared.clone();
        }
        if (inputShape != null) {
            try {
                buildFrom(layers.size() - 1);
            } catch (RuntimeException e) {
                pop(); // a layer that cannot be built for this input is not added
                throw e;
            }
        }
    }

    /** Removes and returns the last layer, as Keras' {@code pop()}. */
    public Layer pop() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("pop: the model has no layers to remove");
        }
        int last = layers.size() - 1;
        layerNames.remove(last);
        outputShapes.remove(last);
        Layer removed = layers.remove(last);
        if (layers.isEmpty()) {
            inputShape = null;
        }
        return removed;
    }

    /** The layers, first to last (read-only). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The layer called {@code layerName}; fails listing the names if there is none. */
    public Layer getLayer(String layerName) {
        int i = layerNames.indexOf(layerName);
        if (i < 0) {
            throw new IllegalArgumentException("getLayer: no layer named '" + layerName + "'; the layers are "
                    + String.join(", ", layerNames));
        }
        return layers.get(i);
    }

    /** The name this model uses for {@code layer}, or null if it is not one of its layers. */
    public String layerName(Layer layer) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == layer) {
                return layerNames.get(i);
            }
        }
        return null;
    }

    /** Builds every layer for samples of {@code sampleShape} (without the batch), e.g. {@code build(784)}. */
    public void build(int... sampleShape) {
        if (inputShape != null) {
            if (!Arrays.equals(inputShape, sampleShape)) {
                throw new IllegalStateException("build: the model is already built for input shape "
                        + SummaryTable.shapeString(inputShape) + ", not " + SummaryTable.shapeString(sampleShape));
            }
            return;
        }
        inputShape = sampleShape.clone();
        buildFrom(0);
    }

    /** Whether the input shape is known and every layer is built. */
    public boolean isBuilt() {
        return inputShape != null && (outputShapes.isEmpty() || outputShapes.get(outputShapes.size() - 1) != null);
    }

    /** One input sample's shape, or null before the model is built. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** One output sample's shape (the last layer's), or null before the model is built. */
    public int[] outputShape() {
        if (!isBuilt()) {
            return null;
        }
        return layers.isEmpty() ? inputShape.clone() : outputShapes.get(outputShapes.size() - 1).clone();
    }

    private void buildFrom(int first) {
        for (int i = first; i < layers.size(); i++) {
            int[] in = i == 0 ? inputShape : outputShapes.get(i - 1);
            Layer layer = layers.get(i);
            layer.build(in.clone(), rng.split());
            outputShapes.set(i, layer.outputShape(in.clone()));
        }
    }

    private String generateName(String typeName) {
        String base = snakeCase(typeName);
        while (true) {
            int k = nameCounts.merge(base, 1, Integer::sum) - 1;
            String candidate = k == 0 ? base : base + "_" + k;
            if (!layerNames.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** {@code "MyLayer"} becomes {@code "my_layer"}. */
    static String snakeCase(String typeName) {
        return typeName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------
    // Summary
    // ------------------------------------------------------------------------------------------

    /**
     * Prints the table of layers, output shapes and parameter counts to {@link #output()}, and
     * returns the same text:
     * <pre>
     * Model: "sequential"
     * _________________________________________________________________
     * Layer (type)                 Output Shape              Param #
     * =================================================================
     * dense (Dense)                (None, 512)               401920
     * _________________________________________________________________
     * ...
     * Total params: 669,706
     * </pre>
     */
    public String summary() {
        if (!isBuilt()) {
            throw new IllegalStateException("summary: the model is not built yet, so its shapes are unknown. Give the"
                    + " first layer an input shape (e.g. new Dense(512, 784)), call build(784), or fit the model first");
        }
        SummaryTable table = new SummaryTable(name);
        long trainable = 0;
        long frozen = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            long count = layer.paramCount();
            table.addRow(layerNames.get(i) + " (" + layer.typeName() + ")", outputShapes.get(i), count);
            if (layer.trainable()) {
                trainable += count;
            } else {
                frozen += count;
            }
        }
        String text = table.render(trainable, frozen);
        out.print(text);
        out.flush();
        return text;
    }

    /** Total number of parameters, trainable or not. */
    public long countParams() {
        return paramCount();
    }

    // ------------------------------------------------------------------------------------------
    // Compiling
    // ------------------------------------------------------------------------------------------

    /** Chooses how to learn: an optimizer, a loss to minimise, and metrics to report. */
    public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException("compile: needs an optimizer and a loss, got optimizer=" + optimizer
                    + ", loss=" + loss);
        }
        for (Metric m : metrics) {
            if (m == null) {
                throw new IllegalArgumentException("compile: a metric is null");
            }
        }
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.of(metrics);
    }

    /**
     * As Keras' {@code compile(optimizer="rmsprop", loss="categorical_crossentropy",
     * metrics=["accuracy"])}: every part by name, with default settings. Unknown names fail listing
     * the valid ones.
     */
    public void compile(String optimizer, String loss, String... metrics) {
        compile(Optimizers.get(optimizer), loss, metrics);
    }

    /** An optimizer object with the loss and metrics by name. */
    public void compile(Optimizer optimizer, String loss, String... metrics) {
        Metric[] resolved = new Metric[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            resolved[i] = Metrics.get(metrics[i]);
        }
        compile(optimizer, Losses.get(loss), resolved);
    }

    /** Whether {@link #compile} was called. */
    public boolean isCompiled() {
        return optimizer != null;
    }

    /** The optimizer given to {@link #compile}, or null. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The loss given to {@link #compile}, or null. */
    public Loss loss() {
        return loss;
    }

    /** The metrics given to {@link #compile} (read-only). */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The names of what {@link #evaluate} and {@link #trainOnBatch} return: {@code loss}, then the metrics. */
    public List<String> metricsNames() {
        List<String> names = new ArrayList<>();
        names.add("loss");
        for (Metric m : metrics) {
            names.add(m.name());
        }
        return names;
    }

    // ------------------------------------------------------------------------------------------
    // Running the model
    // ------------------------------------------------------------------------------------------

    /** Runs {@code input} through every layer in turn (building the model first if needed). */
    @Override
    public Tensor forward(Tensor input, boolean training) {
        checkInput("forward", input);
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x, training);
        }
        return x;
    }

    /**
     * The model's outputs for {@code x}, in batches of 32, without training behaviour (no dropout)
     * and without recording a graph.
     */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    /** {@link #predict(Tensor)} with a chosen batch size (which only affects memory use). */
    public Tensor predict(Tensor x, int batchSize) {
        checkInput("predict", x);
        checkBatchSize("predict", batchSize);
        int n = x.size(0);
        List<Tensor> parts = new ArrayList<>();
        try (Scope off = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                parts.add(forward(x.narrow(0, from, Math.min(batchSize, n - from)), false));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("predict: x has no samples (shape " + Arrays.toString(x.shape()) + ")");
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(0, parts.toArray(new Tensor[0]));
    }

    /**
     * The loss and metrics on {@code (x, y)}, computed in batches of 32 without training behaviour:
     * {@code [loss, metric1, ...]} in the order of {@link #metricsNames()}. Prints nothing
     * (Keras' {@code verbose=0}).
     */
    public double[] evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32);
    }

    /** {@link #evaluate(Tensor, Tensor)} with a chosen batch size. */
    public double[] evaluate(Tensor x, Tensor y, int batchSize) {
        requireCompiled("evaluate");
        checkPairs("evaluate", x, y);
        checkInput("evaluate", x);
        checkBatchSize("evaluate", batchSize);
        int n = x.size(0);
        double[] sums = new double[1 + metrics.size()];
        try (Scope off = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int size = Math.min(batchSize, n - from);
                double[] values = lossAndMetrics(x.narrow(0, from, size), y.narrow(0, from, size), false, false);
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

    /**
     * One gradient step on one batch; returns the batch's {@code [loss, metric1, ...]} as measured
     * before the step. If the loss is NaN or infinite, the step is not applied (the weights would
     * become NaN too).
     */
    public double[] trainOnBatch(Tensor x, Tensor y) {
        requireCompiled("trainOnBatch");
        checkPairs("trainOnBatch", x, y);
        checkInput("trainOnBatch", x);
        return lossAndMetrics(x, y, true, true);
    }

    /**
     * Forward pass, loss and metrics of one batch; with {@code step}, also backward pass and
     * optimizer update. The heart of training, kept in one place.
     */
    private double[] lossAndMetrics(Tensor x, Tensor y, boolean training, boolean step) {
        List<Tensor> parameters = parameters();
        parameters.forEach(Tensor::zeroGrad);
        Tensor prediction;
        Tensor lossValue;
        ActivationFunction last = fusableFinalActivation();
        if (last != null) {
            Tensor logits = logits(x, training);
            lossValue = loss.computeFromLogits(y, logits);
            try (Scope off = GradMode.noGrad()) {
                prediction = last.apply(logits.detach());
            }
        } else {
            prediction = forward(x, training);
            lossValue = loss.compute(y, prediction);
        }
        double[] values = new double[1 + metrics.size()];
        values[0] = lossValue.item();
        if (step && Double.isFinite(values[0]) && lossValue.requiresGrad()) {
            lossValue.backward();
            List<Tensor> trainable = new ArrayList<>();
            for (Layer layer : layers) {
                if (layer.trainable()) {
                    trainable.addAll(layer.parameters());
                }
            }
            optimizer.step(trainable);
            parameters.forEach(Tensor::zeroGrad); // the gradients are spent; let their memory go
        }
        Tensor detached = prediction.detach();
        for (int i = 0; i < metrics.size(); i++) {
            values[i + 1] = metrics.get(i).compute(y, detached);
        }
        return values;
    }

    /**
     * The model's final activation if the loss can take its inputs instead (a softmax followed by
     * cross-entropy), else null.
     */
    private ActivationFunction fusableFinalActivation() {
        if (layers.isEmpty() || loss.fusedActivation() == null) {
            return null;
        }
        Layer last = layers.get(layers.size() - 1);
        ActivationFunction f = last instanceof Activation a ? a.function()
                : last instanceof Dense d ? d.activation() : null;
        return f != null && f.kerasName().equals(loss.fusedActivation()) ? f : null;
    }

    /** The inputs of the final activation: all layers but that activation. */
    private Tensor logits(Tensor x, boolean training) {
        Tensor h = x;
        for (int i = 0; i < layers.size() - 1; i++) {
            h = layers.get(i).forward(h, training);
        }
        Layer last = layers.get(layers.size() - 1);
        return last instanceof Dense d ? d.linear(h) : h;
    }

    // ------------------------------------------------------------------------------------------
    // Training
    // ------------------------------------------------------------------------------------------

    /** {@link #fit(Tensor, Tensor, FitOptions)} with Keras' defaults: 1 epoch, batches of 32. */
    public History fit(Tensor x, Tensor y) {
        return fit(x, y, new FitOptions());
    }

    /**
     * Trains the model on inputs {@code x} ({@code [samples, ...]}) and targets {@code y}
     * ({@code [samples, ...]}, one-hot rows or integer labels to suit the loss).
     *
     * <p>Each epoch visits the samples in a fresh random order (unless {@code shuffle(false)}), in
     * mini-batches of {@code batchSize} (the last may be smaller), with one {@link #trainOnBatch}
     * step per batch; then it evaluates the validation data if there is any. The returned
     * {@link History} holds the epoch means of the loss and metrics and the validation results.
     *
     * <p>If the loss becomes NaN or infinite, {@code fit} fails with an explanation, unless a
     * callback such as {@link dev.gradbook.layers.callbacks.TerminateOnNaN} stops training first
     * (Keras would carry on printing {@code nan}; an error teaches more). The bad batch's update is
     * never applied.
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        requireCompiled("fit");
        checkPairs("fit", x, y);
        checkInput("fit", x);
        Tensor xTrain = x;
        Tensor yTrain = y;
        Tensor xVal = options.validationX();
        Tensor yVal = options.validationY();
        if (xVal != null) {
            checkPairs("fit (validationData)", xVal, yVal);
            checkInput("fit (validationData)", xVal);
        } else if (options.validationSplit() > 0) {
            int n = x.size(0);
            int splitAt = (int) Math.floor(n * (1 - options.validationSplit()));
            if (splitAt == 0 || splitAt == n) {
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of " + n
                        + " samples leaves " + splitAt + " for training and " + (n - splitAt)
                        + " for validation; both need at least one");
            }
            // The last fraction, before any shuffling, as in Keras.
            xVal = x.narrow(0, splitAt, n - splitAt);
            yVal = y.narrow(0, splitAt, n - splitAt);
            xTrain = x.narrow(0, 0, splitAt);
            yTrain = y.narrow(0, 0, splitAt);
        }

        int n = xTrain.size(0);
        int batchSize = options.batchSize();
        int steps = (n + batchSize - 1) / batchSize;
        RandomGenerator shuffleRng = options.seed() != null ? new SplittableRandom(options.seed()) : rng.split();

        List<Callback> callbacks = new ArrayList<>();
        if (options.verbose() > 0) {
            callbacks.add(new ProgressLogger(out, options.verbose(), interactive));
        }
        callbacks.addAll(options.callbacks());
        TrainingParams params = new TrainingParams(options.epochs(), steps, n, options.verbose());
        for (Callback c : callbacks) {
            c.setModel(this);
            c.setParams(params);
        }

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

                Tensor xBatch = Rows.take(xTrain, order, from, to);
                Tensor yBatch = Rows.take(yTrain, order, from, to);
                double[] values = lossAndMetrics(xBatch, yBatch, true, true);
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += values[i] * (to - from);
                }
                seen += to - from;
                Map<String, Double> logs = means(sums, seen);
                callbacks.forEach(c -> c.onBatchEnd(s, logs));
                if (!Double.isFinite(values[0]) && !stopTraining) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "fit: the loss became %s at epoch %d/%d,"
                            + " batch %d/%d; this batch's update was not applied. Usual causes: a learning rate that is"
                            + " too high, NaN or infinite values in x or y, or unscaled inputs (scale pixels to [0, 1])."
                            + " Add the TerminateOnNaN callback to stop training quietly instead.",
                            values[0], epoch + 1, options.epochs(), step + 1, steps));
                }
                if (stopTraining) {
                    break;
                }
            }
            Map<String, Double> epochLogs = means(sums, Math.max(seen, 1));
            if (xVal != null) {
                double[] val = evaluate(xVal, yVal, batchSize);
                List<String> names = metricsNames();
                for (int i = 0; i < val.length; i++) {
                    epochLogs.put("val_" + names.get(i), val[i]);
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

    /** Asks {@link #fit} to stop after the current batch; callbacks such as early stopping call it. */
    public void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    /** Whether training was asked to stop. */
    public boolean isStopTraining() {
        return stopTraining;
    }

    // ------------------------------------------------------------------------------------------
    // Weights
    // ------------------------------------------------------------------------------------------

    /** Every parameter of every layer, in layer order (the live tensors, not copies). */
    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    /** Copies of all parameters, in layer order (for a Dense: kernel, then bias). */
    public List<Tensor> getWeights() {
        List<Tensor> copies = new ArrayList<>();
        try (Scope off = GradMode.noGrad()) {
            for (Tensor p : parameters()) {
                copies.add(p.detach().copy());
            }
        }
        return copies;
    }

    /**
     * Overwrites all parameters with {@code weights}, given in the order of {@link #getWeights()}
     * and with the same shapes.
     */
    public void setWeights(List<Tensor> weights) {
        List<Tensor> params = parameters();
        List<String> names = weightNames();
        if (weights.size() != params.size()) {
            throw new IllegalArgumentException("setWeights: the model has " + params.size() + " weight tensors ("
                    + String.join(", ", names) + ") but " + weights.size() + " were given");
        }
        for (int i = 0; i < params.size(); i++) {
            if (!Arrays.equals(params.get(i).shape(), weights.get(i).shape())) {
                throw new IllegalArgumentException("setWeights: weight " + i + " (" + names.get(i) + ") has shape "
                        + Arrays.toString(params.get(i).shape()) + " but the given tensor has shape "
                        + Arrays.toString(weights.get(i).shape()) + "; weights must come in getWeights() order");
            }
        }
        try (Scope off = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).assign(weights.get(i).to(params.get(i).dtype()));
            }
        }
    }

    /** Names of the weights in {@link #getWeights()} order: {@code dense/kernel}, {@code dense/bias}, ... */
    public List<String> weightNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            List<Tensor> ps = layers.get(i).parameters();
            for (int j = 0; j < ps.size(); j++) {
                String label = ps.get(j).label() != null ? ps.get(j).label() : "param_" + j;
                names.add(layerNames.get(i) + "/" + label);
            }
        }
        return names;
    }

    /** Copies of the weights by name, in layer order: what a weights file stores. */
    public Map<String, Tensor> namedWeights() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        List<String> names = weightNames();
        List<Tensor> copies = getWeights();
        for (int i = 0; i < names.size(); i++) {
            named.put(names.get(i), copies.get(i));
        }
        return named;
    }

    /**
     * Writes every weight to a <a href="https://github.com/huggingface/safetensors">safetensors</a>
     * file, named as {@link #weightNames()} ({@code dense/kernel} {@code [in, out]},
     * {@code dense/bias} {@code [out]}, ...). The file is written to a temporary name and renamed,
     * so an interrupted save never leaves a half-written file behind.
     */
    public void saveWeights(Path file) throws IOException {
        requireBuilt("saveWeights");
        SafeTensors.write(file, namedWeights(), Map.of("format", "gradbook", "model", name()));
    }

    /**
     * Reads weights saved by {@link #saveWeights(Path)} into this model. Every name, shape and
     * dtype is checked against the model <em>before</em> any weight changes: a file that does not
     * fit (another architecture, a tampered or truncated file) fails with a message saying what
     * differs, and leaves the model exactly as it was.
     */
    public void loadWeights(Path file) throws IOException {
        requireBuilt("loadWeights");
        // read() validates the whole file (header, offsets, data) before returning, so nothing is
        // assigned until the file is known to be sound and to fit.
        Map<String, Tensor> stored = SafeTensors.read(file);
        List<String> names = weightNames();
        List<Tensor> params = parameters();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Tensor s = stored.get(names.get(i));
            Tensor p = params.get(i);
            if (s == null) {
                problems.add("missing " + names.get(i));
            } else if (!Arrays.equals(s.shape(), p.shape()) || s.dtype() != p.dtype()) {
                problems.add(names.get(i) + " is " + Arrays.toString(s.shape()) + " " + s.dtype()
                        + " in the file but " + Arrays.toString(p.shape()) + " " + p.dtype() + " in the model");
            }
        }
        for (String name : stored.keySet()) {
            if (!names.contains(name)) {
                problems.add("unexpected " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadWeights: " + file + " does not fit this model ("
                    + String.join("; ", problems) + "); the model was not changed. Load a file saved from a"
                    + " model with the same layers (and dtype: see Tensor.setDefaultDType)");
        }
        List<Tensor> ordered = new ArrayList<>();
        for (String n : names) {
            ordered.add(stored.get(n));
        }
        setWeights(ordered);
    }

    private void requireBuilt(String op) {
        if (!isBuilt()) {
            throw new IllegalStateException(op + ": the model is not built yet, so it has no weights; give the first"
                    + " layer an input shape (e.g. new Dense(512, 784)) or call build(...) first");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Output
    // ------------------------------------------------------------------------------------------

    /** Where {@link #summary()} and the progress of {@link #fit} are printed (default {@code System.out}). */
    public PrintStream output() {
        return out;
    }

    /**
     * Prints to {@code stream}, as to a log file: one progress line per epoch, no {@code \r}
     * redrawing.
     */
    public void setOutput(PrintStream stream) {
        setOutput(stream, false);
    }

    /** Prints to {@code stream}; {@code interactive} says whether it is a terminal that can redraw a line. */
    public void setOutput(PrintStream stream, boolean interactive) {
        if (stream == null) {
            throw new IllegalArgumentException("setOutput: the stream is null");
        }
        this.out = stream;
        this.interactive = interactive;
    }

    // ------------------------------------------------------------------------------------------
    // Layer
    // ------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    /** Renames the model (default {@code "sequential"}), as shown by {@link #summary()}. */
    public Sequential name(String modelName) {
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("Sequential: the model name must not be blank");
        }
        this.name = modelName;
        return this;
    }

    @Override
    public void build(int[] sampleShape, RandomGenerator ignored) {
        build(sampleShape);
    }

    @Override
    public int[] outputShape(int[] sampleShape) {
        build(sampleShape);
        return outputShape();
    }

    @Override
    public int[] declaredInputShape() {
        return layers.isEmpty() ? null : layers.get(0).declaredInputShape();
    }

    // ------------------------------------------------------------------------------------------
    // Checks with helpful messages
    // ------------------------------------------------------------------------------------------

    private void requireCompiled(String op) {
        if (!isCompiled()) {
            throw new IllegalStateException(op + ": the model must be compiled first, e.g."
                    + " model.compile(\"rmsprop\", \"categorical_crossentropy\", \"accuracy\")");
        }
    }

    private static void checkPairs(String op, Tensor x, Tensor y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(op + ": needs both x and y");
        }
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

    /** Builds the model from {@code x} if needed, then checks that x's samples fit the first layer. */
    private void checkInput(String op, Tensor x) {
        if (layers.isEmpty()) {
            throw new IllegalStateException(op + ": the model has no layers yet; add some with model.add(...)");
        }
        if (x.rank() == 0) {
            throw new IllegalArgumentException(op + ": x must be a batch [samples, ...], got a scalar");
        }
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (inputShape == null) {
            build(sample);
        } else if (!Arrays.equals(sample, inputShape)) {
            Layer first = layers.get(0);
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(x.shape())
                    + " does not fit the first layer, " + first.typeName() + " '" + layerNames.get(0) + "', which expects "
                    + SummaryTable.shapeString(inputShape) + "; each sample of x must have shape "
                    + Arrays.toString(inputShape) + " (check the data's feature count)");
        }
    }

    @Override
    public String toString() {
        return "Sequential '" + name + "' " + layerNames;
    }
}
