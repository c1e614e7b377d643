package dev.gradbook.layers.plot;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.layers.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Draws a fully connected network the way textbooks do: one column of circles per layer, input on
 * the left, and a line from every node to every node of the next column, as standalone SVG.
 *
 * <h2>Wide layers</h2>
 * The seed MLP has 784 inputs and 512 hidden units; drawn in full its picture would be a solid grey
 * block of 400,000 lines. So a column of more than {@code maxNodes} units (12 by default) shows
 * only {@code maxNodes} of them — half at the top, half at the bottom — with a
 * {@code "⋮ 512 units"} marker in the gap. The edges drawn between two columns are then the
 * product of their <em>drawn</em> node counts, which is enough to see the idea: every unit of a
 * Dense layer looks at every output of the layer before it.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * ModelDiagram.write(Path.of("mlp.svg"), List.of(
 *         ModelDiagram.Layer.input(784),
 *         new ModelDiagram.Layer("dense", 512, "relu"),
 *         new ModelDiagram.Layer("dense_1", 512, "relu"),
 *         new ModelDiagram.Layer("dense_2", 10, "softmax")));
 * }</pre>
 * Under each column a caption gives the layer's name, its size and its activation. Layers that do
 * not change the number of units (dropout, a separate activation layer) are not columns: fold them
 * into the caption's label if you want them shown, e.g. {@code "relu, dropout 0.2"}.
 *
 * <h2>Output</h2>
 * An SVG 1.1 document with an XML declaration, drawn with presentation attributes only (no CSS,
 * no scripts, no external fonts), so browsers, Inkscape and converters all show the same picture.
 * Every text is XML-escaped. For tools, each column is a {@code <g class="layer ...">} with
 * {@code data-units} and {@code data-drawn} attributes, and each set of edges a
 * {@code <g class="edges">}.
 */
public final class ModelDiagram {

    /**
     * One column of the diagram: a layer's name, its number of units and its activation.
     *
     * @param name       the layer's name, e.g. {@code "dense_1"}; shown as the caption's first line
     * @param units      its number of units (outputs); at least 1
     * @param activation its activation, e.g. {@code "relu"}, or {@code ""} for none ({@code null}
     *                   is read as {@code ""})
     */
    public record Layer(String name, int units, String activation) {

        /**
         * Checks the values, so a bad layer fails where it is made, not when it is drawn.
         *
         * @param name       the layer's name
         * @param units      its number of units; at least 1
         * @param activation its activation, {@code ""} or {@code null} for none
         * @throws NullPointerException     if the name is null
         * @throws IllegalArgumentException if {@code units < 1}
         */
        public Layer {
            Objects.requireNonNull(name, "ModelDiagram.Layer: name is null");
            if (units < 1) {
                throw new IllegalArgumentException("model diagram: layer \"" + name + "\" has " + units
                        + " units; a layer needs at least 1");
            }
            activation = activation == null ? "" : activation;
        }

        /**
         * The input column: {@code units} input features (784 for a flattened 28×28 MNIST image),
         * named {@code "input"}, with no activation.
         *
         * @param units the number of input features
         * @return the input column
         */
        public static Layer input(int units) {
            return new Layer("input", units, "");
        }
    }

    /** At most this many nodes are drawn per column unless {@code maxNodes} says otherwise. */
    public static final int DEFAULT_MAX_NODES = 12;

    private static final int NODE_RADIUS = 9;
    private static final int NODE_PITCH = 26;        // centre to centre, vertically
    private static final int MIN_COLUMN_GAP = 170;
    private static final int MARGIN = 40;
    private static final int CAPTION_LINE = 17;
    private static final double CHAR_WIDTH = 7.5;    // rough width of a 13px sans-serif character

    private ModelDiagram() {
    }

    /**
     * The diagram of {@code layers} as SVG text, drawing at most {@value #DEFAULT_MAX_NODES} nodes
     * per column.
     *
     * @param layers the columns, input first
     * @return a standalone SVG document
     * @throws NullPointerException     if {@code layers} or one of its elements is null
     * @throws IllegalArgumentException if {@code layers} is empty
     */
    public static String toSvg(List<Layer> layers) {
        return toSvg(layers, DEFAULT_MAX_NODES);
    }

