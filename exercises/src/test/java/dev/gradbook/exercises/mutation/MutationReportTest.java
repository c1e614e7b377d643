package dev.gradbook.exercises.mutation;

import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mutation report on a small made-up course file and made-up PIT results, where every count
 * is known, and on the course's real sources.
 */
@DisplayName("The mutation report")
class MutationReportTest {

    /**
     * Two tasks of chapter 1 (ex1.1 on lines 4-6, ex1.2 on lines 10-11) and one of chapter 2
     * (ex2.1 on lines 15-16), with code outside the regions on lines 2, 8 and 13.
     */
    private static final String VALUE_JAVA = String.join("\n",
            "package dev.gradbook.exercises.scalar;",            // 1
            "class Value { int given() { return 1; }",            // 2
            "    int add() {",                                     // 3
            "        // BEGIN SOLUTION ex1.1",                     // 4
            "        int sum = 1 + 2;",                            // 5
            "        return sum;",                                 // 6
            "        // END SOLUTION",                             // 7
            "    }",                                               // 8
            "    int div() {",                                     // 9
            "        // BEGIN SOLUTION ex1.2",                     // 10
            "        return 6 / 3;",                               // 11
            "        // END SOLUTION",                             // 12
            "    }",                                               // 13
            "    int order() {",                                   // 14
            "        // BEGIN SOLUTION ex2.1",                     // 15
            "        for (int i = 0; i < 3; i++) { }",             // 16
            "        // END SOLUTION",                             // 17
            "    }",                                               // 18
            "}",                                                   // 19
            "");

    @TempDir
    Path dir;
    private Path sources;
    private Path reviewed;
    private final List<String> mutations = new ArrayList<>();

    @BeforeEach
    void writeTheCourseFile() throws IOException {
        sources = dir.resolve("src");
        Path file = sources.resolve("dev/gradbook/exercises/scalar/Value.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, VALUE_JAVA);
        reviewed = dir.resolve("reviewed-mutants.tsv");
        Files.writeString(reviewed, "# reviewed mutants\n");
    }

    /** Adds {@code count} mutants at {@code line} of Value.java, killed or not. */
    private void mutants(int count, int line, boolean killed, String mutator, String description) {
        for (int i = 0; i < count; i++) {
            mutations.add("<mutation detected='" + killed + "' status='" + (killed ? "KILLED" : "SURVIVED")
                    + "' numberOfTestsRun='2'><sourceFile>Value.java</sourceFile>"
                    + "<mutatedClass>dev.gradbook.exercises.scalar.Value</mutatedClass><mutatedMethod>m" + line
                    + "</mutatedMethod><methodDescription>()I</methodDescription><lineNumber>" + line + "</lineNumber>"
                    + "<mutator>org.pitest.mutationtest.engine.gregor.mutators." + mutator + "</mutator>"
                    + "<indexes><index>1</index></indexes><blocks><block>0</block></blocks><killingTest/>"
                    + "<description>" + description + "</description></mutation>");
        }
    }

    private void killed(int count, int line) {
        mutants(count, line, true, "MathMutator", "Replaced integer addition with subtraction");
    }

    private void survived(int count, int line) {
        mutants(count, line, false, "MathMutator", "Replaced integer addition with subtraction");
    }

    private Path pitReport() throws IOException {
        Path xml = dir.resolve("mutations.xml");
        Files.writeString(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mutations partial=\"true\">\n"
                + String.join("\n", mutations) + "\n</mutations>\n");
        return xml;
    }

    private MutationReport report(int threshold) throws IOException {
        return MutationReport.of(Course.standard(), Mutant.readPitReport(pitReport()), SolutionRegions.scan(sources),
                ReviewedMutants.read(reviewed), Set.of(), threshold);
    }

    /** Every chapter at 100 %: ex1.1, ex1.2 and ex2.1 each with killed mutants only. */
    private void allKilled() {
        killed(4, 5);
        killed(2, 11);
        killed(3, 16);
    }

    /** Runs the command line; returns its exit status, with what it printed in {@link #printed}. */
    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = MutationReport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        return status;
    }

