package dev.gradbook.textbook;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code ```output} block promises: the listing prints exactly these lines, with two
 * marked tolerances.
 *
 * <ul>
 *   <li>A line that is exactly {@code ...} matches any run of lines, none included: for timings,
 *       progress bars, anything that differs from run to run.</li>
 *   <li>A number written {@code ~0.123} (a tilde, then a plain decimal) matches any number within
 *       one unit of its last written digit: {@code ~0.123} accepts 0.122 to 0.124, {@code ~12}
 *       accepts 11 to 13. Everything else on that line must match exactly.</li>
 * </ul>
 *
 * Trailing whitespace on every line and trailing blank lines are ignored; everything else,
 * blank lines inside the output included, counts.
 *
 * <p>{@link #bless} is the other direction: given what a listing printed now, it writes the block
 * anew, keeping the {@code ...} lines and re-recording each tolerant number at the precision it
 * was written with, so a re-recorded chapter keeps its tolerances.
 */
public final class OutputPattern {

    /** The line that matches any run of lines. */
    public static final String ANY_LINES = "...";

    private static final Pattern TOLERANT_NUMBER = Pattern.compile("~(-?\\d+(?:\\.\\d+)?)");
    /** A number as Java prints it: 3, -0.25, 1.0E-5. */
    private static final String PRINTED_NUMBER = "(-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)";

    // Costs of the alignment bless() uses to decide which old line each new line replaces. Dropping
    // an old line costs more than rewriting it, so a changed line is re-recorded in place.
    private static final int KEEP = 0;
    private static final int INSERT = 2;
    private static final int SUBSTITUTE = 2;
    private static final int DELETE = 3;

    private final String text;
    private final List<LinePattern> lines;

    private OutputPattern(String text, List<LinePattern> lines) {
        this.text = text;
        this.lines = lines;
    }

    /**
     * Reads an output block.
     *
     * @param expected the block's text
     * @throws NullPointerException if {@code expected} is null
     * @return its pattern
     */
    public static OutputPattern of(String expected) {
        Objects.requireNonNull(expected, "OutputPattern.of: expected is null");
        return of(expected, true);
    }

    /**
     * Reads a pattern in which only {@code ...} lines are special: a {@code ~} before a number is
     * plain text, as in Java source ({@code ~0L}).
     *
     * @param expected the pattern's text
     * @return the pattern
     */
    static OutputPattern withoutTolerances(String expected) {
        return of(expected, false);
    }

    private static OutputPattern of(String expected, boolean tolerantNumbers) {
        List<LinePattern> lines = new ArrayList<>();
        for (String line : normalizedLines(expected)) {
            lines.add(LinePattern.of(line, tolerantNumbers));
        }
        return new OutputPattern(expected, lines);
    }

    /**
     * Whether {@code actual} is what this block promises.
     *
     * @param actual what the listing printed
     * @throws NullPointerException if {@code actual} is null
     * @return true if every line matches, with {@code ...} and {@code ~} as described above
     */
    public boolean matches(String actual) {
        Objects.requireNonNull(actual, "OutputPattern.matches: actual is null");
        List<String> actualLines = normalizedLines(actual);
        int m = lines.size();
        int n = actualLines.size();
        // matched[i][j]: pattern lines i.. match actual lines j..
        boolean[][] matched = new boolean[m + 1][n + 1];
        matched[m][n] = true;
        for (int i = m - 1; i >= 0; i--) {
            LinePattern pattern = lines.get(i);
            for (int j = n; j >= 0; j--) {
                if (pattern.isAnyLines()) {
                    matched[i][j] = matched[i + 1][j] || (j < n && matched[i][j + 1]);
                } else {
                    matched[i][j] = j < n && pattern.matches(actualLines.get(j)) && matched[i + 1][j + 1];
                }
            }
        }
        return matched[0][0];
    }

    /**
     * Re-records this block from what the listing printed now.
     *
     * <p>If the output still matches, the block is returned unchanged. Otherwise the new block is
     * the new output, aligned line by line with the old block: {@code ...} lines stay (absorbing
     * whatever new lines fall where they stand), and a line with tolerant numbers whose text
     * around the numbers is unchanged keeps its tildes, each number re-recorded with as many
     * decimals as before.
     *
     * @param actual what the listing printed
     * @throws NullPointerException if {@code actual} is null
     * @return the block's new text, ending in a newline unless empty
     */
    public String bless(String actual) {
        Objects.requireNonNull(actual, "OutputPattern.bless: actual is null");
        if (matches(actual)) {
            return text;
        }
        List<String> actualLines = normalizedLines(actual);
        int m = lines.size();
        int n = actualLines.size();
        int[][] cost = new int[m + 1][n + 1];
        for (int j = n - 1; j >= 0; j--) {
            cost[m][j] = cost[m][j + 1] + INSERT;
        }
        for (int i = m - 1; i >= 0; i--) {
            LinePattern pattern = lines.get(i);
            cost[i][n] = cost[i + 1][n] + (pattern.isAnyLines() ? KEEP : DELETE);
            for (int j = n - 1; j >= 0; j--) {
                int best;
                if (pattern.isAnyLines()) {
                    best = Math.min(cost[i + 1][j], cost[i][j + 1]);
                } else {
                    String line = actualLines.get(j);
                    best = cost[i + 1][j + 1] + (pattern.sameShape(line) ? KEEP : SUBSTITUTE);
                    best = Math.min(best, cost[i + 1][j] + DELETE);
                }
                cost[i][j] = Math.min(best, cost[i][j + 1] + INSERT);
            }
        }
        StringBuilder blessed = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < m || j < n) {
            LinePattern pattern = i < m ? lines.get(i) : null;
            String line = j < n ? actualLines.get(j) : null;
            if (pattern != null && pattern.isAnyLines()) {
                if (line != null && cost[i][j] == cost[i][j + 1]) {
                    j++;                                   // absorbed by the "..."
                } else {
                    blessed.append(ANY_LINES).append('\n');
                    i++;
                }
            } else if (pattern != null && line != null && cost[i][j] == cost[i + 1][j + 1]
                    + (pattern.sameShape(line) ? KEEP : SUBSTITUTE)) {
                blessed.append(pattern.sameShape(line) ? pattern.reRecord(line) : line).append('\n');
                i++;
                j++;
            } else if (pattern != null && cost[i][j] == cost[i + 1][j] + DELETE) {
                i++;
            } else {
                blessed.append(line).append('\n');
                j++;
            }
        }
        return blessed.toString();
    }

    /**
     * The lines of an output as they are compared: line endings unified, trailing whitespace and
     * trailing blank lines dropped.
     *
     * @param text an output
     * @throws NullPointerException if {@code text} is null
     * @return its lines
     */
    public static List<String> normalizedLines(String text) {
        Objects.requireNonNull(text, "OutputPattern.normalizedLines: text is null");
        List<String> lines = new ArrayList<>();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            lines.add(line.stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * An output as it is compared and stored: its {@link #normalizedLines}, each ended by a newline.
     *
     * @param text an output
     * @throws NullPointerException if {@code text} is null
     * @return the normalized text ({@code ""} if there is none)
     */
    public static String normalize(String text) {
        Objects.requireNonNull(text, "OutputPattern.normalize: text is null");
        StringBuilder normalized = new StringBuilder();
        for (String line : normalizedLines(text)) {
            normalized.append(line).append('\n');
        }
        return normalized.toString();
    }

    /** One expected line: {@code ...}, plain text, or text with tolerant numbers. */
    private static final class LinePattern {
        private final String text;
        private final List<String> literals;        // the text around the tolerant numbers
        private final List<BigDecimal> expected;    // the tolerant numbers, as written
        private final Pattern shape;                // literals with a number in each gap

        private LinePattern(String text, List<String> literals, List<BigDecimal> expected, Pattern shape) {
            this.text = text;
            this.literals = literals;
            this.expected = expected;
            this.shape = shape;
        }

        static LinePattern of(String line, boolean tolerantNumbers) {
            List<String> literals = new ArrayList<>();
            List<BigDecimal> expected = new ArrayList<>();
            StringBuilder shape = new StringBuilder();
            Matcher number = TOLERANT_NUMBER.matcher(tolerantNumbers ? line : "");
            int end = 0;
            while (number.find()) {
                literals.add(line.substring(end, number.start()));
                expected.add(new BigDecimal(number.group(1)));
                shape.append(Pattern.quote(line.substring(end, number.start()))).append(PRINTED_NUMBER);
                end = number.end();
            }
            literals.add(line.substring(end));
            shape.append(Pattern.quote(line.substring(end)));
            return new LinePattern(line, literals, expected, Pattern.compile(shape.toString()));
        }

        boolean isAnyLines() {
            return text.strip().equals(ANY_LINES);
        }

        boolean matches(String actual) {
            if (expected.isEmpty()) {
                return text.equals(actual);
            }
            Matcher printed = shape.matcher(actual);
            if (!printed.matches()) {
                return false;
            }
            for (int k = 0; k < expected.size(); k++) {
                BigDecimal want = expected.get(k);
                BigDecimal got = new BigDecimal(printed.group(k + 1));
                if (got.subtract(want).abs().compareTo(want.ulp()) > 0) {
                    return false;
                }
            }
            return true;
        }

        /** Matches, or has tolerant numbers and the same text around them. */
        boolean sameShape(String actual) {
            return matches(actual) || (!expected.isEmpty() && shape.matcher(actual).matches());
        }

        /** This line with each tolerant number replaced by the one printed now, at the same precision. */
        String reRecord(String actual) {
            if (matches(actual)) {
                return text;
            }
            Matcher printed = shape.matcher(actual);
            if (!printed.matches()) {
                return actual;
            }
            StringBuilder line = new StringBuilder(literals.get(0));
            for (int k = 0; k < expected.size(); k++) {
                BigDecimal now = new BigDecimal(printed.group(k + 1))
                        .setScale(expected.get(k).scale(), RoundingMode.HALF_EVEN);
                line.append('~').append(now.toPlainString()).append(literals.get(k + 1));
            }
            return line.toString();
        }
    }
}