    /**
     * The diagram of {@code layers} as SVG text, drawing at most {@code maxNodes} nodes per column.
     *
     * @param layers   the columns, input first
     * @param maxNodes the most nodes drawn in one column; at least 2 (one above the gap, one below)
     * @return a standalone SVG document
     * @throws NullPointerException     if {@code layers} or one of its elements is null
     * @throws IllegalArgumentException if {@code layers} is empty, or {@code maxNodes < 2}
     */
    public static String toSvg(List<Layer> layers, int maxNodes) {
        NullChecks.requireNoNullElements(layers, "ModelDiagram.toSvg", "layers");
        checkArguments(layers, maxNodes);
        int columns = layers.size();
        int[] drawn = new int[columns];
        int tallestSlots = 0;
        int longestCaption = 0;
        for (int c = 0; c < columns; c++) {
            Layer layer = layers.get(c);
            drawn[c] = drawnNodes(layer.units(), maxNodes);
            tallestSlots = Math.max(tallestSlots, slots(layer.units(), maxNodes));
            for (String line : captionLines(layer)) {
                longestCaption = Math.max(longestCaption, line.length());
            }
            longestCaption = Math.max(longestCaption, ellipsisText(layer.units()).length());
        }
        double columnGap = Math.max(MIN_COLUMN_GAP, longestCaption * CHAR_WIDTH + 30);
        double left = MARGIN + Math.max(NODE_RADIUS, longestCaption * CHAR_WIDTH / 2);
        double top = MARGIN;
        double nodesHeight = (tallestSlots - 1) * NODE_PITCH;
        double width = 2 * left + (columns - 1) * columnGap;
        double captionTop = top + nodesHeight + NODE_RADIUS + 28;
        double height = captionTop + 3 * CAPTION_LINE + MARGIN / 2.0;

        // Node centres, column by column; the ellipsis marker takes one slot in capped columns.
        List<double[]> ys = new ArrayList<>();
        double[] xs = new double[columns];
        for (int c = 0; c < columns; c++) {
            int units = layers.get(c).units();
            int slots = slots(units, maxNodes);
            double columnTop = top + (nodesHeight - (slots - 1) * NODE_PITCH) / 2;
            double[] y = new double[drawn[c]];
            int above = (drawn[c] + 1) / 2;
            boolean capped = units > maxNodes;
            for (int i = 0; i < drawn[c]; i++) {
                int slot = capped && i >= above ? i + 1 : i;
                y[i] = columnTop + slot * NODE_PITCH;
            }
            ys.add(y);
            xs[c] = left + c * columnGap;
        }

        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width))
                .append(' ').append(num(height)).append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
                        + " font-size=\"13\">\n");
        svg.append("  <title>").append(xml(describe(layers))).append("</title>\n");
        svg.append("  <rect class=\"background\" x=\"0\" y=\"0\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" fill=\"#ffffff\"/>\n");

        // Edges first, so that the nodes are painted over their ends.
        for (int c = 0; c + 1 < columns; c++) {
            svg.append("  <g class=\"edges\" data-from=\"").append(xml(layers.get(c).name()))
                    .append("\" data-to=\"").append(xml(layers.get(c + 1).name()))
                    .append("\" stroke=\"#8c98a4\" stroke-width=\"0.7\" stroke-opacity=\"0.55\">\n");
            for (double y1 : ys.get(c)) {
                for (double y2 : ys.get(c + 1)) {
                    svg.append("    <line x1=\"").append(num(xs[c])).append("\" y1=\"").append(num(y1))
                            .append("\" x2=\"").append(num(xs[c + 1])).append("\" y2=\"").append(num(y2))
                            .append("\"/>\n");
                }
            }
            svg.append("  </g>\n");
        }

        for (int c = 0; c < columns; c++) {
            Layer layer = layers.get(c);
            String role = c == 0 ? "input" : c == columns - 1 ? "output" : "hidden";
            String fill = switch (role) {
                case "input" -> "#a8d5a2";
                case "output" -> "#f4b183";
                default -> "#9dc3e6";
            };
            svg.append("  <g class=\"layer ").append(role).append("\" data-name=\"").append(xml(layer.name()))
                    .append("\" data-units=\"").append(layer.units()).append("\" data-drawn=\"").append(drawn[c])
                    .append("\">\n");
            svg.append("    <g class=\"nodes\" fill=\"").append(fill).append("\" stroke=\"#3b4a5a\" stroke-width=\"1.2\">\n");
            for (double y : ys.get(c)) {
                svg.append("      <circle class=\"node\" cx=\"").append(num(xs[c])).append("\" cy=\"").append(num(y))
                        .append("\" r=\"").append(NODE_RADIUS).append("\"/>\n");
            }
            svg.append("    </g>\n");
            if (layer.units() > maxNodes) {
                double[] y = ys.get(c);
                double gapY = (y[(drawn[c] + 1) / 2 - 1] + y[(drawn[c] + 1) / 2]) / 2;
                String marker = ellipsisText(layer.units());
                double boxWidth = marker.length() * CHAR_WIDTH + 10;
                svg.append("    <g class=\"ellipsis\">\n");
                svg.append("      <rect x=\"").append(num(xs[c] - boxWidth / 2)).append("\" y=\"")
                        .append(num(gapY - 9)).append("\" width=\"").append(num(boxWidth))
                        .append("\" height=\"18\" rx=\"4\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>\n");
                svg.append("      <text x=\"").append(num(xs[c])).append("\" y=\"").append(num(gapY + 4.5))
                        .append("\" text-anchor=\"middle\" fill=\"#3b4a5a\">")
                        // the dots larger than the words; the text still reads "⋮ 512 units"
                        .append("<tspan font-size=\"18\" font-weight=\"bold\">⋮</tspan>")
                        .append(xml(marker.substring(1))).append("</text>\n");
                svg.append("    </g>\n");
            }
            List<String> caption = captionLines(layer);
            String[] kinds = {"name", "units", "activation"};
            String[] styles = {" font-weight=\"bold\"", "", " font-style=\"italic\""};
            for (int line = 0; line < caption.size(); line++) {
                svg.append("    <text class=\"caption ").append(kinds[line]).append("\" x=\"").append(num(xs[c]))
                        .append("\" y=\"").append(num(captionTop + line * CAPTION_LINE))
                        .append("\" text-anchor=\"middle\" fill=\"#1f2d3a\"").append(styles[line]).append('>')
                        .append(xml(caption.get(line))).append("</text>\n");
            }
            svg.append("  </g>\n");
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /**
     * Writes the diagram of {@code layers} to {@code file} as UTF-8 SVG, atomically (see
     * {@link AtomicFiles}), drawing at most {@value #DEFAULT_MAX_NODES} nodes per column.
     *
     * @param file   where to write, e.g. {@code mlp.svg}
     * @param layers the columns, input first
     * @throws NullPointerException     if {@code file}, {@code layers} or one of its elements is null
     * @throws IllegalArgumentException as {@link #toSvg(List)}
     * @throws IOException              if the file cannot be written; a previous file is unchanged
     */
    public static void write(Path file, List<Layer> layers) throws IOException {
        write(file, layers, DEFAULT_MAX_NODES);
    }

    /**
     * Writes the diagram of {@code layers} to {@code file} as UTF-8 SVG, atomically, drawing at
     * most {@code maxNodes} nodes per column.
     *
     * @param file     where to write
     * @param layers   the columns, input first
     * @param maxNodes the most nodes drawn in one column; at least 2
     * @throws NullPointerException     if {@code file}, {@code layers} or one of its elements is null
     * @throws IllegalArgumentException as {@link #toSvg(List, int)}
     * @throws IOException              if the file cannot be written; a previous file is unchanged
     */
    public static void write(Path file, List<Layer> layers, int maxNodes) throws IOException {
        Objects.requireNonNull(file, "ModelDiagram.write: file is null");
        NullChecks.requireNoNullElements(layers, "ModelDiagram.write", "layers");
        AtomicFiles.write(file, toSvg(layers, maxNodes).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How many nodes a column of {@code units} shows: all of them, or {@code maxNodes} if there are
     * more.
     *
     * @param units    the layer's number of units
     * @param maxNodes the cap
     * @return {@code min(units, maxNodes)}
     */
    public static int drawnNodes(int units, int maxNodes) {
        return Math.min(units, maxNodes);
    }

    /** Vertical slots a column needs: its drawn nodes, plus one for the marker if capped. */
    private static int slots(int units, int maxNodes) {
        return drawnNodes(units, maxNodes) + (units > maxNodes ? 1 : 0);
    }

    private static void checkArguments(List<Layer> layers, int maxNodes) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("model diagram: no layers to draw; pass at least the input,"
                    + " e.g. List.of(Layer.input(784), new Layer(\"dense\", 512, \"relu\"))");
        }
        if (maxNodes < 2) {
            throw new IllegalArgumentException("model diagram: maxNodes is " + maxNodes + " but must be at least"
                    + " 2, one node above the \"⋮\" marker and one below");
        }
    }

    private static List<String> captionLines(Layer layer) {
        List<String> lines = new ArrayList<>();
        lines.add(layer.name());
        lines.add(layer.units() + (layer.units() == 1 ? " unit" : " units"));
        if (!layer.activation().isEmpty()) {
            lines.add(layer.activation());
        }
        return lines;
    }

    private static String ellipsisText(int units) {
        return "⋮ " + units + " units";
    }

    /** {@code "input (784) → dense (512, relu) → ..."}, the accessible title of the picture. */
    private static String describe(List<Layer> layers) {
        StringJoiner joiner = new StringJoiner(" → ", "Model diagram: ", "");
        for (Layer layer : layers) {
            joiner.add(layer.name() + " (" + layer.units()
                    + (layer.activation().isEmpty() ? "" : ", " + layer.activation()) + ")");
        }
        return joiner.toString();
    }

    /** A coordinate with at most one decimal and always a '.', whatever the default locale. */
    private static String num(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded)
                ? Long.toString((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
    }

    /**
     * {@code text} made safe for XML content and attribute values: the five special characters
     * become entities, and characters XML 1.0 cannot carry at all (most control characters,
     * unpaired surrogates) become U+FFFD, the replacement character.
     */
    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                            || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
