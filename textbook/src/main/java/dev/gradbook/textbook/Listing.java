package dev.gradbook.textbook;

import java.util.Objects;

/**
 * One {@code ```java} block of a chapter, with the {@code ```output} block that follows it, if
 * any.
 *
 * @param chapterName the chapter it belongs to, e.g. {@code en/01-derivatives.md}
 * @param number      its position among the chapter's java listings, from 1
 * @param line        the line of its opening fence in the chapter file, from 1
 * @param endLine     the line of its closing fence (the last line of the block), from 1
 * @param info        its info string
 * @param code        the code between the fences
 * @param output      the output block below it, or {@code null} if there is none
 */
public record Listing(String chapterName, int number, int line, int endLine, InfoString info, String code,
                      OutputBlock output) {

    /**
     * Checks the components; {@code output} may be null (no output block).
     *
     * @throws NullPointerException if {@code chapterName}, {@code info} or {@code code} is null
     */
    public Listing {
        Objects.requireNonNull(chapterName, "Listing: chapterName is null");
        Objects.requireNonNull(info, "Listing: info is null");
        Objects.requireNonNull(code, "Listing: code is null");
    }

    /**
     * A {@code ```output} block: what the listing above it must print.
     *
     * @param text      the block's content
     * @param line      the line of its opening fence, from 1
     * @param closeLine the line of its closing fence, from 1
     */
    public record OutputBlock(String text, int line, int closeLine) {
        /**
         * Checks the text.
         *
         * @throws NullPointerException if {@code text} is null
         */
        public OutputBlock {
            Objects.requireNonNull(text, "Listing.OutputBlock: text is null");
        }
    }

    /** How tests and messages name this listing: {@code en/01-derivatives.md listing 3 (line 120)}. */
    public String displayName() {
        return chapterName + " listing " + number + " (line " + line + ")";
    }

    /** Whether the runner executes this listing ({@code false} for {@code norun} and {@code quote}). */
    public boolean runs() {
        return info.noRunReason() == null && info.quotedFile() == null;
    }
}
