package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.layers.Sequential;
import dev.gradbook.layers.io.AtomicFiles;
import dev.gradbook.layers.io.SafeTensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Saves the model's weights at the end of epochs, so a long run can be resumed and the best model
 * kept.
 *
 * <pre>{@code
 * new ModelCheckpoint("weights-{epoch:02d}-{val_loss:.4f}.safetensors")
 *         .monitor("val_loss").saveBestOnly(true)
 * }</pre>
 *
 * <p>The file name is a template: {@code {epoch}} becomes the epoch number counted from 1 (as
 * printed), and any log key such as {@code {val_loss}} its value; after a colon comes a format as
 * in Python, {@code 02d} or {@code .4f}. The files are safetensors, as
 * {@link Sequential#saveWeights} writes them (atomically); another format can be plugged in with a
 * {@link WeightsSaver}. With {@link #saveBestOnly(boolean) saveBestOnly}, a file
 * is written only when the monitored quantity improved.
 */
public final class ModelCheckpoint implements Callback {
    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");

    private final String filepath;
    private final WeightsSaver saver;
    private String monitorKey = "val_loss";
    private Mode mode = Mode.AUTO;
    private boolean saveBestOnly = false;

    private Sequential model;
    private Monitor monitor;
    private double best;
    private final List<Path> saved = new ArrayList<>();

    /** Saves safetensors files named by the {@code filepath} template. */
    public ModelCheckpoint(String filepath) {
        this(Objects.requireNonNull(filepath, "ModelCheckpoint: filepath is null"), SafeTensors::write);
    }

    /** Saves to files named by the {@code filepath} template, through {@code saver}. */
    public ModelCheckpoint(String filepath, WeightsSaver saver) {
        Objects.requireNonNull(filepath, "ModelCheckpoint: filepath is null");
        Objects.requireNonNull(saver, "ModelCheckpoint: saver is null");
        if (filepath.isBlank()) {
            throw new IllegalArgumentException("ModelCheckpoint: the file path template must not be blank");
        }
        this.filepath = filepath;
        this.saver = saver;
    }

    /** The log key deciding "best" for {@link #saveBestOnly} (default {@code "val_loss"}). */
    public ModelCheckpoint monitor(String key) {
        Objects.requireNonNull(key, "ModelCheckpoint.monitor: key is null");
        this.monitorKey = key;
        return this;
    }

    /** Whether smaller or larger is better (default {@link Mode#AUTO}). */
    public ModelCheckpoint mode(Mode mode) {
        Objects.requireNonNull(mode, "ModelCheckpoint.mode: mode is null");
        this.mode = mode;
        return this;
    }

    /** Save only when the monitored quantity improved (default false: after every epoch). */
    public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
        this.saveBestOnly = saveBestOnly;
        return this;
    }

    @Override
    public void setModel(Sequential model) {
        Objects.requireNonNull(model, "ModelCheckpoint.setModel: model is null");
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "ModelCheckpoint.onTrainBegin", "logs");
        monitor = new Monitor(monitorKey, mode, 0);
        best = monitor.initialBest();
        removeLeftoversOfKilledRuns();
    }

    /**
     * A run killed while it saved {@code weights-06.safetensors} left that save's temporary file
     * behind, and no later save to the same name may come to remove it (the next run may stop at
     * epoch 5). So before the first save, the temporary files of dead processes for every name
     * this template can make are removed (a template with fields in its folder part is left alone).
     */
    private void removeLeftoversOfKilledRuns() {
        Path template = Path.of(filepath).toAbsolutePath();
        Path directory = template.getParent();
        if (directory == null || directory.toString().contains("{") || !Files.isDirectory(directory)) {
            return;
        }
        // Literal parts quoted, each {field} any text: "weights-{epoch:02d}.safetensors" -> \Qweights-\E.+?\Q.safetensors\E
        Pattern names = Pattern.compile(Arrays.stream(template.getFileName().toString().split("\\{[^}]*\\}", -1))
                .map(Pattern::quote).collect(Collectors.joining(".+?")));
        AtomicFiles.removeStaleTemporaries(directory, name -> names.matcher(name).matches());
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "ModelCheckpoint.onEpochEnd", "logs");
        if (saveBestOnly) {
            double current = monitor.read("ModelCheckpoint", logs);
            if (!monitor.isImprovement(current, best)) {
                return;
            }
            best = current;
        }
        Path path = Path.of(format(filepath, epoch, logs));
        try {
            saver.save(path, model.namedWeights());
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not save weights to " + path + ": " + e.getMessage(), e);
        }
        saved.add(path);
    }

    /** The files written so far, in order. */
    public List<Path> savedPaths() {
        return List.copyOf(saved);
    }

    /** Fills the template's {@code {key}} and {@code {key:format}} fields. */
    static String format(String template, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String spec = m.group(2);
            Object value;
            if (key.equals("epoch")) {
                value = epoch + 1;
            } else if (logs.containsKey(key)) {
                value = logs.get(key);
            } else {
                throw new IllegalArgumentException("ModelCheckpoint: the file name template '" + template
                        + "' uses {" + key + "}, which is not reported; available: epoch, "
                        + String.join(", ", logs.keySet()));
            }
            String text;
            if (spec == null || spec.isEmpty()) {
                text = String.valueOf(value);
            } else {
                if (value instanceof Integer i && spec.endsWith("f")) {
                    value = i.doubleValue();
                } else if (value instanceof Double d && spec.endsWith("d")) {
                    value = (long) (double) d;
                }
                try {
                    text = String.format(Locale.ROOT, "%" + spec, value);
                } catch (java.util.IllegalFormatException e) {
                    throw new IllegalArgumentException("ModelCheckpoint: cannot format {" + key + ":" + spec
                            + "} in '" + template + "'; use formats such as 02d or .4f", e);
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }
}
