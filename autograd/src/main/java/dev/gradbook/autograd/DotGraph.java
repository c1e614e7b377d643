package dev.gradbook.autograd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A small builder for <a href="https://graphviz.org/doc/info/lang.html">Graphviz DOT</a> text,
 * the plain-text format that Graphviz's {@code dot} program turns into a picture of a graph.
 *
 * <p>gradbook draws its computation graphs with it: {@link Scalar#toDot()} today, tensor graphs
 * later. The builder knows nothing about either; it only knows DOT. Paste its output into any
 * Graphviz viewer, or run {@code dot -Tsvg graph.dot -o graph.svg}.
 *
 * <pre>{@code
 * String dot = new DotGraph("example")
 *         .graphAttribute("rankdir", "LR")          // draw left to right
 *         .recordNode("x", "x", "value 2.0000")     // a box split into fields
 *         .node("op", "*", "circle")
 *         .edge("x", "op")
 *         .toString();
 * }</pre>
 *
 * <p>Every name and label is written as a quoted DOT string, so any text is safe to pass in:
 * quotes and backslashes are escaped and a newline becomes DOT's {@code \n} line break. In a
 * record node the characters {@code { } | < >} would otherwise split the box into fields, so
 * {@link #recordNode} escapes them in each field's text too.
 *
 * <p>Statements come out in the order they were added, so the same graph always gives the same
 * text (handy in tests and in diffs).
 */
public final class DotGraph {

    private final String name;
    private final List<String> statements = new ArrayList<>();
    private final Set<String> nodeIds = new HashSet<>();

    /**
     * Starts an empty directed graph.
     *
     * @param name the graph's name, written after {@code digraph}; any text
     * @throws NullPointerException if {@code name} is null
     */
    public DotGraph(String name) {
        Objects.requireNonNull(name, "DotGraph: name is null");
        this.name = name;
    }

    /**
     * Sets an attribute of the whole graph, for example {@code rankdir = LR} to lay it out from
     * left to right instead of top to bottom.
     *
     * @param key   the attribute's name, e.g. {@code "rankdir"}
     * @param value its value, e.g. {@code "LR"}
     * @return this builder, to chain calls
     * @throws NullPointerException if either argument is null
     */
    public DotGraph graphAttribute(String key, String value) {
        Objects.requireNonNull(key, "DotGraph.graphAttribute: key is null");
        Objects.requireNonNull(value, "DotGraph.graphAttribute: value is null");
        statements.add(quote(key) + "=" + quote(value) + ";");
        return this;
    }

    /**
     * Adds a node.
     *
     * @param id    the node's identifier, used again in {@link #edge}; any text, unique per graph
     * @param label the text drawn in the node; may contain newlines
     * @param shape a Graphviz shape name such as {@code "box"}, {@code "ellipse"} or
     *              {@code "circle"}
     * @return this builder, to chain calls
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code id} is already used
     */
    public DotGraph node(String id, String label, String shape) {
        Objects.requireNonNull(id, "DotGraph.node: id is null");
        Objects.requireNonNull(label, "DotGraph.node: label is null");
        Objects.requireNonNull(shape, "DotGraph.node: shape is null");
        String quotedLabel = quote(label);
        addNode(id, quotedLabel, shape);
        return this;
    }

    /**
     * Adds a record node: a box divided into fields, stacked one above the other in the default
     * top-to-bottom layout and side by side when the graph is laid out left to right
     * ({@code rankdir = LR}). gradbook uses it to show a value and its gradient in one box.
     *
     * @param id     the node's identifier, used again in {@link #edge}; unique per graph
     * @param fields the text of each field, in order; record-syntax characters in them are
     *               escaped, so they are shown as typed
     * @return this builder, to chain calls
     * @throws NullPointerException     if an argument or field is null
     * @throws IllegalArgumentException if there is no field, or
     *                                  {@code id} is already used
     */
    public DotGraph recordNode(String id, String... fields) {
        Objects.requireNonNull(id, "DotGraph.recordNode: id is null");
        NullChecks.requireNoNullElements(fields, "DotGraph.recordNode", "fields");
        if (fields.length == 0) {
            throw new IllegalArgumentException("DotGraph.recordNode: node '" + id + "' needs at least one field");
        }
        StringBuilder label = new StringBuilder("{ ");
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                label.append(" | ");
            }
            label.append(escapeRecordField(fields[i]));
        }
        label.append(" }");
        // The field separators above must reach Graphviz as typed, so only quote-level escaping
        // is applied to the assembled label: backslashes already added by escapeRecordField stay.
        addNode(id, "\"" + escapeQuotesAndNewlines(label.toString()) + "\"", "record");
        return this;
    }

    /**
     * Adds an arrow from one node to another. The nodes are usually added first, but DOT does not
     * insist: an edge to an unknown id draws a plain node with that name.
     *
     * @param fromId the tail node's identifier
     * @param toId   the head node's identifier (the arrow points here)
     * @return this builder, to chain calls
     * @throws NullPointerException if either id is null
     */
    public DotGraph edge(String fromId, String toId) {
        Objects.requireNonNull(fromId, "DotGraph.edge: fromId is null");
        Objects.requireNonNull(toId, "DotGraph.edge: toId is null");
        statements.add(quote(fromId) + " -> " + quote(toId) + ";");
        return this;
    }

    /**
     * Returns the DOT text of the graph built so far: {@code digraph "name" { ... }}, one
     * statement per line.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("digraph ").append(quote(name)).append(" {\n");
        for (String statement : statements) {
            text.append("  ").append(statement).append('\n');
        }
        return text.append("}\n").toString();
    }

    private void addNode(String id, String quotedLabel, String shape) {
        if (!nodeIds.add(id)) {
            throw new IllegalArgumentException("DotGraph: node id '" + id
                    + "' is used twice; give every node its own id");
        }
        statements.add(quote(id) + " [label=" + quotedLabel + ", shape=" + quote(shape) + "];");
    }

    /** Writes {@code text} as a DOT quoted string that shows exactly {@code text}. */
    static String quote(String text) {
        return "\"" + escapeQuotesAndNewlines(text.replace("\\", "\\\\")) + "\"";
    }

    /**
     * Inside a quoted DOT string {@code \"} is a quote; a newline is written {@code \n}, which
     * Graphviz draws as a centred line break. A carriage return is dropped so Windows line endings
     * do not double the breaks.
     */
    private static String escapeQuotesAndNewlines(String text) {
        return text.replace("\"", "\\\"").replace("\r", "").replace("\n", "\\n");
    }

    /** Escapes a backslash and the characters that a record label would read as structure. */
    private static String escapeRecordField(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '{' || c == '}' || c == '|' || c == '<' || c == '>') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

}
