package dev.gradbook.textbook.site;

import java.util.Objects;
import java.util.Set;

/**
 * Colours a Java listing when the site is rendered, so the pages need no JavaScript: the code
 * comes out as escaped HTML in which each keyword, string, number, comment and annotation is a
 * {@code <span>} with a CSS class the stylesheet colours.
 *
 * <pre>
 * int n = 42; // the answer
 *   becomes
 * &lt;span class="kw"&gt;int&lt;/span&gt; n = &lt;span class="num"&gt;42&lt;/span&gt;; &lt;span class="com"&gt;// the answer&lt;/span&gt;
 * </pre>
 *
 * <table>
 *   <caption>The classes</caption>
 *   <tr><th>class</th><th>what</th><th>examples</th></tr>
 *   <tr><td>{@code kw}</td><td>keywords and the literals true, false, null</td><td>{@code double}, {@code new}, {@code var}</td></tr>
 *   <tr><td>{@code str}</td><td>strings, text blocks and characters</td><td>{@code "x"}, {@code '\n'}</td></tr>
 *   <tr><td>{@code num}</td><td>numbers</td><td>{@code 42}, {@code 1e-6}, {@code 0x1F}, {@code 3.5f}, {@code 1_000L}</td></tr>
 *   <tr><td>{@code com}</td><td>comments</td><td>{@code // ...}, {@code /* ... *}{@code /}</td></tr>
 *   <tr><td>{@code an}</td><td>annotations</td><td>{@code @Override}</td></tr>
 * </table>
 *
 * <p>Like the book's other small lexer ({@code JavaComments}), this one knows just enough Java to
 * tell the pieces apart: a keyword inside a string or a comment stays part of that string or
 * comment, and a digit inside a name such as {@code h2} is part of the name. It never changes the
 * text itself: with the tags removed and the escapes undone, the result is the code it was given.
 */
public final class JavaHighlighter {

    /** The reserved words of Java 17, its three literals, and the contextual words a reader sees as keywords. */
    private static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while",
            "true", "false", "null",
            "var", "record", "sealed", "permits");

    private final String code;
    private final StringBuilder html;
    private int position;

    private JavaHighlighter(String code) {
        this.code = code;
        this.html = new StringBuilder(code.length() * 2);
    }

    /**
     * Highlights Java source.
     *
     * @param code Java source, e.g. one listing; need not compile
     * @return the same text as escaped HTML, with {@code <span class="...">} around each token
     *         worth colouring
     * @throws NullPointerException if {@code code} is null
     */
    public static String toHtml(String code) {
        Objects.requireNonNull(code, "JavaHighlighter.toHtml: code is null");
        JavaHighlighter highlighter = new JavaHighlighter(code);
        highlighter.run();
        return highlighter.html.toString();
    }

    private void run() {
        while (position < code.length()) {
            char c = code.charAt(position);
            if (code.startsWith("//", position)) {
                emit("com", lineEnd(position));
            } else if (code.startsWith("/*", position)) {
                int close = code.indexOf("*/", position + 2);
                emit("com", close < 0 ? code.length() : close + 2);
            } else if (code.startsWith("\"\"\"", position)) {
                emit("str", quotedEnd(position + 3, "\"\"\"", false));
            } else if (c == '"' || c == '\'') {
                emit("str", quotedEnd(position + 1, String.valueOf(c), true));
            } else if (c == '@' && position + 1 < code.length()
                    && Character.isJavaIdentifierStart(code.charAt(position + 1))) {
                emit("an", identifierEnd(position + 1));
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = identifierEnd(position);
                String word = code.substring(position, end);
                if (KEYWORDS.contains(word)) {
                    emit("kw", end);
                } else {
                    plain(end);
                }
            } else if (isDigit(c) || (c == '.' && position + 1 < code.length() && isDigit(code.charAt(position + 1)))) {
                emit("num", numberEnd(position));
            } else {
                plain(position + 1);
            }
        }
    }

    /** Appends {@code code[position, end)} inside a span of the given class and moves past it. */
    private void emit(String cssClass, int end) {
        html.append("<span class=\"").append(cssClass).append("\">")
                .append(Html.escape(code.substring(position, end))).append("</span>");
        position = end;
    }

    /** Appends {@code code[position, end)} as plain escaped text and moves past it. */
    private void plain(int end) {
        html.append(Html.escape(code.substring(position, end)));
        position = end;
    }

    private int lineEnd(int from) {
        int newline = code.indexOf('\n', from);
        return newline < 0 ? code.length() : newline;
    }

    /**
     * Where a string, character or text block that started before {@code from} ends: just after
     * its closing quote, skipping escaped characters. A string or character left open stops at
     * the end of its line (Java allows no line break inside one); a text block may span lines.
     */
    private int quotedEnd(int from, String closing, boolean endsWithLine) {
        int i = from;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (code.startsWith(closing, i)) {
                return i + closing.length();
            } else if (c == '\n' && endsWithLine) {
                return i;
            } else {
                i++;
            }
        }
        return code.length();
    }

    private int identifierEnd(int from) {
        int i = from;
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Where a number literal starting at {@code from} ends: hexadecimal and binary digits after a
     * {@code 0x} or {@code 0b}, otherwise decimal digits with an optional fraction and exponent;
     * underscores between digits; a type suffix ({@code L}, {@code f}, {@code d}).
     */
    private int numberEnd(int from) {
        int i = from;
        boolean hex = code.startsWith("0x", i) || code.startsWith("0X", i);
        if (hex || code.startsWith("0b", i) || code.startsWith("0B", i)) {
            i += 2;
            while (i < code.length() && (Character.digit(code.charAt(i), hex ? 16 : 2) >= 0 || code.charAt(i) == '_')) {
                i++;
            }
        } else {
            i = digitsEnd(i);
            if (i < code.length() && code.charAt(i) == '.' && !code.startsWith("..", i)) {
                i = digitsEnd(i + 1);
            }
            if (i < code.length() && (code.charAt(i) == 'e' || code.charAt(i) == 'E')) {
                int exponent = i + 1;
                if (exponent < code.length() && (code.charAt(exponent) == '+' || code.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent < code.length() && isDigit(code.charAt(exponent))) {
                    i = digitsEnd(exponent);
                }
            }
        }
        if (i < code.length() && "lLfFdD".indexOf(code.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private int digitsEnd(int from) {
        int i = from;
        while (i < code.length() && (isDigit(code.charAt(i)) || code.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
