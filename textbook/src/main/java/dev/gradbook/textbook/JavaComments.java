package dev.gradbook.textbook;

/**
 * Removes the comments from Java source, so that the two editions of a listing can be compared
 * as code: the Spanish edition translates the comments and nothing else.
 *
 * <p>A small lexer, not a parser: it knows just enough Java to tell a comment from the inside of
 * a string ({@code "// not a comment"}), a character literal ({@code '"'}) or a text block.
 */
final class JavaComments {

    private JavaComments() {
    }

    /**
     * The code without its comments, each line stripped of trailing whitespace, and the lines
     * left blank (a comment on a line of its own, an empty line) dropped, so a comment that takes
     * two lines in one language and one in the other makes no difference.
     *
     * @param source Java source, e.g. one listing
     * @return the code that remains, one line per line of code
     */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder();
        for (String line : stripComments(source).split("\n", -1)) {
            String kept = line.stripTrailing();
            if (!kept.isBlank()) {
                code.append(kept).append('\n');
            }
        }
        return code.toString();
    }

    /**
     * The source with every comment removed; a block comment's line breaks are kept so the lines
     * around it stay apart.
     *
     * @param source Java source
     * @return the source without comments
     */
    static String stripComments(String source) {
        String text = source.replace("\r\n", "\n");
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;         // keep the newline itself
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? text.length() : end + 2;
                text.substring(i, stop).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = stop;
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                while (end > 0 && isEscaped(text, end)) {
                    end = text.indexOf("\"\"\"", end + 1);
                }
                int stop = end < 0 ? text.length() : end + 3;
                out.append(text, i, stop);
                i = stop;
            } else if (c == '"' || c == '\'') {
                int stop = endOfLiteral(text, i, c);
                out.append(text, i, stop);
                i = stop;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index just past the string or character literal that opens at {@code start}. */
    private static int endOfLiteral(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote || c == '\n') {
                return i + 1;                                // a newline ends a broken literal
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** Whether the character at {@code index} is preceded by an odd number of backslashes. */
    private static boolean isEscaped(String text, int index) {
        int backslashes = 0;
        for (int k = index - 1; k >= 0 && text.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