    private String printed = "";

    private String[] arguments(int threshold) throws IOException {
        return new String[] {"--mutations=" + pitReport(), "--sources=" + sources, "--reviewed=" + reviewed,
                "--threshold=" + threshold};
    }

    @Nested
    @DisplayName("reading PIT's mutations.xml")
    class Reading {
        @Test
        @DisplayName("gives each mutant's source file under the source root, its line, PIT's short mutator name and verdict")
        void fields() throws IOException {
            killed(1, 5);
            mutants(1, 11, false, "ConditionalsBoundaryMutator", "changed conditional boundary");
            List<Mutant> read = Mutant.readPitReport(pitReport());
            assertEquals(List.of(
                    new Mutant("dev/gradbook/exercises/scalar/Value.java", 5, "MathMutator", "m5",
                            "Replaced integer addition with subtraction", "KILLED", true),
                    new Mutant("dev/gradbook/exercises/scalar/Value.java", 11, "ConditionalsBoundaryMutator", "m11",
                            "changed conditional boundary", "SURVIVED", false)), read);
            assertEquals("scalar/Value.java:11", read.get(1).where());
        }

        @Test
        @DisplayName("a missing report is an error that says how to make one")
        void missing() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Mutant.readPitReport(dir.resolve("nowhere.xml")));
            assertTrue(e.getMessage().contains("nowhere.xml") && e.getMessage().contains("-P mutation"), e.getMessage());
        }

        @Test
        @DisplayName("a file that is not PIT's report is an error naming the file")
        void notPit() throws IOException {
            Path other = Files.writeString(dir.resolve("other.xml"), "<testsuite/>");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mutant.readPitReport(other));
            assertTrue(e.getMessage().contains("other.xml") && e.getMessage().contains("<testsuite>"), e.getMessage());
        }
    }

    @Nested
    @DisplayName("filing mutants under tasks")
    class Filing {
        @Test
        @DisplayName("counts a mutant under the task whose region holds its line, and that task's chapter")
        void byRegion() throws IOException {
            allKilled();
            survived(1, 6);
            String text = report(85).text();
            assertTrue(text.contains("  ex1.1            1       5       4          0        1   80.0 %"), text);
            assertTrue(text.contains("  ex1.2            1       2       2          0        0  100.0 %"), text);
            assertTrue(text.contains("  chapter 1                7       6          0        1   85.7 %"), text);
            assertTrue(text.contains("  chapter 2                3       3          0        0  100.0 %"), text);
            assertTrue(text.contains("  overall                 10       9          0        1   90.0 %"), text);
        }

        @Test
        @DisplayName("leaves out mutants outside the regions (the code the student is given, and the marker lines)")
        void outside() throws IOException {
            allKilled();
            survived(1, 2);
            survived(1, 4);
            survived(1, 8);
            MutationReport report = report(85);
            assertTrue(report.text().contains("(3 mutants outside the regions"), report.text());
            assertTrue(report.text().contains("  overall                  9       9          0        0  100.0 %"), report.text());
            assertTrue(report.passes());
        }

        @Test
        @DisplayName("lists the tasks in the course's order, whatever the order of the files and of PIT's report")
        void courseOrder() throws IOException {
            killed(3, 16);
            killed(2, 11);
            killed(4, 5);
            String text = report(85).text();
            assertTrue(text.indexOf("ex1.1") < text.indexOf("ex1.2") && text.indexOf("ex1.2") < text.indexOf("ex2.1"),
                    text);
        }

        @Test
        @DisplayName("fails when a task with regions got no mutant at all: its class is missing from targetClasses")
        void taskWithoutMutants() throws IOException {
            killed(4, 5);
            killed(2, 11);
            MutationReport report = report(85);
            assertFalse(report.passes());
            assertTrue(report.text().contains("FAIL: task ex2.1 has solution regions (scalar/Value.java) but PIT made"
                    + " no mutant inside them: add the class to targetClasses"), report.text());
        }

        @Test
        @DisplayName("a task left out on purpose (--unmutated) needs no mutant, is named in the report, and counts nowhere")
        void unmutatedTask() throws IOException {
            killed(4, 5);
            killed(2, 11);
            String[] args = {"--mutations=" + pitReport(), "--sources=" + sources, "--reviewed=" + reviewed,
                "--threshold=85", "--unmutated=ex2.1"};
            assertEquals(0, run(args), printed);
            assertTrue(printed.contains("Not mutation-tested, on purpose (see the mutation profile of"
                    + " exercises/pom.xml): ex2.1."), printed);
            assertFalse(printed.contains("  chapter 2 "), "a chapter whose only task is left out has no row: " + printed);
            assertTrue(printed.contains("  overall                  6       6"), printed);
        }

        @Test
        @DisplayName("--unmutated cannot go stale: a mutant inside that task, or a name that is no task, fails the report")
        void unmutatedStale() throws IOException {
            allKilled();
            MutationReport mutated = MutationReport.of(Course.standard(), Mutant.readPitReport(pitReport()),
                    SolutionRegions.scan(sources), ReviewedMutants.read(reviewed), Set.of("ex2.1"), 85);
            assertFalse(mutated.passes());
            assertTrue(mutated.text().contains("FAIL: task ex2.1 is listed as not mutated (--unmutated), but PIT made a"
                    + " mutant in it (scalar/Value.java:16)"), mutated.text());
            MutationReport unknown = MutationReport.of(Course.standard(), Mutant.readPitReport(pitReport()),
                    SolutionRegions.scan(sources), ReviewedMutants.read(reviewed), Set.of("ex9.9"), 85);
            assertFalse(unknown.passes());
            assertTrue(unknown.text().contains("FAIL: --unmutated names ex9.9, which is no task with solution regions"),
                    unknown.text());
        }

        @Test
        @DisplayName("finds a region of every task of the course in the exercises' own sources")
        void realSources() throws IOException {
            SolutionRegions regions = SolutionRegions.scan(Path.of("src/main/java"));
            List<String> tasks = Course.standard().tasks().stream().map(Task::id).toList();
            assertTrue(regions.taskIds().containsAll(tasks), "regions of " + regions.taskIds() + " for " + tasks);
            assertTrue(tasks.containsAll(regions.taskIds()), "every region names a task of the course: "
                    + regions.taskIds());
        }
    }

    @Nested
    @DisplayName("the threshold")
    class Threshold {
        @Test
        @DisplayName("passes, exit status 0, when the course and every chapter reach it")
        void passes() throws IOException {
            allKilled();
            assertEquals(0, run(arguments(85)), printed);
            assertTrue(printed.contains("PASS: the graders kill 100.0 % of the mutants overall, and at least 85 % in"
                    + " every chapter."), printed);
        }

        @Test
        @DisplayName("fails, exit status 1, when one chapter is below it though the course is above, naming the chapter"
                + " and its survivors (file:line, mutator, description)")
        void chapterBelow() throws IOException {
            killed(17, 5);
            killed(2, 11);
            killed(4, 16);
            survived(1, 16); // chapter 2: 4 of 5 = 80 %; the course: 23 of 24 = 95.8 %
            assertEquals(1, run(arguments(85)), printed);
            assertFalse(printed.contains("FAIL: the graders kill 95"), printed);
            assertTrue(printed.contains("FAIL: chapter 2: the graders kill 80.0 % of its mutants (4 of 5); the threshold"
                    + " is 85 %. Its survivors:\n    ex2.1  scalar/Value.java:16  MathMutator: Replaced integer addition"
                    + " with subtraction (in m16, SURVIVED)"), printed);
            assertFalse(printed.contains("FAIL: chapter 1"), printed);
        }

        @Test
        @DisplayName("fails when the whole course is below it, naming the overall score")
        void overallBelow() throws IOException {
            killed(8, 5);
            survived(2, 6);
            killed(8, 11);
            survived(2, 11);
            killed(8, 16);
            survived(2, 16);
            assertEquals(1, run(arguments(85)), printed);
            assertTrue(printed.contains("FAIL: the graders kill 80.0 % of the mutants overall; the threshold is 85 %."),
                    printed);
            assertTrue(printed.contains("FAIL: chapter 1") && printed.contains("FAIL: chapter 2"), printed);
        }

        @Test
        @DisplayName("passes at exactly the threshold, and a score just below it never reads as the threshold")
        void edge() throws IOException {
            killed(16, 5);
            survived(3, 5); // chapter 1 (ex1.1 and ex1.2): 17 of 20 = 85 % exactly
            killed(1, 11);
            killed(1, 16);
            assertTrue(report(85).passes(), report(85).text());
            mutations.clear();
            killed(1, 11);
            killed(1, 16);
            killed(1698, 5);
            survived(301, 5); // chapter 1: 1699 of 2000 = 84.95 %, shown as 84.9 %
            MutationReport report = report(85);
            assertFalse(report.passes(), report.text());
            assertTrue(report.text().contains("FAIL: chapter 1: the graders kill 84.9 %"), report.text());
        }

        @Test
        @DisplayName("is a whole per cent from 0 to 100; anything else, or an unknown option, is exit status 2")
        void commandLine() throws IOException {
            allKilled();
            assertEquals(2, run("--mutations=" + pitReport(), "--threshold=85.5"), printed);
            assertTrue(printed.contains("--threshold=85.5 is not a whole per cent from 0 to 100"), printed);
            assertEquals(2, run("--mutations=" + pitReport(), "--threshold=101"), printed);
            assertEquals(2, run("--mutation=" + pitReport()), printed);
            assertTrue(printed.contains("'--mutation=") && printed.contains("usage: MutationReport"), printed);
            assertEquals(2, run("--mutations=" + dir.resolve("absent.xml")), printed);
            assertTrue(printed.contains("absent.xml does not exist"), printed);
        }
    }

    @Nested
    @DisplayName("reviewed mutants")
    class Reviewed {
        private void review(String code, String verdict, String reason) throws IOException {
            Files.writeString(reviewed, String.join("\t", "scalar/Value.java", code, "MathMutator",
                    "Replaced integer addition with subtraction", verdict, reason) + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        }

        @Test
        @DisplayName("an equivalent mutant is counted apart: neither killed nor survived")
        void equivalent() throws IOException {
            killed(5, 5);
            survived(1, 6);
            killed(1, 11);
            killed(1, 16);
            review("return sum;", "equivalent", "returns what it returned");
            String text = report(85).text();
            assertTrue(text.contains("  ex1.1            1       6       5          1        0  100.0 %"), text);
            assertTrue(report(85).markdown().contains("| scalar/Value.java | `return sum;` | MathMutator: Replaced"
                    + " integer addition with subtraction | returns what it returned |"), report(85).markdown());
        }

        @Test
        @DisplayName("an accepted mutant still counts as survived, and the reason stands beside it")
        void accepted() throws IOException {
            killed(5, 5);
            survived(1, 6);
            killed(1, 11);
            killed(1, 16);
            review("return sum;", "accepted", "only the last bit");
            String text = report(85).text();
            assertTrue(text.contains("  ex1.1            1       6       5          0        1   83.3 %"), text);
            assertTrue(text.contains("ex1.1  scalar/Value.java:6  MathMutator: Replaced integer addition with"
                    + " subtraction (in m6, SURVIVED)\n      accepted: only the last bit"), text);
        }

        @Test
        @DisplayName("an entry that matches no surviving mutant fails the report: the list cannot go stale")
        void stale() throws IOException {
            allKilled();
            review("return 6 / 3;", "equivalent", "was once");
            review("int gone = 0;", "accepted", "the code changed");
            MutationReport report = report(85);
            assertFalse(report.passes());
            assertTrue(report.text().contains("FAIL: reviewed-mutants list line 2 (scalar/Value.java 'return 6 / 3;'"
                    + " MathMutator: Replaced integer addition with subtraction) calls a mutant equivalent, but the"
                    + " graders now kill it: remove the entry"), report.text());
            assertTrue(report.text().contains("FAIL: reviewed-mutants list line 3 (scalar/Value.java 'int gone = 0;'"
                    + " MathMutator: Replaced integer addition with subtraction) matches no surviving mutant"),
                    report.text());
        }

        @Test
        @DisplayName("an entry without its six fields, or with an unknown verdict, is an error naming the line")
        void malformed() throws IOException {
            Files.writeString(reviewed, "# header\nscalar/Value.java\treturn sum;\tMathMutator\tchanged\tequivalent\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReviewedMutants.read(reviewed));
            assertTrue(e.getMessage().contains("reviewed-mutants.tsv:2 has 5 tab-separated fields"), e.getMessage());
            Files.writeString(reviewed, "scalar/Value.java\treturn sum;\tMathMutator\tchanged\tharmless\tsame\n");
            e = assertThrows(IllegalArgumentException.class, () -> ReviewedMutants.read(reviewed));
            assertTrue(e.getMessage().contains(":1: the verdict is 'harmless'; it must be equivalent or accepted"),
                    e.getMessage());
        }

        @Test
        @DisplayName("the course's own list reads without error, and every entry gives a reason")
        void courseList() throws IOException {
            ReviewedMutants list = ReviewedMutants.read(Path.of("reviewed-mutants.tsv"));
            assertFalse(list.entries().isEmpty());
            list.entries().forEach(entry -> assertTrue(entry.reason().length() > 40, "a reason says why: " + entry));
        }
    }

    @Nested
    @DisplayName("the docs")
    class Docs {
        @Test
        @DisplayName("writes the tables between the markers of the Markdown file and keeps the rest")
        void writes() throws IOException {
            allKilled();
            survived(1, 16);
            Path docs = Files.writeString(dir.resolve("mutation.md"), "# Title\n\nBy hand.\n\n"
                    + MutationReport.DOCS_BEGIN + "\nold tables\n" + MutationReport.DOCS_END + "\n\nAfter.\n");
            String[] args = arguments(70);
            String[] withDocs = java.util.Arrays.copyOf(args, args.length + 1);
            withDocs[args.length] = "--docs=" + docs;
            assertEquals(0, run(withDocs), printed);
            String written = Files.readString(docs);
            assertTrue(written.startsWith("# Title\n\nBy hand.\n\n" + MutationReport.DOCS_BEGIN + "\n**Overall: the"
                    + " graders kill 90.0 % of the mutants** (9 of 10; 0 more are equivalent and not counted)."), written);
            assertTrue(written.contains("| chapter 2 | 4 | 3 | 0 | 1 | 75.0 % |"), written);
            assertTrue(written.contains("| ex2.1 (ch. 2) | 4 | 3 | 0 | 1 | 75.0 % |"), written);
            assertTrue(written.contains("- `ex2.1  scalar/Value.java:16  MathMutator"), written);
            assertFalse(written.contains("old tables"), written);
            assertTrue(written.endsWith(MutationReport.DOCS_END + "\n\nAfter.\n"), written);
        }

        @Test
        @DisplayName("refuses a file without the markers, naming them")
        void noMarkers() throws IOException {
            allKilled();
            Path docs = Files.writeString(dir.resolve("mutation.md"), "# Title\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> report(85).writeInto(docs));
            assertTrue(e.getMessage().contains(MutationReport.DOCS_BEGIN), e.getMessage());
            assertEquals("# Title\n", Files.readString(docs));
        }
    }
}
