package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.NullChecks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Prints training progress the way Keras does. {@code fit} adds one automatically when
 * {@code verbose} is 1 or 2, writing to the model's {@link dev.gradbook.layers.Sequential#output()
 * output}.
 *
 * <pre>
 * Epoch 1/20
 * 63/63 [==============================] - 2s 30ms/step - loss: 0.4120 - accuracy: 0.8812 - val_loss: 0.2011 - val_accuracy: 0.9400
 * </pre>
 *
 * <ul>
 *   <li>{@code verbose = 1} on a terminal: the bar is redrawn in place after each batch (a
 *       carriage return {@code \r} moves the cursor back to the start of the line), with the
 *       estimated time left: {@code 12/63 [=====>........................] - ETA: 1s - loss: ...}.</li>
 *   <li>{@code verbose = 1} elsewhere (a log file, CI): {@code \r} would leave dozens of partial
 *       lines, so only the final bar of each epoch is printed.</li>
 *   <li>{@code verbose = 2}: one plain line per epoch,
 *       {@code 63/63 - 2s - loss: ... - 2s/epoch - 30ms/step}.</li>
 * </ul>
 */
public final class ProgressLogger implements Callback {
    /** Characters between the brackets of the bar. */
    public static final int BAR_WIDTH = 30;
    /** Minimum time between two redraws of the running bar: redrawing is not free. */
    private static final long REDRAW_INTERVAL_NANOS = 50_000_000L;

    private final PrintStream out;
    private final int verbose;
    private final boolean interactive;
    private final LongSupplier clock;

    private int epochs;
    private int steps;
    private long epochStart;
    private long lastDraw;
    private int drawnWidth;

    /**
     * A logger writing to {@code out}; {@code interactive} says whether it is a terminal on which
     * {@code \r} redraws a line.
     */
    public ProgressLogger(PrintStream out, int verbose, boolean interactive) {
        this(Objects.requireNonNull(out, "ProgressLogger: out is null"), verbose, interactive, System::nanoTime);
    }

    /** As above, with a clock in nanoseconds (tests pass a fake one to get fixed timings). */
    public ProgressLogger(PrintStream out, int verbose, boolean interactive, LongSupplier nanoClock) {
        Objects.requireNonNull(out, "ProgressLogger: out is null");
        Objects.requireNonNull(nanoClock, "ProgressLogger: nanoClock is null");
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("ProgressLogger: verbose must be 0, 1 or 2, got " + verbose);
        }
        this.out = out;
        this.verbose = verbose;
        this.interactive = interactive;
        this.clock = nanoClock;
    }

    @Override
    public void setParams(TrainingParams params) {
        Objects.requireNonNull(params, "ProgressLogger.setParams: params is null");
        this.epochs = params.epochs();
        this.steps = params.steps();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "ProgressLogger.onEpochBegin", "logs");
        if (verbose == 0) {
            return;
        }
        out.println("Epoch " + (epoch + 1) + "/" + epochs);
        out.flush();
        epochStart = clock.getAsLong();
        lastDraw = Long.MIN_VALUE;
        drawnWidth = 0;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "ProgressLogger.onBatchEnd", "logs");
        if (verbose != 1 || !interactive) {
            return;
        }
        int done = batch + 1;
        long now = clock.getAsLong();
        if (done >= steps || (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_INTERVAL_NANOS)) {
            return; // the final bar is drawn at the end of the epoch, with the validation results
        }
        lastDraw = now;
        double secondsPerStep = seconds(now - epochStart) / done;
        String line = counter(done) + " " + bar(done, steps) + " - ETA: " + eta(secondsPerStep * (steps - done))
                + values(logs);
        redraw(line);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        NullChecks.requireNoNullEntries(logs, "ProgressLogger.onEpochEnd", "logs");
        if (verbose == 0) {
            return;
        }
        double elapsed = seconds(clock.getAsLong() - epochStart);
        double perStep = elapsed / Math.max(1, steps);
        if (verbose == 2) {
            out.println(counter(steps) + " - " + wholeSeconds(elapsed) + values(logs) + " - " + wholeSeconds(elapsed)
                    + "/epoch - " + perStep(perStep));
        } else {
            String line = counter(steps) + " " + bar(steps, steps) + " - " + wholeSeconds(elapsed) + " "
                    + perStep(perStep) + values(logs);
            if (interactive) {
                redraw(line);
                out.println();
            } else {
                out.println(line);
            }
        }
        out.flush();
    }

    /** Overwrites the current terminal line; pads with spaces when the new text is shorter. */
    private void redraw(String line) {
        int pad = Math.max(0, drawnWidth - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        drawnWidth = line.length();
    }

    /** {@code " 7/63"}: the count right-aligned to the width of the total. */
    private String counter(int done) {
        int digits = String.valueOf(steps).length();
        return String.format(Locale.ROOT, "%" + digits + "d/%d", done, steps);
    }

    /** {@code [=====>........................]}: '=' for done, '>' at the front, '.' for the rest. */
    static String bar(int done, int total) {
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
        StringBuilder sb = new StringBuilder("[");
        if (filled > 0) {
            sb.append("=".repeat(filled - 1)).append(done < total ? '>' : '=');
        }
        sb.append(".".repeat(BAR_WIDTH - filled));
        return sb.append(']').toString();
    }

    /** {@code " - loss: 0.4120 - accuracy: 0.8812"}; tiny values in scientific notation. */
    static String values(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            double v = e.getValue();
            String number = Math.abs(v) > 1e-3 || v == 0 ? String.format(Locale.ROOT, "%.4f", v)
                    : String.format(Locale.ROOT, "%.4e", v);
            sb.append(" - ").append(e.getKey()).append(": ").append(number);
        }
        return sb.toString();
    }

    /** {@code 30ms/step}, in the unit that keeps the number readable. */
    static String perStep(double seconds) {
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.0fs/step", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", seconds * 1e6);
    }

    /** Time left as {@code 5s}, {@code 2:05} or {@code 1:02:05}. */
    static String eta(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }

    private static String wholeSeconds(double seconds) {
        return String.format(Locale.ROOT, "%.0fs", seconds);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
