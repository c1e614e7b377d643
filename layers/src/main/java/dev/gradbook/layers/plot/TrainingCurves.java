package dev.gradbook.layers.plot;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.layers.io.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Draws the learning curves of a training run — loss and accuracy per epoch, on the training and
 * the validation data — side by side in one PNG, with JFreeChart.
 *
 * <h2>Reading the picture</h2>
 * Both training curves should fall (loss) or rise (accuracy) over the epochs. While the validation
 * curves follow them, the model is still learning things that generalise; when validation loss
 * turns upwards while training loss keeps falling, the model has started to memorise its training
 * data (overfitting) — the epoch where that happens is where early stopping would stop.
 *
 * <h2>Input</h2>
 * The per-epoch history of a training run, as Keras' {@code History.history} has it: one list per
 * metric, one value per epoch, keys like {@code loss}, {@code accuracy}, {@code val_loss},
 * {@code val_accuracy}. Each metric gets one panel (loss first, then the others in the map's
 * order), with its {@code val_} twin drawn in the same panel. A NaN or infinite value (a diverged
 * run) leaves a gap in its curve rather than squashing the axis.
 *
 * <h2>Headless</h2>
 * Everything is drawn into an off-screen image; no window is opened. It therefore runs on servers
 * and in CI with {@code -Djava.awt.headless=true} (which Java also chooses by itself on Linux when
 * no {@code DISPLAY} is set).
 */
public final class TrainingCurves {

    /** Width in pixels of the image {@link #writePng(Path, Map)} draws. */
    public static final int DEFAULT_WIDTH = 1000;
    /** Height in pixels of the image {@link #writePng(Path, Map)} draws. */
    public static final int DEFAULT_HEIGHT = 400;
    /** Smallest accepted width and height: below this the axis labels no longer fit. */
    public static final int MIN_SIZE = 100;

    private static final String VALIDATION_PREFIX = "val_";
    private static final Color TRAINING_COLOR = new Color(0x1f, 0x77, 0xb4);
    private static final Color VALIDATION_COLOR = new Color(0xff, 0x7f, 0x0e);

    private TrainingCurves() {
    }

    /**
     * Writes the curves of {@code history} to a {@value #DEFAULT_WIDTH}×{@value #DEFAULT_HEIGHT}
     * PNG, atomically (see {@link AtomicFiles}).
     *
     * @param file    where to write, e.g. {@code curves.png}
     * @param history metric name → one value per epoch
     * @throws NullPointerException     if an argument, or a key or value of {@code history}, is null
     * @throws IllegalArgumentException if the history is empty or its series differ in length
     * @throws IOException              if the file cannot be written; a previous file is unchanged
     */
    public static void writePng(Path file, Map<String, List<Double>> history) throws IOException {
        writePng(file, history, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * Writes the curves of {@code history} to a PNG of the given size, atomically.
     *
     * @param file    where to write
     * @param history metric name → one value per epoch
     * @param width   image width in pixels, shared equally by the panels
     * @param height  image height in pixels
     * @throws NullPointerException     if an argument, or a key or value of {@code history}, is null
     * @throws IllegalArgumentException if the history is empty, its series differ in length, or the
     *                                  size is below {@value #MIN_SIZE} pixels
     * @throws IOException              if the file cannot be written; a previous file is unchanged
     */
    public static void writePng(Path file, Map<String, List<Double>> history, int width, int height)
            throws IOException {
        Objects.requireNonNull(file, "TrainingCurves.writePng: file is null");
        NullChecks.requireNoNullEntries(history, "TrainingCurves.writePng", "history");
        BufferedImage image = render(history, width, height);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("training curves: this Java runtime has no PNG writer (ImageIO)");
            }
        });
    }

