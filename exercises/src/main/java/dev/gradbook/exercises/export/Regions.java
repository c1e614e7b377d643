package dev.gradbook.exercises.export;

import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The solution regions of one source file, and the file as the starter shows it.
 *
 * <pre>{@code
 * public Value mul(Value other) {
 *     // BEGIN SOLUTION ex1.1
 *     ... the reference solution ...
 *     // END SOLUTION
 * }
 * }</pre>
 *
 * becomes {@code throw Todo.task("ex1.1");}, indented like the {@code BEGIN} line. Where a throw
 * does not fit (code after the region must still compile, say), {@code // PROMPT: text} lines
 * inside the region give the starter's lines instead: each becomes {@code text}, indented like
 * its marker. Everything outside the regions is copied unchanged.
 *
 * <p>A marker is a whole line of its own. Regions do not nest, every {@code BEGIN} has its
 * {@code END}, the id is a task of the course, and a line that looks like a marker but is not
 * well formed is an error rather than a line that slips into the starter.
 */
final class Regions {

    private static final Pattern BEGIN = Pattern.compile("// BEGIN SOLUTION (\\S+)");
    private static final String END = "// END SOLUTION";
    private static final String PROMPT = "// PROMPT:";

    private Regions() {
    }

    /** The starter's version of one file, and the tasks whose regions it had. */
    record Starter(String text, List<String> taskIds) {
    }

    /**
     * Replaces every region of {@code text} by its starter lines.
     *
     * @param file   the file's name in messages (its path under the source root)
     * @param text   the file's contents
     * @param course the tasks a region may name
     * @throws ExportException naming the file and line of a malformed, nested, unterminated or
     *                         unknown region
     */
    static Starter starter(String file, String text, Course course) {
        return starter(file, text, course, Set.of());
    }

    /**
     * Like {@link #starter(String, String, Course)}, but the regions of the tasks in {@code solved}
     * keep their solution (only their marker lines go): a starter with some tasks already done.
     */
    static Starter starter(String file, String text, Course course, Set<String> solved) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        List<String> ids = new ArrayList<>();
        String open = null; // the id of the region we are in
        int openedAt = 0;
        String indent = "";
        List<String> prompt = new ArrayList<>();
        List<String> kept = new ArrayList<>(); // the solution's lines, for a task exported solved
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            String marker = line.strip();
            Matcher begin = BEGIN.matcher(marker);
            if (begin.matches()) {
                String id = begin.group(1);
                if (open != null) {
                    throw new ExportException(file, number, "region " + id + " starts inside region " + open
                            + " (opened at line " + openedAt + "); regions cannot nest: end " + open + " first");
                }
                if (!id.matches(Task.ID_PATTERN) || course.find(id).isEmpty()) {
                    throw new ExportException(file, number, "region names task '" + id + "', which is not in the course"
                            + " (dev.gradbook.exercises.grading.Course lists " + course.tasks().stream().map(Task::id)
                            .toList() + ")");
                }
                open = id;
                openedAt = number;
                indent = indentation(line);
                prompt.clear();
                kept.clear();
                ids.add(id);
            } else if (marker.equals(END)) {
                if (open == null) {
                    throw new ExportException(file, number, "'" + END + "' without a '// BEGIN SOLUTION exN.M' before it");
                }
                if (solved.contains(open)) {
                    kept.forEach(k -> out.append(k).append('\n'));
                } else if (prompt.isEmpty()) {
                    out.append(indent).append("throw Todo.task(\"").append(open).append("\");\n");
                } else {
                    prompt.forEach(p -> out.append(p).append('\n'));
                }
                open = null;
            } else if (marker.startsWith(PROMPT)) {
                if (open == null) {
                    throw new ExportException(file, number, "'" + PROMPT + "' outside a solution region;"
                            + " a prompt gives a region's starter lines, so it belongs inside one");
                }
                String body = marker.substring(PROMPT.length());
                prompt.add(body.isBlank() ? "" : indentation(line) + body.substring(body.startsWith(" ") ? 1 : 0));
            } else if (looksLikeMarker(marker)) {
                throw new ExportException(file, number, "malformed marker '" + marker + "'; the markers are '// BEGIN"
                        + " SOLUTION exN.M', '" + END + "' and '" + PROMPT + " starter line', each alone on its line");
            } else if (open == null) {
                out.append(line);
                if (i < lines.length - 1) {
                    out.append('\n');
                }
            } else {
                kept.add(line);
            }
        }
        if (open != null) {
            throw new ExportException(file, openedAt, "region " + open + " is never closed: add '" + END + "'");
        }
        if (!ids.isEmpty() && !text.contains("import dev.gradbook.exercises.grading.Todo;")
                && !text.contains("package dev.gradbook.exercises.grading;")) {
            throw new ExportException(file, 1, "has solution regions but does not import"
                    + " dev.gradbook.exercises.grading.Todo, so its starter would not compile");
        }
        return new Starter(out.toString(), ids);
    }

    private static String indentation(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    /** A comment line that mentions a marker's words: a typo in a marker must not leak a solution. */
    private static boolean looksLikeMarker(String marker) {
        return marker.startsWith("//") && (marker.contains("BEGIN SOLUTION") || marker.contains("END SOLUTION")
                || marker.replace(" ", "").startsWith("//PROMPT"));
    }
}
