package dev.gradbook.textbook;

import dev.gradbook.autograd.NullChecks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The info string of a fenced code block, the text after the opening fence: a language, then
 * attributes that tell the listing runner what to do with the block.
 *
 * <pre>
 * ```java                                       runs; must print exactly the ```output block below
 * ```java expect=throws:IllegalArgumentException   must throw that exception (simple or full name)
 * ```java norun="needs a GPU"                    not executed; the reason is shown instead
 * ```java hidden                                 runs, but the rendered site does not show it
 * ```java figure=01-neuron.dot                   its output is also the figure file figures/01-neuron.dot
 * ```java quote=autograd/src/main/java/dev/gradbook/autograd/Scalar.java
 *                                                not run: code quoted from that file (path from the
 *                                                repository root), checked to be there verbatim
 * ```output                                      what the listing just above prints
 * </pre>
 *
 * An attribute is {@code key=value}, {@code key="a value with spaces"} or a bare {@code flag}.
 * Attributes a java listing does not know are an error, so a typo such as {@code norn} fails the
 * build instead of quietly running the listing.
 *
 * @param language   the first word, e.g. {@code java}, {@code output}, {@code text}; {@code ""} if none
 * @param attributes the rest, in order; a flag maps to {@code ""}
 * @param raw        the info string as written, trimmed
 */
public record InfoString(String language, Map<String, String> attributes, String raw) {

    /** The language of a listing the runner executes. */
    public static final String JAVA = "java";
    /** The language of the block that records what the listing above it prints. */
    public static final String OUTPUT = "output";

    /** Attribute: the listing must throw; the value is {@code throws:ExceptionClass}. */
    public static final String EXPECT = "expect";
    /** Attribute: the listing is not executed; the value says why. */
    public static final String NORUN = "norun";
    /** Attribute (flag): setup code the site does not show. */
    public static final String HIDDEN = "hidden";
    /** Attribute: the listing's output is also this file under {@code figures/}. */
    public static final String FIGURE = "figure";
    /** Attribute: the listing quotes this source file (relative to the repository root) and is not run. */
    public static final String QUOTE = "quote";

    private static final Set<String> JAVA_ATTRIBUTES = Set.of(EXPECT, NORUN, HIDDEN, FIGURE, QUOTE);
    private static final String THROWS_PREFIX = "throws:";

