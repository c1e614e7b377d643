package dev.gradbook.textbook.site;

/**
 * Escaping for the site's hand-written HTML: every piece of text that comes from a chapter, a
 * front matter or a source file goes through here before it lands in a page, so a {@code <} in a
 * title or a listing is shown as a {@code <} and never read as a tag.
 */
final class Html {

    private Html() {
    }

    /**
     * Text made safe for an element's content or a double-quoted attribute value.
     *
     * @param text any text
     * @return the text with {@code & < > " '} replaced by character references
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
