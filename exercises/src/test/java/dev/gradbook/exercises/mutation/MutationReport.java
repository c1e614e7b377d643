package dev.gradbook.exercises.mutation;

import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.Task;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How well the graders catch a wrong solution: PIT's mutants of the reference solutions, per
 * task and per chapter, and a verdict against a threshold.
 *
 * <p>PIT changes one thing at a time in the solution classes ({@code +} to {@code -}, {@code <}
 * to {@code <=}, a call removed, a result replaced by 0 ...) and runs the graders against each
 * change. A mutant is <em>killed</em> when some grader test fails: a student who made that
 * mistake would be told. One that <em>survives</em> is a mistake the course lets through. This
 * report reads PIT's {@code mutations.xml}, keeps the mutants inside the
 * {@code // BEGIN SOLUTION} regions (the code a student writes; see {@link SolutionRegions}),
 * files each under its task and that task's chapter ({@link Course}), sets apart the mutants
 * a teacher has found equivalent and marks those accepted ({@link ReviewedMutants}), and prints
 *
 * <pre>
 *   task       chapter mutants  killed equivalent survived    score
 *   ex1.1            1      17      17          0        0  100.0 %
 *   ex1.3            1      30      27          1        2   93.1 %
 *   ...
 *   chapter 1               77      74          1        2   97.3 %
 * </pre>
 *
 * <p>It exits with status 1 when the overall score or any chapter's is below the threshold,
 * naming the chapter and every surviving mutant (file:line, mutator, PIT's description) so a
 * teacher can add the missing check; also when a reviewed-mutant entry no longer matches a
 * survivor, or a task with regions has no mutants at all (its class is missing from the
 * {@code mutation} profile's {@code targetClasses}). Status 2 means the command line or an input
 * file is wrong.
 *
 * <p>A task can be left out of mutation testing on purpose with {@code --unmutated=ex5.5,...}
 * (the {@code mutation} profile says why for each); it is then named as not mutation-tested in
 * the report, and a mutant PIT did make inside its regions is a problem, so the list cannot go
 * stale either.
 *
 * <pre>
 * java ... dev.gradbook.exercises.mutation.MutationReport --mutations=target/pit-reports/mutations.xml
 *     --sources=src/main/java --reviewed=reviewed-mutants.tsv --threshold=85 [--unmutated=ex5.5]
 *     [--docs=../docs/mutation.md]
 * </pre>
 *
 * With {@code --docs}, the generated part of that Markdown file (between
 * {@code <!-- mutation-report:begin -->} and {@code <!-- mutation-report:end -->}) is rewritten
 * with the tables.
 */
public final class MutationReport {

    static final String DOCS_BEGIN = "<!-- mutation-report:begin -->";
    static final String DOCS_END = "<!-- mutation-report:end -->";

    private final Course course;
    private final int threshold;
    private final Map<String, Tally> byTask = new LinkedHashMap<>();
    private final Map<Integer, Tally> byChapter = new TreeMap<>();
    private final Tally overall = new Tally("overall");
    private final List<String> problems = new ArrayList<>();
    /** The tasks with regions that are deliberately not mutated, in the course's order. */
    private final List<String> unmutated = new ArrayList<>();
    /** The reviewed entries that matched a surviving mutant, and those that matched a killed one. */
    private final List<ReviewedMutants.Entry> entriesInUse = new ArrayList<>();
    private final List<ReviewedMutants.Entry> entriesKilled = new ArrayList<>();
    private int outsideRegions;

    /** A mutant no grader killed, with the teacher's verdict if it has been reviewed. */
    private record Survivor(String taskId, Mutant mutant, ReviewedMutants.Entry review) {
        String line() {
            String text = String.format(Locale.ROOT, "%s  %s  %s: %s (in %s, %s)", taskId, mutant.where(),
                    mutant.mutator(), mutant.description(), mutant.method(), mutant.status());
            return review == null ? text : text + "\n      accepted: " + review.reason();
        }
    }

    /** The mutants of one task, one chapter or the whole course. */
    private static final class Tally {
        final String name;
        int mutants;
        int killed;
        int equivalent;
        final List<Survivor> survivors = new ArrayList<>();

        Tally(String name) {
            this.name = name;
        }

        int survived() {
            return mutants - killed - equivalent;
        }

        /** Killed per mutant that could be killed, in per cent; 100 when there is none. */
        double score() {
            int killable = mutants - equivalent;
            return killable == 0 ? 100.0 : 100.0 * killed / killable;
        }

        boolean meets(int threshold) {
            return 100L * killed >= (long) threshold * (mutants - equivalent);
        }
    }

    private MutationReport(Course course, int threshold) {
        this.course = course;
        this.threshold = threshold;
    }

    /**
     * Files every mutant under its task.
     *
     * @param course    the tasks and their chapters
     * @param mutants   PIT's mutants, in and outside the regions
     * @param regions   the solution regions of the course's sources
     * @param reviewed  the survivors a teacher has decided about
     * @param unmutated the tasks left out of mutation testing on purpose
     * @param threshold the lowest score, in per cent, that passes
     */
    static MutationReport of(Course course, List<Mutant> mutants, SolutionRegions regions, ReviewedMutants reviewed,
                             Set<String> unmutated, int threshold) {
        MutationReport report = new MutationReport(course, threshold);
        Set<String> withRegions = regions.taskIds();
        unmutated.stream().filter(id -> !withRegions.contains(id)).sorted().forEach(id -> report.problems.add(
                "--unmutated names " + id + ", which is no task with solution regions"));
        for (Task task : course.tasks()) {
            if (unmutated.contains(task.id()) && withRegions.contains(task.id())) {
                report.unmutated.add(task.id());
            } else if (withRegions.contains(task.id())) {
                report.byTask.put(task.id(), new Tally(task.id()));
                report.byChapter.computeIfAbsent(task.chapter(), chapter -> new Tally("chapter " + chapter));
            }
        }
        withRegions.stream().filter(id -> course.find(id).isEmpty()).forEach(id -> report.problems.add(
                "a solution region names task " + id + ", which the course does not list"));
        for (Mutant mutant : mutants) {
            report.file(mutant, regions, reviewed);
        }
        report.checkConsistency(regions, reviewed);
        return report;
    }

    private void file(Mutant mutant, SolutionRegions regions, ReviewedMutants reviewed) {
        Optional<SolutionRegions.Region> region = regions.regionOf(mutant.file(), mutant.line());
        if (region.isEmpty() || !byTask.containsKey(region.get().taskId()) && !unmutated.contains(region.get().taskId())) {
            outsideRegions++;
            return;
        }
        String taskId = region.get().taskId();
        if (unmutated.contains(taskId)) {
            problems.add("task " + taskId + " is listed as not mutated (--unmutated), but PIT made a mutant in it ("
                    + mutant.where() + "): take it off that list, or the class off targetClasses");
            return;
        }
        String code = regions.code(mutant.file(), mutant.line());
        ReviewedMutants.Entry review = reviewed.entries().stream().filter(entry -> entry.matches(mutant, code))
                .findFirst().orElse(null);
        List<Tally> tallies = List.of(byTask.get(taskId), byChapter.get(course.task(taskId).chapter()), overall);
        tallies.forEach(tally -> tally.mutants++);
        if (mutant.detected()) {
            tallies.forEach(tally -> tally.killed++);
            if (review != null && !entriesKilled.contains(review)) {
                entriesKilled.add(review);
            }
            return;
        }
        if (review != null && !entriesInUse.contains(review)) {
            entriesInUse.add(review);
        }
        if (review != null && review.verdict() == ReviewedMutants.Verdict.EQUIVALENT) {
            tallies.forEach(tally -> tally.equivalent++);
        } else {
            Survivor survivor = new Survivor(taskId, mutant, review);
            tallies.forEach(tally -> tally.survivors.add(survivor));
        }
    }

    private void checkConsistency(SolutionRegions regions, ReviewedMutants reviewed) {
        for (Tally task : byTask.values()) {
            if (task.mutants == 0) {
                problems.add("task " + task.name + " has solution regions (" + String.join(", ",
                        regions.filesOf(task.name).stream().map(SolutionRegions::shortName).toList()) + ") but PIT"
                        + " made no mutant inside them: add the class to targetClasses in the mutation profile of"
                        + " exercises/pom.xml");
            }
        }
        for (ReviewedMutants.Entry entry : reviewed.entries()) {
            if (entriesInUse.contains(entry)) {
                continue;
            }
            if (entriesKilled.contains(entry)) {
                problems.add("reviewed-mutants list line " + entry.lineNumber() + " (" + entry + ") calls a mutant "
                        + entry.verdict().name().toLowerCase(Locale.ROOT) + ", but the graders now kill it: remove"
                        + " the entry");
            } else {
                problems.add("reviewed-mutants list line " + entry.lineNumber() + " (" + entry + ") matches no"
                        + " surviving mutant inside a solution region; the code or the mutators changed: update or"
                        + " remove the entry");
            }
        }
    }

    /** Whether the overall score and every chapter's reach the threshold, with nothing amiss. */
    boolean passes() {
        return problems.isEmpty() && overall.meets(threshold)
                && byChapter.values().stream().allMatch(chapter -> chapter.meets(threshold));
    }

    /** The survivors of a tally in the course's order of tasks, then by file and line. */
    private List<Survivor> sorted(Tally tally) {
        List<String> order = new ArrayList<>(byTask.keySet());
        return tally.survivors.stream().sorted(Comparator.comparingInt((Survivor s) -> order.indexOf(s.taskId()))
                .thenComparing(s -> s.mutant().file()).thenComparingInt(s -> s.mutant().line())
                .thenComparing(s -> s.mutant().mutator())).toList();
    }

    /** The report as a teacher reads it in the build log. */
    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Mutation score of the reference solutions: PIT's mutants inside the"
                + " solution regions, and how many the graders kill (threshold %d %%)%n%n", threshold));
        String row = "  %-10s %7s %7s %7s %10s %8s %8s%n";
        out.append(String.format(Locale.ROOT, row, "task", "chapter", "mutants", "killed", "equivalent", "survived",
                "score"));
        for (Tally task : byTask.values()) {
            out.append(textRow(row, task, Integer.toString(course.task(task.name).chapter())));
        }
        out.append('\n');
        for (Tally chapter : byChapter.values()) {
            out.append(textRow(row, chapter, ""));
        }
        out.append(textRow(row, overall, ""));
        out.append(String.format(Locale.ROOT, "%n(%d mutant%s outside the regions, in code the student is given, not"
                + " counted.)%n", outsideRegions, outsideRegions == 1 ? "" : "s"));
        out.append(notMutated());
        if (!overall.survivors.isEmpty()) {
            out.append("\nSurviving mutants: each is a change to a reference solution that no grader noticed. Add a"
                    + " check to the task's grader; if the change computes exactly the same, or nothing the task asks"
                    + " for, record it with the reason in reviewed-mutants.tsv.\n");
            sorted(overall).forEach(s -> out.append("  ").append(s.line()).append('\n'));
        }
        out.append('\n').append(verdict());
        return out.toString();
    }

    private String textRow(String format, Tally tally, String chapter) {
        return String.format(Locale.ROOT, format, tally.name, chapter, tally.mutants, tally.killed, tally.equivalent,
                tally.survived(), percent(tally.score()));
    }

    /** One line when it passes; otherwise every reason it fails. */
    private String verdict() {
        if (passes()) {
            return String.format(Locale.ROOT, "PASS: the graders kill %s of the mutants overall, and at least %d %% in"
                    + " every chapter.%n", percent(overall.score()), threshold);
        }
        StringBuilder out = new StringBuilder();
        if (!overall.meets(threshold)) {
            out.append(String.format(Locale.ROOT, "FAIL: the graders kill %s of the mutants overall; the threshold is"
                    + " %d %%.%n", percent(overall.score()), threshold));
        }
        for (Tally chapter : byChapter.values()) {
            if (!chapter.meets(threshold)) {
                out.append(String.format(Locale.ROOT, "FAIL: %s: the graders kill %s of its mutants (%d of %d); the"
                                + " threshold is %d %%. Its survivors:%n", chapter.name, percent(chapter.score()),
                        chapter.killed, chapter.mutants - chapter.equivalent, threshold));
                sorted(chapter).forEach(s -> out.append("    ").append(s.line()).append('\n'));
            }
        }
        problems.forEach(p -> out.append("FAIL: ").append(p).append('\n'));
        return out.toString();
    }

    /** The tables in Markdown, for docs/mutation.md. */
    String markdown() {
        StringBuilder out = new StringBuilder();
        String header = "| %s | mutants | killed | equivalent | survived | score |\n|---|--:|--:|--:|--:|--:|\n";
        Function<Tally, String> row = t -> String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s |%n", t.name,
                t.mutants, t.killed, t.equivalent, t.survived(), percent(t.score()));
        out.append(String.format(Locale.ROOT, "**Overall: the graders kill %s of the mutants** (%d of %d; %d more"
                        + " are equivalent and not counted).%n%n", percent(overall.score()), overall.killed,
                overall.mutants - overall.equivalent, overall.equivalent));
        out.append(String.format(header, "chapter"));
        byChapter.values().forEach(chapter -> out.append(row.apply(chapter)));
        out.append(row.apply(overall).replace("| overall |", "| **overall** |"));
        out.append('\n').append(String.format(header, "task"));
        byTask.values().forEach(task -> out.append(row.apply(task).replaceFirst("^\\| (\\S+) \\|",
                "| " + task.name + " (ch. " + course.task(task.name).chapter() + ") |")));
        out.append(String.format(Locale.ROOT, "%n%d mutants outside the regions (code the student is given) are not"
                + " counted.%n", outsideRegions));
        out.append(notMutated());
        out.append("\n**Surviving mutants** (task, file:line, mutator: what PIT changed), with the reason where a"
                + " teacher accepted one:\n\n");
        if (overall.survivors.isEmpty()) {
            out.append("none\n");
        }
        for (Survivor survivor : sorted(overall)) {
            String[] lines = survivor.line().split("\n");
            out.append("- `").append(lines[0].replace("`", "'")).append('`');
            if (lines.length > 1) {
                out.append(" — ").append(lines[1].strip());
            }
            out.append('\n');
        }
        List<ReviewedMutants.Entry> equivalents = entriesInUse.stream()
                .filter(e -> e.verdict() == ReviewedMutants.Verdict.EQUIVALENT).toList();
        out.append("\n**Equivalent mutants** (not counted; from `exercises/reviewed-mutants.tsv`):\n\n");
        if (equivalents.isEmpty()) {
            out.append("none\n");
        } else {
            out.append("| file | mutated line | mutator: change | why it computes the same |\n|---|---|---|---|\n");
            equivalents.forEach(e -> out.append(String.format(Locale.ROOT, "| %s | `%s` | %s: %s | %s |%n", e.file(),
                    e.code().replace("|", "\\|"), e.mutator(), e.description(), e.reason().replace("|", "\\|"))));
        }
        return out.toString();
    }

    /** Rewrites the generated part of the Markdown file {@code docs}. */
    void writeInto(Path docs) throws IOException {
        String text = Files.isRegularFile(docs) ? Files.readString(docs) : "";
        int begin = text.indexOf(DOCS_BEGIN);
        int end = text.indexOf(DOCS_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("mutation report: " + docs + " has no '" + DOCS_BEGIN + "' ... '"
                    + DOCS_END + "' block to write the tables into; add those two lines where they belong");
        }
        Files.writeString(docs, text.substring(0, begin + DOCS_BEGIN.length()) + "\n" + markdown()
                + text.substring(end));
    }

    /** The sentence naming the tasks left out of mutation testing, or nothing when there are none. */
    private String notMutated() {
        return unmutated.isEmpty() ? "" : String.format(Locale.ROOT, "Not mutation-tested, on purpose (see the"
                + " mutation profile of exercises/pom.xml): %s.%n", String.join(", ", unmutated));
    }

    /** A score rounded down to one decimal, so that a score that fails never reads as the threshold. */
    static String percent(double score) {
        return String.format(Locale.ROOT, "%.1f %%", Math.floor(score * 10 + 1e-9) / 10);
    }

    /** Runs the report on the command line; exits with {@link #run}'s status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Reads the inputs the arguments name, prints the report and returns the exit status: 0 pass,
     * 1 below the threshold (or an inconsistency), 2 a wrong command line or input file.
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (!arg.startsWith("--") || equals < 0
                    || !List.of("--mutations", "--sources", "--reviewed", "--threshold", "--unmutated", "--docs")
                    .contains(name)) {
                err.println("mutation report: '" + arg + "' is not an option; " + usage());
                return 2;
            }
            options.put(name.substring(2), arg.substring(equals + 1));
        }
        try {
            String thresholdText = options.getOrDefault("threshold", "85");
            int threshold;
            try {
                threshold = Integer.parseInt(thresholdText);
            } catch (NumberFormatException e) {
                threshold = -1;
            }
            if (threshold < 0 || threshold > 100) {
                throw new IllegalArgumentException("mutation report: --threshold=" + thresholdText
                        + " is not a whole per cent from 0 to 100");
            }
            MutationReport report = of(Course.standard(),
                    Mutant.readPitReport(Path.of(options.getOrDefault("mutations", "target/pit-reports/mutations.xml"))),
                    SolutionRegions.scan(Path.of(options.getOrDefault("sources", "src/main/java"))),
                    ReviewedMutants.read(Path.of(options.getOrDefault("reviewed", "reviewed-mutants.tsv"))),
                    Arrays.stream(options.getOrDefault("unmutated", "").split(",")).map(String::strip)
                            .filter(id -> !id.isEmpty()).collect(Collectors.toSet()),
                    threshold);
            out.print(report.text());
            String docs = options.getOrDefault("docs", "");
            if (!docs.isBlank()) {
                report.writeInto(Path.of(docs));
                out.println("Wrote the tables into " + Path.of(docs).normalize());
            }
            return report.passes() ? 0 : 1;
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static String usage() {
        return "usage: MutationReport --mutations=mutations.xml --sources=src/main/java"
                + " --reviewed=reviewed-mutants.tsv --threshold=85 [--unmutated=ex5.5,...] [--docs=docs/mutation.md]";
    }
}
