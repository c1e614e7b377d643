package dev.gradbook.layers;

import dev.gradbook.autograd.GradMode;
import dev.gradbook.autograd.NullChecks;
import dev.gradbook.autograd.Scope;
import dev.gradbook.autograd.Tensor;
import dev.gradbook.layers.io.SafeTensors;
import dev.gradbook.layers.io.TensorInfo;
import dev.gradbook.layers.losses.Loss;
import dev.gradbook.layers.metrics.Metric;
import dev.gradbook.layers.optimizers.Optimizer;
import dev.gradbook.layers.optimizers.Optimizers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A model that is a plain stack of layers, each feeding the next: Keras' {@code Sequential}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(42);            // 42 seeds weights, dropout and shuffling
 * model.add(Dense.units(512).inputDim(784));       // or new Dense(512, 784): the same layer
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
 * <h2>Training lives next door</h2>
 * This class is the model: its layers, their names and shapes, the forward pass, the parameters,
 * the summary and the weights files. {@link #compile}, {@link #fit}, {@link #evaluate},
 * {@link #predict} and {@link #trainOnBatch} are Keras' names for training, and each hands over to
 * the package's {@code Trainer}, the one file that holds the training loop (forward, loss,
 * backward, optimizer step, metrics, callbacks), as Keras keeps {@code fit} in its trainer.
 *
 * <h2>Softmax and cross-entropy</h2>
 * When the model ends with a softmax (or sigmoid) and the loss is a cross-entropy, training and
 * evaluation hand the loss the softmax's <em>inputs</em> (see {@link Loss#fusedActivation()}),
 * which is exact and cannot produce {@code log 0}. {@link #predict} still returns probabilities.
 * The last layer says which activation it ends with ({@link Layer#finalActivation()}), so this
 * works for a {@link Dense} with an activation, an {@link Activation} layer, or a nested model
 * that ends in either.
 *
 * <h2>Names</h2>
 * Unnamed layers are named after their type and position among layers of that type in this model:
 * {@code dense}, {@code dense_1}, ... Keras counts across all models of a Python session instead,
 * so its second model starts at {@code dense_3}; counting per model keeps summaries reproducible.
 *
 * <p>A {@code Sequential} is itself a {@link Layer}, so a model can be a layer of a bigger one;
 * it then draws its initial weights from the bigger model's seed.
 *
 * <h2>Threads</h2>
 * A model belongs to one thread at a time: while {@code fit}, {@code evaluate}, {@code predict}
 * or {@code trainOnBatch} runs, a call from another thread fails at once with an
 * {@link IllegalStateException} naming the thread that holds the model (two threads stepping the
 * same weights would compute nonsense, silently). Separate models on separate threads are fine,
 * each with its own backend if you like ({@code Backends.use} is scoped to its thread), and give
 * the same weights as training them one after the other.
 */
public final class Sequential implements Layer {
    private String name = "sequential";
    /** The source of every random number; a nested model reseeds it from its parent (see build). */
    private SplittableRandom rng;
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> layerNames = new ArrayList<>();
    /** Each layer's output shape (one sample), or null while the layer is not built. */
    private final List<int[]> outputShapes = new ArrayList<>();
    private final Map<String, Integer> nameCounts = new HashMap<>();
    private int[] inputShape;

    private final Trainer trainer = new Trainer(this);
    /** fit, evaluate, predict and trainOnBatch claim the model: one thread at a time (see OneCallAtATime). */
    private final OneCallAtATime inUse = new OneCallAtATime();

    private PrintStream out = System.out;
    private boolean interactive = System.console() != null;

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
            throw new NullPointerException("add: the layer is null");
        }
        if (contains(layer, this)) {
            throw new IllegalArgumentException("add: " + (layer == this ? "a model cannot be added to itself"
                    : "the model being added contains this model, so adding it would make a cycle")
                    + "; a model's layers must form a tree (build a new Sequential instead)");
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
        if (declared != null && isBuilt() && !Arrays.equals(declared, outputShape())) {
            throw new IllegalArgumentException("add: " + layer.typeName() + " '" + layerName + "' declares input shape "
                    + SummaryTable.shapeString(declared) + " but " + (layers.isEmpty()
                    ? "the model was built for input shape " : "the previous layer outputs ")
                    + SummaryTable.shapeString(outputShape()) + "; only the first layer needs an input shape,"
                    + " and it must agree with build(...)");
        }
        if (layer instanceof AbstractLayer a) {
            a.assignName(layerName);
        }
        layers.add(layer);
        layerNames.add(layerName);
        outputShapes.add(null);
        if (layers.size() == 1 && declared != null && inputShape == null) {
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
        Objects.requireNonNull(layerName, "Sequential.getLayer: layerName is null");
        int i = layerNames.indexOf(layerName);
        if (i < 0) {
            throw new IllegalArgumentException("getLayer: no layer named '" + layerName + "'; the layers are "
                    + String.join(", ", layerNames));
        }
        return layers.get(i);
    }

    /** The name this model uses for {@code layer}, or null if it is not one of its layers. */
    public String layerName(Layer layer) {
        Objects.requireNonNull(layer, "Sequential.layerName: layer is null");
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == layer) {
                return layerNames.get(i);
            }
        }
        return null;
    }

    /** Builds every layer for samples of {@code sampleShape} (without the batch), e.g. {@code build(784)}. */
    public void build(int... sampleShape) {
        Objects.requireNonNull(sampleShape, "Sequential.build: sampleShape is null");
        if (inputShape != null) {
            if (!Arrays.equals(inputShape, sampleShape)) {
                throw new IllegalStateException("build: the model is already built for input shape "
                        + SummaryTable.shapeString(inputShape) + ", not " + SummaryTable.shapeString(sampleShape));
            }
            return;
        }
        // All or nothing: first every layer checks its input shape (nothing is created), then all
        // are built. A failed build leaves the model unbuilt, so a corrected build(...) still works.
        int[] shape = sampleShape.clone();
        for (Layer layer : layers) {
            shape = layer.outputShape(shape.clone());
        }
        inputShape = sampleShape.clone();
        try {
            buildFrom(0);
        } catch (RuntimeException e) {
            inputShape = null;
            Collections.fill(outputShapes, null);
            throw e;
        }
    }

    /** Whether {@code layer} is {@code model} or a model that holds it, at any depth of nesting. */
    private static boolean contains(Layer layer, Sequential model) {
        java.util.ArrayDeque<Layer> pending = new java.util.ArrayDeque<>(List.of(layer));
        while (!pending.isEmpty()) { // iterative: a deep nesting must not overflow the stack here either
            Layer next = pending.pop();
            if (next == model) {
                return true;
            }
            if (next instanceof Sequential nested) {
                pending.addAll(nested.layers);
            }
        }
        return false;
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
            // asked of the layer, not of trainable(): a nested model may be partly frozen
            long trainableCount = layer.trainableParameters().stream().mapToLong(Tensor::numel).sum();
            trainable += trainableCount;
            frozen += count - trainableCount;
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
    // Running the model
    // ------------------------------------------------------------------------------------------

    /** Runs {@code input} through every layer in turn (building the model first if needed). */
    @Override
    public Tensor forward(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Sequential.forward: input is null");
        checkInput("forward", input);
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x, training);
        }
        return x;
    }

    /** The last layer's final activation (a nested model passes on its own last layer's). */
    @Override
    public ActivationFunction finalActivation() {
        return layers.isEmpty() ? ActivationFunction.LINEAR : layers.get(layers.size() - 1).finalActivation();
    }

    /** Every layer but the last, then the last one without its final activation. */
    @Override
    public Tensor forwardBeforeFinalActivation(Tensor input, boolean training) {
        Objects.requireNonNull(input, "Sequential.forwardBeforeFinalActivation: input is null");
        checkInput("forward", input);
        Tensor x = input;
        int last = layers.size() - 1;
        for (int i = 0; i < last; i++) {
            x = layers.get(i).forward(x, training);
        }
        return layers.get(last).forwardBeforeFinalActivation(x, training);
    }

    // ------------------------------------------------------------------------------------------
    // Training: the Keras methods. The loop itself is in Trainer; each method here hands over.
    // ------------------------------------------------------------------------------------------

    /** Chooses how to learn: an optimizer, a loss to minimise, and metrics to report. */
    public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        trainer.compile(optimizer, loss, metrics);
    }

    /**
     * As Keras' {@code compile(optimizer="rmsprop", loss="categorical_crossentropy",
     * metrics=["accuracy"])}: every part by name, with default settings. Unknown names fail listing
     * the valid ones.
     */
    public void compile(String optimizer, String loss, String... metrics) {
        Objects.requireNonNull(optimizer, "Sequential.compile: optimizer is null");
        Objects.requireNonNull(loss, "Sequential.compile: loss is null");
        NullChecks.requireNoNullElements(metrics, "Sequential.compile", "metrics");
        trainer.compile(Optimizers.get(optimizer), loss, metrics);
    }

    /** An optimizer object with the loss and metrics by name. */
    public void compile(Optimizer optimizer, String loss, String... metrics) {
        trainer.compile(optimizer, loss, metrics);
    }

    /** Whether {@link #compile} was called. */
    public boolean isCompiled() {
        return trainer.isCompiled();
    }

    /** The optimizer given to {@link #compile}, or null. */
    public Optimizer optimizer() {
        return trainer.optimizer();
    }

    /** The loss given to {@link #compile}, or null. */
    public Loss loss() {
        return trainer.loss();
    }

    /** The metrics given to {@link #compile} (read-only). */
    public List<Metric> metrics() {
        return trainer.metrics();
    }

    /** The names of what {@link #evaluate} and {@link #trainOnBatch} return: {@code loss}, then the metrics. */
    public List<String> metricsNames() {
        return trainer.metricsNames();
    }

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
        try (OneCallAtATime.Claim claim = inUse.claim("fit")) { return trainer.fit(x, y, options); }
    }

    /**
     * One gradient step on one batch; returns the batch's {@code [loss, metric1, ...]} as measured
     * before the step. If the loss is NaN or infinite, the step is not applied (the weights would
     * become NaN too).
     */
    public double[] trainOnBatch(Tensor x, Tensor y) {
        try (OneCallAtATime.Claim claim = inUse.claim("trainOnBatch")) { return trainer.trainOnBatch(x, y); }
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
        try (OneCallAtATime.Claim claim = inUse.claim("evaluate")) { return trainer.evaluate(x, y, batchSize); }
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
        try (OneCallAtATime.Claim claim = inUse.claim("predict")) { return trainer.predict(x, batchSize); }
    }

    /** Asks {@link #fit} to stop after the current batch; callbacks such as early stopping call it. */
    public void setStopTraining(boolean stop) {
        trainer.setStopTraining(stop);
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

    /** The parameters of the layers that are not frozen, asked layer by layer (so nested ones too). */
    @Override
    public List<Tensor> trainableParameters() {
        List<Tensor> trainable = new ArrayList<>();
        for (Layer layer : layers) {
            trainable.addAll(layer.trainableParameters());
        }
        return trainable;
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
     *
     * @param weights one tensor per weight
     * @throws NullPointerException     if {@code weights} or one of its elements is null
     * @throws IllegalArgumentException if the count or a shape does not match the model's
     */
    public void setWeights(List<Tensor> weights) {
        NullChecks.requireNoNullElements(weights, "Sequential.setWeights", "weights");
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
        Objects.requireNonNull(file, "Sequential.saveWeights: file is null");
        requireBuilt("saveWeights");
        SafeTensors.write(file, namedWeights(), Map.of("format", "gradbook", "model", name()));
    }

    /**
     * Reads weights saved by {@link #saveWeights(Path)} into this model. Every name, shape and
     * dtype is checked against the model <em>before</em> any weight changes: a file that does not
     * fit (another architecture, a tampered or truncated file) fails with a message saying what
     * differs, and leaves the model exactly as it was.
     *
     * <p>Tensors in the file that the model has no weight of (an optimizer's state, a second head,
     * a large embedding saved alongside) are ignored, and their bytes are never read: the header
     * says where each tensor lies, so only the model's own weights are read from the disk, and the
     * memory a load needs is the size of the model, whatever the size of the file.
     */
    public void loadWeights(Path file) throws IOException {
        Objects.requireNonNull(file, "Sequential.loadWeights: file is null");
        requireBuilt("loadWeights");
        // The header alone (checked in full: offsets, dtypes, sizes against the file) is enough to
        // compare names, shapes and dtypes, so a file that does not fit is refused unread.
        Map<String, TensorInfo> header = SafeTensors.readHeader(file);
        List<String> names = weightNames();
        List<Tensor> params = parameters();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            TensorInfo s = header.get(names.get(i));
            Tensor p = params.get(i);
            if (s == null) {
                problems.add("missing " + names.get(i));
            } else if (!Arrays.equals(s.shape(), p.shape()) || s.dtype() != p.dtype()) {
                problems.add(names.get(i) + " is " + Arrays.toString(s.shape()) + " " + s.dtype()
                        + " in the file but " + Arrays.toString(p.shape()) + " " + p.dtype() + " in the model");
            }
        }
        if (!problems.isEmpty()) {
            List<String> others = new ArrayList<>(header.keySet());
            others.removeAll(names);
            String hint = others.isEmpty() ? "" : "; the file also holds " + String.join(", ", others)
                    + ", which this model has no weight of";
            throw new IllegalArgumentException("loadWeights: " + file + " does not fit this model ("
                    + String.join("; ", problems) + hint + "); the model was not changed. Load a file saved from a"
                    + " model with the same layers (and dtype: see Tensor.setDefaultDType)");
        }
        Map<String, Tensor> stored = SafeTensors.read(file, new HashSet<>(names));
        if (!stored.keySet().containsAll(names)) { // another program replaced the file in between
            throw new IOException("loadWeights: " + file + " changed while it was being read; load it again");
        }
        setWeights(names.stream().map(stored::get).toList()); // in getWeights() order
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
            throw new NullPointerException("setOutput: the stream is null");
        }
        this.out = stream;
        this.interactive = interactive;
    }

    /** Whether {@link #output()} is a terminal that can redraw a progress line. */
    boolean isInteractive() {
        return interactive;
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
        Objects.requireNonNull(modelName, "Sequential.name: modelName is null");
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("Sequential: the model name must not be blank");
        }
        this.name = modelName;
        return this;
    }

    /**
     * Builds this model as a layer of a bigger one. If it is not built yet, its layers draw their
     * initial weights (and dropout masks) from the parent's generator, so the outermost model's
     * seed alone decides the whole network; this model's own seed, if it had one, is then unused.
     * A model built before it was nested keeps its weights, as any built layer does.
     */
    @Override
    public void build(int[] sampleShape, RandomGenerator parentRng) {
        Objects.requireNonNull(sampleShape, "Sequential.build: sampleShape is null");
        Objects.requireNonNull(parentRng, "Sequential.build: parentRng is null");
        if (inputShape == null) {
            rng = new SplittableRandom(parentRng.nextLong());
        }
        build(sampleShape);
    }

    @Override
    public int[] outputShape(int[] sampleShape) {
        Objects.requireNonNull(sampleShape, "Sequential.outputShape: sampleShape is null");
        build(sampleShape);
        return outputShape();
    }

    @Override
    public int[] declaredInputShape() {
        return layers.isEmpty() ? null : layers.get(0).declaredInputShape();
    }

    // ------------------------------------------------------------------------------------------
    // What the Trainer asks of its model
    // ------------------------------------------------------------------------------------------

    /** A generator of its own for shuffling in {@code fit}, split from the model's seeded one. */
    RandomGenerator splitRandom() {
        return rng.split();
    }

    /** Builds the model from {@code x} if needed, then checks that x's samples fit the first layer. */
    void checkInput(String op, Tensor x) {
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
