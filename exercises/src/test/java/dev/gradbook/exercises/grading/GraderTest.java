package dev.gradbook.exercises.grading;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grader on a pretend course ({@code dev.gradbook.gradingfixture.FixtureGrader}). */
@DisplayName("The grader")
class GraderTest {

    private static final Course FIXTURE = new Course(List.of(
            new Task("fx1.1", "loops forever", 5, 1, "Loops"),
            new Task("fx1.2", "passes", 3, 1, "Sums"),
            new Task("fx1.3", "fails", 2, 2, "Failing well"),
            new Task("fx1.4", "has no graders", 1, 2, "Nothing"),
            new Task("fx2.1", "graded by a group of generated checks", 4, 2, "Groups").alsoGradedBy("fx-checks"),
            new Task("fx2.2", "generated tests that loop", 1, 2, "Loops").alsoGradedBy("fx-loops")));
    private static final Grader GRADER = new Grader(FIXTURE, List.of("dev.gradbook.gradingfixture"));

    @TempDir
    static Path reports;
    private static int status;
    private static String printed;
    private static long millis;

    @BeforeAll
    static void gradeTheFixture() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        status = Grade.run(GRADER, new Grade.Request(List.of(), 77L, Duration.ofSeconds(1), reports),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        millis = (System.nanoTime() - start) / 1_000_000;
        printed = out.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopTheLoop() throws ReflectiveOperationException {
        Field stop = Class.forName("dev.gradbook.gradingfixture.FixtureGrader").getDeclaredField("stopLooping");
        stop.setAccessible(true);
        stop.set(null, true);
    }

    private static Scoreboard board() {
        return GRADER.grade(new Grader.Options(List.of("fx1.2", "fx1.3"), 77, Duration.ofSeconds(1), null));
    }

    @Nested
    @DisplayName("with a task that loops forever")
    class EndlessLoop {
        @Test
        @DisplayName("fails that task when the time limit is up, and grades the others")
        void timesOut() {
            assertTrue(millis < 15_000, "grading took " + millis + " ms");
            assertTrue(printed.contains("fx1.1  loops forever"), printed);
            assertTrue(printed.contains("fx1.1 loops forever: failing"), printed);
            assertTrue(printed.contains("did not finish within 1 second: look for a loop that never ends"), printed);
            assertTrue(printed.contains("fx1.2  passes") && printed.contains("3/3  done"), printed);
        }

        @Test
        @DisplayName("a generated test that loops fails when its time is up, and the rest of its group fails at once")
        void generatedLoop() {
            assertTrue(printed.matches("(?s).*\\n  fx2\\.2  generated tests that loop +0/3 +0/1  failing\\n.*"),
                    printed);
            assertTrue(printed.contains("  - generated tests that loop › three loops › loop 1: did not finish within 1"
                    + " second: look for a loop that never ends"), printed);
            assertTrue(printed.contains("  - generated tests that loop › three loops › loop 3: not run: 'loop 1' did not"
                    + " finish within 1 second and was abandoned"), printed);
        }

        @Test
        @DisplayName("exits with status 1")
        void status() {
            assertEquals(1, status, printed);
        }
    }

    @Nested
    @DisplayName("tells a student what to do")
    class Messages {
        @Test
        @DisplayName("a failed random check names its seed and the command that replays it")
        void seed() {
            assertTrue(printed.contains("[random inputs from seed 77; the same inputs again: ./gradbook grade fx1.3 --seed 77]"),
                    printed);
        }

        @Test
        @DisplayName("a test that reaches an earlier task's Todo says to do that task first")
        void needsEarlierTask() {
            assertTrue(printed.contains("a test that reaches an earlier task's missing code: needs ex1.1 first (it reached"
                    + " FixtureGrader.needsAnotherTask (FixtureGrader.java:"), printed);
        }

        @Test
        @DisplayName("every task that is not done names the chapter file and the section to reread")
        void reading() {
            assertTrue(printed.contains("fx1.3 fails: failing (reread textbook/chapters/en/02-reverse-mode.md,"
                    + " section 'Failing well')"), printed);
            assertTrue(printed.contains("fx1.4 has no graders: no graders (this task has no grader tests"), printed);
        }

        @Test
        @DisplayName("a task graded by a tagged group counts the group's tests, names each by its path, and lists ten failures")
        void taggedGroup() {
            assertTrue(printed.matches("(?s).*\\n  fx2\\.1  graded by a group of generated checks +0/12 +0/4  failing\\n.*"),
                    printed);
            assertTrue(printed.contains("  - a group of generated checks › twelve checks › check 1: check 1 found a wrong"
                    + " number"), printed);
            assertTrue(printed.contains("check 10 found") && !printed.contains("check 11 found"), printed);
            assertTrue(printed.contains("  - ... and 2 more failing tests (every one in grades.json"), printed);
        }

        @Test
        @DisplayName("points only for a task whose tests all pass")
        void points() {
            Scoreboard board = board();
            assertEquals(3, board.points());
            assertEquals(5, board.maxPoints());
            assertEquals(List.of(1, 0), board.results().stream().map(TaskResult::passed).toList());
        }
    }

    @Nested
    @DisplayName("writes reports for classroom runners")
    class Reports {
        @Test
        @DisplayName("grades.json with every task, its points and its failures")
        void json() throws Exception {
            String json = Files.readString(reports.resolve("grades.json"));
            assertTrue(json.startsWith("{\n  \"seed\": 77,\n  \"points\": 3,\n  \"maxPoints\": 16,"), json);
            assertTrue(json.contains("{\"id\": \"fx1.2\", \"title\": \"passes\", \"chapter\": 1, \"section\": \"Sums\","
                    + " \"status\": \"done\", \"tests\": 1, \"passed\": 1, \"points\": 3, \"maxPoints\": 3, \"failures\": []}"),
                    json);
            assertTrue(json.contains("\"message\": \"did not finish within 1 s"), json);
        }

        @Test
        @DisplayName("JUnit XML from the launcher's legacy XML listener")
        void junitXml() throws Exception {
            try (Stream<Path> files = Files.list(reports)) {
                Path xml = files.filter(f -> f.getFileName().toString().startsWith("TEST-junit-jupiter")).findFirst()
                        .orElseThrow(() -> new AssertionError("no TEST-junit-jupiter.xml in " + reports));
                String text = Files.readString(xml);
                assertTrue(text.contains("<testsuite") && text.contains("loopsForever") && text.contains("<failure"), text);
            }
        }
    }

    @Nested
    @DisplayName("the starter's command line")
    class CommandLine {
        private String run(int expectedStatus, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Grade.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertEquals(expectedStatus, code, text);
            return text;
        }

        @Test
        @DisplayName("refuses an unknown task, listing the tasks, with status 2")
        void unknownTask() {
            String text = run(2, "ex9.9");
            assertTrue(text.contains("there is no task 'ex9.9'; the tasks are ex1.1, ex1.2"), text);
        }

        @Test
        @DisplayName("refuses an unknown option and a seed that is no number")
        void badOptions() {
            assertTrue(run(2, "--colour").contains("unknown option '--colour'"));
            assertTrue(run(2, "--seed", "x").contains("usage: ./gradbook grade"));
            assertTrue(run(2, "--seed").contains("--seed needs a value"));
        }

        @Test
        @DisplayName("grades the named tasks and exits 0 when they are done")
        void grades(@TempDir Path out) {
            String text = run(0, "--seed", "5", "--out", out.toString(), "ex3.1", "ex3.2");
            assertTrue(text.contains("Grading 2 tasks with random inputs from seed 5"), text);
            assertTrue(Files.exists(out.resolve("grades.json")));
        }
    }
}
