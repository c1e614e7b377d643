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
    @DisplayName("with chapter 5 not started, the student backend is registered but stops no other task")
    void unfinishedBackendStopsNothingElse(@TempDir Path starter, @TempDir Path classes) throws Exception {
        // ex7.2 computes with tensors, so it needs the backend registry that lists the student's provider.
        Export.export(ExportTest.MODULE, starter, Course.standard(), Set.of("ex1.1", "ex7.2"));
        assertTrue(Files.isRegularFile(starter.resolve(SERVICES)), "the starter registers the student backend");
        compile(starter, classes);
        Run run = grade(classes, starter.resolve("grades"), "ex1.1", "ex7.2", "ex5.1", "ex5.2", "ex5.3", "ex5.4", "ex5.5");
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().matches("(?s).*\\n  ex1\\.1 .* 10/10  done\\n.*"), run.output());
        assertTrue(run.output().matches("(?s).*\\n  ex7\\.2 .* 10/10  done\\n.*"), run.output());
        assertTrue(run.output().matches("(?s).*\\n  ex5\\.1 .* 0/\\d+ +0/10  not started\\n.*"), run.output());
        // No points for any other chapter-5 task; the kit's groups that need no code of the student
        // (allocate, the optimizer's default update) may pass, but not the whole of a task.
        for (String task : List.of("ex5.2", "ex5.3", "ex5.4", "ex5.5")) {
            assertTrue(run.output().matches("(?s).*\\n  " + Pattern.quote(task)
                    + " .* \\d+/\\d+ +0/\\d+  (not started|needs ex5\\.1|failing)\\n.*"), task + ":\n" + run.output());
        }
        assertTrue(run.output().matches("(?s).*replace the throw Todo\\.task\\(\"ex5\\.1\"\\) in StudentBackendProvider\\.create"
                + " \\(StudentBackendProvider\\.java:\\d+\\), StudentBackend\\.map \\(StudentBackend\\.java:\\d+\\)\\n.*"),
                run.output());
    }

    @Test
    @DisplayName("a zip that ignores strides: the scoreboard names the op, the layout and the first wrong element")
    void zipIgnoringStrides(@TempDir Path starter, @TempDir Path classes) throws Exception {
        Export.export(ExportTest.MODULE, starter, Course.standard(), Set.of("ex5.1"));
        Path backend = starter.resolve("src/main/java/dev/gradbook/exercises/backend/StudentBackend.java");
        String source = Files.readString(backend);
        String todo = "throw Todo.task(\"ex5.2\");";
        assertTrue(source.contains(todo), source);
        // The contiguous shortcut of the textbook: element i at offset + i, whatever the strides.
        Files.writeString(backend, source.replace(todo, "for (int i = 0; i < out.size(); i++) {\n"
                + "            out.storage().set(out.offset() + i, op.apply(a.storage().get(a.offset() + i),"
                + " b.storage().get(b.offset() + i)));\n        }"));
        compile(starter, classes);
        Run run = grade(classes, starter.resolve("grades"), "ex5.2");
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("ex5.2 zip: strided, broadcast, in place: failing (reread"
                + " textbook/chapters/en/05-backends.md, section 'The naive backend, line by line')"), run.output());
        // The book's example reads the broadcast row [100, 200] at positions 0 to 5: a crash, and where.
        assertTrue(run.output().contains("java.lang.ArrayIndexOutOfBoundsException: Index 2 out of bounds for length 2"
                + " (at StudentBackend.zip, StudentBackend.java:"), run.output());
        // The scoreboard lists the first ten failures; grades.json has them all, among them the
        // kit's cases where a wrong element is read without a crash.
        String json = Files.readString(starter.resolve("grades/grades.json"));
        Matcher kit = Pattern.compile("\"zip: out = op\\(a, b\\), element by element › every binary op × pairs of layouts"
                + "[^\"›]* › F(32|64) › [A-Z]+ › a TRANSPOSED, b CONTIGUOUS\", \"message\": \"zip [A-Z]+ F(32|64) shape \\[[0-9, ]+\\], a TRANSPOSED \\([^\"]*\\), b"
                + " CONTIGUOUS [^\"]*: element \\[[0-9, ]+\\] is [^\"]* but the naive backend gives ").matcher(json);
        assertTrue(kit.find(), "a kit failure names the op, dtype, shape, layouts and element:\n" + json);
        assertTrue(run.output().contains("more failing tests (every one in grades.json"), run.output());
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

    /** The file that registers the student's backend with the ServiceLoader. */
    private static final String SERVICES = "src/main/resources/META-INF/services/dev.gradbook.autograd.spi.BackendProvider";

    /** Compiles the starter's sources into {@code classes} and copies its resources there, as Maven would. */
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
        Path resources = starter.resolve("src/main/resources");
        try (Stream<Path> walk = Files.walk(resources)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path copy = classes.resolve(resources.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    record Run(int status, String output) {
    }

    private static Run grade(Path classes, Path out, String... tasks) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classes + File.pathSeparator + dependencies(),
                "dev.gradbook.exercises.grading.Grade", "--seed", "1", "--timeout", "20", "--out", out.toString()));
        command.addAll(List.of(tasks));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
