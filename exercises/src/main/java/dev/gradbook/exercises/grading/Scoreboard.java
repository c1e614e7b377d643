package dev.gradbook.exercises.grading;

import dev.gradbook.autograd.NullChecks;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The result of a grading run: a line per task (tests passed, points), and for every task that is
 * not done, what to do about it and which textbook section to reread.
 *
 * <pre>
 * Grading 2 tasks with random inputs from seed 42
 *
 *   task   title                                  tests  points  status
 *   ex1.1  Value: add, mul, sub, neg                6/6   10/10  done
 *   ex1.2  Value: div, pow, exp, log                0/5    0/10  not started
 *   total                                                10/20
 *
 * ex1.2 Value: div, pow, exp, log: not started (read textbook/chapters/en/01-derivatives.md, section '1.3 One operation, one local derivative')
 *   - replace the throw Todo.task("ex1.2") in Value.div (Value.java:120), ...
 * </pre>
 *
 * @param seed    the seed of the run's random inputs
 * @param results one per graded task, in the course's order
 */
public record Scoreboard(long seed, List<TaskResult> results) {

    /** How many failing tests a task's advice lists; the rest are counted, and all are in the JSON. */
    static final int MOST_FAILURES_SHOWN = 10;

    /**
     * Copies the list.
     *
     * @throws NullPointerException if {@code results} or one of its elements is null
     */
    public Scoreboard {
        NullChecks.requireNoNullElements(results, "Scoreboard", "results");
        results = List.copyOf(results);
    }

    /** True when every graded task is done. */
    public boolean allDone() {
        return results.stream().allMatch(TaskResult::done);
    }

    /** The points earned. */
    public int points() {
        return results.stream().mapToInt(TaskResult::points).sum();
    }

    /** The points on offer. */
    public int maxPoints() {
        return results.stream().mapToInt(r -> r.task().points()).sum();
    }

    /** The scoreboard as a student reads it (lines end in {@code \n}). */
    public String text() {
        int titleWidth = Math.max(5, results.stream().mapToInt(r -> r.task().title().length()).max().orElse(0));
        String row = "  %-6s %-" + titleWidth + "s %6s %7s  %s";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Grading %d task%s with random inputs from seed %d%n%n", results.size(),
                results.size() == 1 ? "" : "s", seed));
        out.append(line(row, "task", "title", "tests", "points", "status"));
        for (TaskResult result : results) {
            out.append(line(row, result.task().id(), result.task().title(),
                    result.passed() + "/" + result.outcomes().size(), result.points() + "/" + result.task().points(),
                    result.status()));
        }
        out.append(line(row, "total", "", "", points() + "/" + maxPoints(), ""));
        for (TaskResult result : results) {
            if (!result.done()) {
                out.append('\n').append(advice(result));
            }
        }
        return out.toString();
    }

    /** One row of the table, without trailing blanks. */
    private static String line(String format, Object... cells) {
        return String.format(Locale.ROOT, format, cells).stripTrailing() + "\n";
    }

    private static String advice(TaskResult result) {
        Task task = result.task();
        StringBuilder out = new StringBuilder(task.id() + " " + task.title() + ": " + result.status());
        if (result.outcomes().isEmpty()) {
            return out.append(" (this task has no grader tests: tell your teacher)\n").toString();
        }
        out.append(" (").append(result.status().equals("not started") ? "read " : "reread ").append(task.reading())
                .append(")\n");
        if (result.status().equals("not started")) {
            // One line: every place that still throws, each once.
            String places = result.outcomes().stream().map(o -> o.message().substring("not started: ".length()))
                    .distinct().collect(Collectors.joining(", "));
            return out.append("  - replace the throw Todo.task(\"").append(task.id()).append("\") in ").append(places)
                    .append('\n').toString();
        }
        List<Outcome> failed = result.outcomes().stream().filter(o -> !o.passed()).toList();
        for (Outcome outcome : failed.subList(0, Math.min(failed.size(), MOST_FAILURES_SHOWN))) {
            out.append("  - ").append(outcome.test()).append(": ").append(oneLine(outcome.message())).append('\n');
        }
        if (failed.size() > MOST_FAILURES_SHOWN) {
            // A task graded by the conformance kit can fail a thousand tests for one mistake.
            out.append("  - ... and ").append(failed.size() - MOST_FAILURES_SHOWN).append(" more failing tests (every"
                    + " one in grades.json and the JUnit XML); the first ones are usually the ones to fix\n");
        }
        return out.toString();
    }

    /** A message on one line, cut at a length a terminal shows. */
    private static String oneLine(String message) {
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= 600 ? line : line.substring(0, 597) + "...";
    }

    /** The scoreboard as JSON, for a classroom runner: the same numbers and messages as {@link #text()}. */
    public String json() {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"seed\": ").append(seed).append(",\n");
        out.append("  \"points\": ").append(points()).append(",\n");
        out.append("  \"maxPoints\": ").append(maxPoints()).append(",\n");
        out.append("  \"tasks\": [");
        for (int i = 0; i < results.size(); i++) {
            TaskResult result = results.get(i);
            Task task = result.task();
            out.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(quote(task.id()))
                    .append(", \"title\": ").append(quote(task.title()))
                    .append(", \"chapter\": ").append(task.chapter())
                    .append(", \"section\": ").append(quote(task.section()))
                    .append(", \"status\": ").append(quote(result.status()))
                    .append(", \"tests\": ").append(result.outcomes().size())
                    .append(", \"passed\": ").append(result.passed())
                    .append(", \"points\": ").append(result.points())
                    .append(", \"maxPoints\": ").append(task.points())
                    .append(", \"failures\": [");
            List<Outcome> failures = result.outcomes().stream().filter(o -> !o.passed()).toList();
            for (int f = 0; f < failures.size(); f++) {
                out.append(f == 0 ? "" : ", ").append("{\"test\": ").append(quote(failures.get(f).test()))
                        .append(", \"message\": ").append(quote(failures.get(f).message())).append('}');
            }
            out.append("]}");
        }
        return out.append(results.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
    }

    /** A JSON string literal. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