    /**
     * Makes the attribute map unmodifiable.
     *
     * @throws NullPointerException if a component, or a key or value of {@code attributes}, is null
     */
    public InfoString {
        Objects.requireNonNull(language, "InfoString: language is null");
        NullChecks.requireNoNullEntries(attributes, "InfoString", "attributes");
        Objects.requireNonNull(raw, "InfoString: raw is null");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * Reads an info string such as {@code java expect=throws:IllegalStateException}.
     *
     * @param text the info string; null is read as empty
     * @return the parsed info string
     * @throws IllegalArgumentException if a quoted value is not closed, an attribute is given
     *                                  twice, or a java listing has an attribute the runner does
     *                                  not know or an {@code expect} it cannot check
     */
    public static InfoString parse(String text) {
        String raw = text == null ? "" : text.strip();
        int firstWordEnd = 0;
        while (firstWordEnd < raw.length() && !Character.isWhitespace(raw.charAt(firstWordEnd))) {
            firstWordEnd++;
        }
        String firstWord = raw.substring(0, firstWordEnd);
        boolean hasLanguage = !firstWord.contains("=");
        String language = hasLanguage ? firstWord : "";
        Map<String, String> attributes = new LinkedHashMap<>();
        int position = hasLanguage ? firstWordEnd : 0;
        while (position < raw.length()) {
            if (Character.isWhitespace(raw.charAt(position))) {
                position++;
                continue;
            }
            int keyStart = position;
            while (position < raw.length() && !Character.isWhitespace(raw.charAt(position))
                    && raw.charAt(position) != '=') {
                position++;
            }
            String key = raw.substring(keyStart, position);
            String value = "";
            if (position < raw.length() && raw.charAt(position) == '=') {
                position++;
                if (position < raw.length() && raw.charAt(position) == '"') {
                    int close = raw.indexOf('"', position + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("info string '" + raw + "': the value of " + key
                                + " opens a quote that is never closed; write " + key + "=\"...\"");
                    }
                    value = raw.substring(position + 1, close);
                    position = close + 1;
                } else {
                    int valueStart = position;
                    while (position < raw.length() && !Character.isWhitespace(raw.charAt(position))) {
                        position++;
                    }
                    value = raw.substring(valueStart, position);
                }
            }
            if (attributes.put(key, value) != null) {
                throw new IllegalArgumentException("info string '" + raw + "': attribute " + key
                        + " is given twice; keep one");
            }
        }
        InfoString info = new InfoString(language, attributes, raw);
        if (info.isJava()) {
            info.checkJavaAttributes();
        }
        return info;
    }

    /** Whether this block is a java listing, which the runner executes (unless {@code norun}). */
    public boolean isJava() {
        return JAVA.equals(language);
    }

    /** Whether this block records the output of the listing above it. */
    public boolean isOutput() {
        return OUTPUT.equals(language);
    }

    /**
     * The exception the listing must throw, from {@code expect=throws:Name}.
     *
     * @return the class name as written (simple or fully qualified), or {@code null} if the
     *         listing must complete normally
     */
    public String expectedException() {
        String expect = attributes.get(EXPECT);
        return expect == null ? null : expect.substring(THROWS_PREFIX.length());
    }

    /**
     * Why the listing is not executed, from {@code norun="..."}.
     *
     * @return the reason, or {@code null} if the listing runs
     */
    public String noRunReason() {
        return attributes.get(NORUN);
    }

    /** Whether the rendered site hides this listing (it still runs). */
    public boolean isHidden() {
        return attributes.containsKey(HIDDEN);
    }

    /**
     * The figure file this listing's output is also written to, from {@code figure=name}.
     *
     * @return a file name under {@code figures/}, or {@code null}
     */
    public String figure() {
        return attributes.get(FIGURE);
    }

    /**
     * The source file this listing quotes, from {@code quote=path}.
     *
     * @return a path relative to the repository root, or {@code null}
     */
    public String quotedFile() {
        return attributes.get(QUOTE);
    }

    private void checkJavaAttributes() {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String key = attribute.getKey();
            if (!JAVA_ATTRIBUTES.contains(key)) {
                throw new IllegalArgumentException("info string '" + raw + "': unknown attribute '" + key
                        + "'; a java listing knows " + String.join(", ", JAVA_ATTRIBUTES.stream().sorted().toList()));
            }
        }
        String expect = attributes.get(EXPECT);
        if (expect != null && (!expect.startsWith(THROWS_PREFIX) || expect.length() == THROWS_PREFIX.length())) {
            throw new IllegalArgumentException("info string '" + raw + "': expect=" + expect
                    + " is not understood; write expect=throws:ExceptionClass, e.g. expect=throws:IllegalArgumentException");
        }
        String norun = attributes.get(NORUN);
        if (norun != null && norun.isBlank()) {
            throw new IllegalArgumentException("info string '" + raw
                    + "': norun needs a reason the reader can see, e.g. norun=\"needs PyTorch\"");
        }
        String quote = attributes.get(QUOTE);
        if (quote != null && (quote.isBlank() || attributes.size() > 1)) {
            throw new IllegalArgumentException("info string '" + raw + "': quote= names the quoted file, e.g."
                    + " quote=autograd/src/main/java/dev/gradbook/autograd/Scalar.java, and takes no other attribute");
        }
        String figure = attributes.get(FIGURE);
        if (figure != null && (figure.isBlank() || figure.contains("/") || figure.contains("\\"))) {
            throw new IllegalArgumentException("info string '" + raw + "': figure=" + figure
                    + " must be a plain file name under figures/, e.g. figure=01-neuron.dot");
        }
    }
}