    /**
     * Draws the curves of {@code history} into a new image, one panel per metric side by side.
     *
     * @param history metric name → one value per epoch
     * @param width   image width in pixels
     * @param height  image height in pixels
     * @return an RGB image of exactly {@code width × height} pixels
     * @throws NullPointerException     if {@code history}, or one of its keys or values, is null
     * @throws IllegalArgumentException if the history is empty, its series differ in length, or the
     *                                  size is below {@value #MIN_SIZE} pixels
     */
    public static BufferedImage render(Map<String, List<Double>> history, int width, int height) {
        NullChecks.requireNoNullEntries(history, "TrainingCurves.render", "history");
        if (width < MIN_SIZE || height < MIN_SIZE) {
            throw new IllegalArgumentException("training curves: an image of " + width + "×" + height
                    + " pixels is too small; width and height must be at least " + MIN_SIZE);
        }
        List<JFreeChart> charts = charts(history);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            double panelWidth = (double) width / charts.size();
            for (int i = 0; i < charts.size(); i++) {
                charts.get(i).draw(g, new Rectangle2D.Double(i * panelWidth, 0, panelWidth, height));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * One chart per metric, loss first: the building blocks of {@link #render}, for a program
     * that wants to restyle them or show them in a window.
     *
     * @param history metric name → one value per epoch
     * @return the charts, left to right
     * @throws NullPointerException     if {@code history}, or one of its keys or values, is null
     * @throws IllegalArgumentException if the history is empty or its series differ in length
     */
    public static List<JFreeChart> charts(Map<String, List<Double>> history) {
        NullChecks.requireNoNullEntries(history, "TrainingCurves.charts", "history");
        int epochs = checkHistory(history);
        List<JFreeChart> charts = new ArrayList<>();
        for (String metric : metrics(history)) {
            charts.add(chart(metric, history.get(metric), history.get(VALIDATION_PREFIX + metric), epochs));
        }
        return charts;
    }

    /** Checks the history and returns its number of epochs. */
    private static int checkHistory(Map<String, List<Double>> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("training curves: the history is empty, so there is nothing to"
                    + " draw; pass the per-epoch map of the History that fit(...) returns, e.g. {loss=[...],"
                    + " val_loss=[...]}");
        }
        String firstKey = null;
        int epochs = -1;
        for (Map.Entry<String, List<Double>> series : history.entrySet()) {
            String key = series.getKey();
            List<Double> values = series.getValue();
            if (values.isEmpty()) {
                throw new IllegalArgumentException("training curves: \"" + key + "\" has no values; every"
                        + " series needs one value per epoch (train for at least one epoch)");
            }
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) == null) {
                    throw new IllegalArgumentException("training curves: \"" + key + "\" has no value (null)"
                            + " for epoch " + (i + 1));
                }
            }
            if (epochs < 0) {
                firstKey = key;
                epochs = values.size();
            } else if (values.size() != epochs) {
                throw new IllegalArgumentException("training curves: \"" + key + "\" has " + values.size()
                        + " values but \"" + firstKey + "\" has " + epochs + "; every series needs exactly one"
                        + " value per epoch");
            }
        }
        return epochs;
    }

    /** Metric names without the {@code val_} prefix, {@code loss} first, then in the map's order. */
    private static List<String> metrics(Map<String, List<Double>> history) {
        Set<String> metrics = new LinkedHashSet<>();
        for (String key : history.keySet()) {
            boolean validation = key.startsWith(VALIDATION_PREFIX) && key.length() > VALIDATION_PREFIX.length();
            metrics.add(validation ? key.substring(VALIDATION_PREFIX.length()) : key);
        }
        List<String> ordered = new ArrayList<>();
        if (metrics.remove("loss")) {
            ordered.add("loss");
        }
        ordered.addAll(metrics);
        return ordered;
    }

    private static JFreeChart chart(String metric, List<Double> training, List<Double> validation, int epochs) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        List<Color> colors = new ArrayList<>();
        if (training != null) {
            dataset.addSeries(series("training", training));
            colors.add(TRAINING_COLOR);
        }
        if (validation != null) {
            dataset.addSeries(series("validation", validation));
            colors.add(VALIDATION_COLOR);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title(metric), "epoch", metric, dataset,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);

        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));

        NumberAxis epochAxis = (NumberAxis) plot.getDomainAxis();
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // no "epoch 2.5"
        epochAxis.setRange(0.75, epochs + 0.25); // a little room, so the first and last points show whole
        NumberAxis valueAxis = (NumberAxis) plot.getRangeAxis();
        valueAxis.setAutoRangeIncludesZero(false); // accuracy 0.95 → 0.98 must not be a flat line at the top

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < colors.size(); i++) {
            renderer.setSeriesPaint(i, colors.get(i));
            renderer.setSeriesStroke(i, colors.get(i) == VALIDATION_COLOR
                    ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        return chart;
    }

    /** Epochs count from 1, as the progress bar prints them. Non-finite values become gaps. */
    private static XYSeries series(String name, List<Double> values) {
        XYSeries series = new XYSeries(name, false, false);
        for (int i = 0; i < values.size(); i++) {
            double value = values.get(i);
            series.add(i + 1, Double.isFinite(value) ? value : Double.NaN);
        }
        return series;
    }

    /** {@code "val_top_k"} → {@code "Top k"}: the metric name as a panel title. */
    private static String title(String metric) {
        String words = metric.replace('_', ' ').trim();
        return words.isEmpty() ? metric : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
