package dev.gradbook.layers.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for a safetensors header: objects, arrays, strings (with every escape JSON
 * has) and integers. Fractions, exponents, {@code true}, {@code false} and {@code null} are
 * valid JSON but never appear in a safetensors header, so they are rejected with a message that
 * says so rather than half-supported.
 *
 * <p>Parsed values are {@code Map<String, Object>} (a {@link LinkedHashMap}, so key order is the
 * order in the text), {@code List<Object>}, {@link String} and {@link Long}.
 */
final class Json {

    /** Deeper nesting than this is certainly not a safetensors header, and would cost stack. */
    private static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** A syntax error, with the character position where the parser gave up. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------

    /**
     * Appends {@code value} as a quoted JSON string. Quotes, backslashes and control characters
     * are escaped; everything else, non-ASCII included, is written as itself (the header is
     * UTF-8). The caller must have checked that {@code value} has no unpaired surrogate.
     */
    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Index of the first unpaired UTF-16 surrogate in {@code s}, or -1 if it is well formed. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    /**
     * Parses {@code text}, which must hold exactly one JSON value, optionally surrounded by
     * whitespace (safetensors pads its header with trailing spaces).
     */
    static Object parse(String text) throws SyntaxException {
        Parser parser = new Parser(text);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected " + parser.describeNext() + " after the end of the top-level value");
        }
        return value;
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Object value(int depth) throws SyntaxException {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= text.length()) {
                throw error("the text ends where a value was expected");
            }
            char c = text.charAt(pos);
            if (c == '{') {
                return object(depth);
            }
            if (c == '[') {
                return array(depth);
            }
            if (c == '"') {
                return string();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return integer();
            }
            if (text.startsWith("true", pos) || text.startsWith("false", pos) || text.startsWith("null", pos)) {
                throw error("true/false/null do not belong in a safetensors header (only objects, arrays,"
                        + " strings and integers do)");
            }
            throw error("expected a value (object, array, string or integer) but found " + describeNext());
        }

        private Map<String, Object> object(int depth) throws SyntaxException {
            Map<String, Object> members = new LinkedHashMap<>();
            pos++; // '{'
            skipWhitespace();
            if (peek('}')) {
                pos++;
                return members;
            }
            while (true) {
                skipWhitespace();
                if (!peek('"')) {
                    throw error("expected a quoted key in an object but found " + describeNext());
                }
                int keyStart = pos;
                String key = string();
                skipWhitespace();
                expect(':', "after the key " + quote(key));
                skipWhitespace();
                Object value = value(depth + 1);
                if (members.putIfAbsent(key, value) != null) {
                    pos = keyStart;
                    throw error("the key " + quote(key) + " appears twice in one object");
                }
                skipWhitespace();
                if (peek(',')) {
                    pos++;
                } else if (peek('}')) {
                    pos++;
                    return members;
                } else {
                    throw error("expected ',' or '}' after the value of " + quote(key) + " but found "
                            + describeNext());
                }
            }
        }

        private List<Object> array(int depth) throws SyntaxException {
            List<Object> items = new ArrayList<>();
            pos++; // '['
            skipWhitespace();
            if (peek(']')) {
                pos++;
                return items;
            }
            while (true) {
                skipWhitespace();
                items.add(value(depth + 1));
                skipWhitespace();
                if (peek(',')) {
                    pos++;
                } else if (peek(']')) {
                    pos++;
                    return items;
                } else {
                    throw error("expected ',' or ']' in an array but found " + describeNext());
                }
            }
        }

        private String string() throws SyntaxException {
            int start = pos;
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    pos = start;
                    throw error("a string starting here is never closed");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c < 0x20) {
                    pos--;
                    throw error("raw control character U+" + String.format("%04X", (int) c)
                            + " inside a string; JSON requires it escaped");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error("the text ends inside an escape sequence");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> {
                        pos -= 2;
                        throw error("unknown escape \\" + e + " in a string");
                    }
                }
            }
            String value = sb.toString();
            if (unpairedSurrogate(value) >= 0) {
                pos = start;
                throw error("a \\u escape in this string leaves an unpaired UTF-16 surrogate");
            }
            return value;
        }

        private char hex4() throws SyntaxException {
            if (pos + 4 > text.length()) {
                throw error("a \\u escape needs four hex digits");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(text.charAt(pos + i), 16);
                if (digit < 0) {
                    throw error("a \\u escape needs four hex digits but has " + quote(text.substring(pos, pos + 4)));
                }
                value = value * 16 + digit;
            }
            pos += 4;
            return (char) value;
        }

        private Long integer() throws SyntaxException {
            int start = pos;
            if (peek('-')) {
                pos++;
            }
            int digitsStart = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digitsStart) {
                throw error("a '-' must be followed by digits");
            }
            if (text.charAt(digitsStart) == '0' && pos - digitsStart > 1) {
                pos = start;
                throw error("JSON numbers have no leading zeros");
            }
            if (pos < text.length() && (peek('.') || peek('e') || peek('E'))) {
                pos = start;
                throw error("only integers belong in a safetensors header, not fractions or exponents");
            }
            String digits = text.substring(start, pos);
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException tooLarge) {
                pos = start;
                throw error("the integer " + digits + " does not fit in 64 bits");
            }
        }

        void skipWhitespace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c, String where) throws SyntaxException {
            if (!peek(c)) {
                throw error("expected '" + c + "' " + where + " but found " + describeNext());
            }
            pos++;
        }

        String describeNext() {
            if (pos >= text.length()) {
                return "the end of the text";
            }
            return "'" + text.charAt(pos) + "'";
        }

        SyntaxException error(String problem) {
            return new SyntaxException(problem + " (at character " + pos + ")");
        }

        private static String quote(String s) {
            StringBuilder sb = new StringBuilder();
            appendString(sb, s);
            return sb.toString();
        }
    }
}
