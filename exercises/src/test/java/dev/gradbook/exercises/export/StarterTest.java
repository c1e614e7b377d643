package dev.gradbook.exercises.export;

import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported starter as a student gets it: compiled with javac against gradbook's jars and
 * graded by its own {@code Grade} main in a JVM of its own (so that none of the reference
 * solutions on this test's class path can stand in for the student's code).
 */
@DisplayName("The exported starter")
class StarterTest {

    /** Where the golden scoreboard of a partly solved starter lives; -Dgradbook.golden.update=true rewrites it. */
    private static final Path GOLDEN = ExportTest.MODULE.resolve("src/test/resources/golden/partly-solved-scoreboard.txt");
    /** The tasks the partly solved starter keeps: ex2.2 without ex2.1 shows "needs ex2.1". */
    private static final Set<String> SOLVED = Set.of("ex1.1", "ex1.2", "ex2.2", "ex3.1");

    @Test
    @DisplayName("compiles, and every task has at least one failing test on it")
    void nothingPassesEmpty(@TempDir Path starter, @TempDir Path classes) throws Exception {
        Export.export(ExportTest.MODULE, starter, Course.standard());
        compile(starter, classes);
        Run run = grade(classes, starter.resolve("grades"));
        assertEquals(1, run.status(), run.output());
        for (Task task : Course.standard().tasks()) {
            Matcher row = Pattern.compile("(?m)^  " + Pattern.quote(task.id()) + " .* (\\d+)/(\\d+) +0/\\d+  (.*)$")
                    .matcher(run.output());
            assertTrue(row.find(), task.id() + "'s row with 0 points:\n" + run.output());
            assertTrue(Integer.parseInt(row.group(1)) < Integer.parseInt(row.group(2)), task.id() + " must fail a test:\n"
                    + run.output());
        }
        assertTrue(Files.exists(starter.resolve("grades/grades.json")), "grades.json written");
    }

    @Test
    @DisplayName("partly solved, gives the golden scoreboard")
    void partlySolved(@TempDir Path starter, @TempDir Path classes) throws Exception {
        Export.export(ExportTest.MODULE, starter, Course.standard(), SOLVED);
        compile(starter, classes);
        Run run = grade(classes, starter.resolve("grades"));
        String scoreboard = run.output().substring(0, run.output().indexOf("\nReports: ") + 1);
        if (Boolean.getBoolean("gradbook.golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, scoreboard, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), scoreboard,
                "the scoreboard changed; if on purpose, rerun with -Dgradbook.golden.update=true and review the diff");
        assertEquals(1, run.status());
    }

    /** The class path of gradbook's jars and JUnit, without this module's own classes. */
    static String dependencies() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String own = ExportTest.MODULE.resolve("target").toString();
        return Arrays.stream(path.split(File.pathSeparator)).filter(entry -> !entry.startsWith(own))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static void compile(Path starter, Path classes) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", dependencies(),
                "--release", "17", "-proc:none", "-Xlint:all,-processing", "-encoding", "UTF-8"));
        try (Stream<Path> walk = Files.walk(starter.resolve("src/main/java"))) {
            walk.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(arguments::add);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, arguments.toArray(String[]::new));
        assertEquals(0, status, "the starter must compile:\n" + messages.toString(StandardCharsets.UTF_8));
    }

    record Run(int status, String output) {
    }

    private static Run grade(Path classes, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + dependencies(),
                "dev.gradbook.exercises.grading.Grade", "--seed", "1", "--timeout", "20", "--out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
