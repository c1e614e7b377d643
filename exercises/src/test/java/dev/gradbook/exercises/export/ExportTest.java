package dev.gradbook.exercises.export;

import dev.gradbook.exercises.grading.Course;
import dev.gradbook.exercises.grading.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./gradbook exercises export}: the starter from the reference solutions. */
@DisplayName("The starter export")
class ExportTest {

    /** The exercises module (surefire runs in it). */
    static final Path MODULE = Path.of("").toAbsolutePath();

    @Nested
    @DisplayName("of gradbook's course")
    class OfTheCourse {
        @Test
        @DisplayName("is byte for byte the same twice")
        void reproducible(@TempDir Path first, @TempDir Path second) throws IOException {
            Export.Result one = Export.export(MODULE, first, Course.standard());
            Export.Result two = Export.export(MODULE, second, Course.standard());
            assertEquals(one, two);
            for (String file : one.files()) {
                assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
            }
            try (Stream<Path> walk = Files.walk(first)) {
                assertEquals(one.files().size(), walk.filter(Files::isRegularFile).count(), "only the files it reports");
            }
            assertTrue(Files.isExecutable(first.resolve("gradbook")), "the starter's gradbook script is executable");
        }

        @Test
        @DisplayName("keeps no solution line: outside the regions every line is the same, inside only a Todo remains")
        void noSolutionSurvives(@TempDir Path starter) throws IOException {
            Export.export(MODULE, starter, Course.standard());
            Path sources = MODULE.resolve("src/main/java");
            int regions = 0;
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String relative = "src/main/java/" + sources.relativize(file).toString().replace('\\', '/');
                    if (relative.contains("/exercises/export/")) {
                        assertFalse(Files.exists(starter.resolve(relative)), "the teacher's tools stay out: " + relative);
                        continue;
                    }
                    List<String> outside = new ArrayList<>();
                    Set<String> inside = new HashSet<>();
                    boolean in = false;
                    for (String line : Files.readAllLines(file)) {
                        if (line.strip().startsWith("// BEGIN SOLUTION")) {
                            in = true;
                            regions++;
                        } else if (line.strip().equals("// END SOLUTION")) {
                            in = false;
                        } else if (in && line.strip().startsWith("// PROMPT:")) {
                            // A prompt is the starter's line in place of the region (Regions' rule).
                            String body = line.strip().substring("// PROMPT:".length());
                            String indent = line.substring(0, line.length() - line.stripLeading().length());
                            outside.add(body.isBlank() ? "" : indent + body.substring(body.startsWith(" ") ? 1 : 0));
                        } else if (in) {
                            inside.add(line.strip());
                        } else {
                            outside.add(line);
                        }
                    }
                    List<String> exported = Files.readAllLines(starter.resolve(relative));
                    List<String> withoutTodos = exported.stream().filter(l -> !l.strip().startsWith("throw Todo.task(\"")).toList();
                    assertEquals(outside, withoutTodos, relative + ": everything outside the regions is unchanged, and a region"
                            + " with prompts becomes its prompts");
                    Set<String> outsideStripped = new HashSet<>();
                    outside.forEach(l -> outsideStripped.add(l.strip()));
                    for (String line : exported) {
                        String stripped = line.strip();
                        assertFalse(inside.contains(stripped) && !outsideStripped.contains(stripped),
                                relative + ": solution line survived: " + line);
                        assertFalse(stripped.contains("BEGIN SOLUTION") && stripped.startsWith("//"), relative + ": " + line);
                    }
                }
            }
            assertTrue(regions >= Course.standard().tasks().size(), "found " + regions + " regions");
        }

        @Test
        @DisplayName("writes a README with the two commands and a pom that asks for gradbook's version")
        void readmeAndPom(@TempDir Path starter) throws IOException {
            Export.export(MODULE, starter, Course.standard());
            String readme = Files.readString(starter.resolve("README.md"));
            assertTrue(readme.contains("`./gradbook exercises install`") && readme.contains("`./gradbook grade ex1.1`"), readme);
            String pom = Files.readString(starter.resolve("pom.xml"));
            assertTrue(pom.contains("<gradbook.version>" + Export.versions().getProperty("gradbook.version") + "</gradbook.version>"), pom);
            assertFalse(pom.contains("@"), "every placeholder filled in:\n" + pom);
            assertFalse(Export.versions().getProperty("gradbook.version").contains("$"), "Maven filtered versions.properties");
        }

        @Test
        @DisplayName("refuses a directory that holds files")
        void refusesNonEmptyTarget(@TempDir Path target) throws IOException {
            Files.writeString(target.resolve("old.txt"), "from an earlier export");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Export.export(MODULE, target, Course.standard()));
            assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        }

        @Test
        @DisplayName("keeps the solutions of the tasks asked for with --solved")
        void solved(@TempDir Path starter) throws IOException {
            Export.export(MODULE, starter, Course.standard(), Set.of("ex3.1"));
            String strides = Files.readString(starter.resolve("src/main/java/dev/gradbook/exercises/strided/Strides.java"));
            assertTrue(strides.contains("position += index[d] * strides[d];"), strides);
            assertTrue(strides.contains("throw Todo.task(\"ex3.2\");"), strides);
            assertFalse(strides.contains("SOLUTION"), strides);
        }
    }

    /** Regions in a made-up module: one task, one file. */
    @Nested
    @DisplayName("of a malformed source")
    class Malformed {
        private final Course course = new Course(List.of(new Task("ex1.1", "one", 1, 1, "One"),
                new Task("ex1.2", "two", 1, 1, "Two")));

        private String exportFails(Path module, String... lines) throws IOException {
            Path file = module.resolve("src/main/java/p/A.java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            ExportException e = assertThrows(ExportException.class, () -> Export.starterFiles(module, course, Set.of()));
            return e.getMessage();
        }

        private String[] file(String... body) {
            List<String> lines = new ArrayList<>(List.of("package p;", "import dev.gradbook.exercises.grading.Todo;",
                    "class A {"));
            lines.addAll(Arrays.asList(body));
            lines.add("}");
            return lines.toArray(String[]::new);
        }

        @Test
        @DisplayName("a nested region: names file, line and the open region")
        void nested(@TempDir Path module) throws IOException {
            String message = exportFails(module, file("  // BEGIN SOLUTION ex1.1", "  // BEGIN SOLUTION ex1.2",
                    "  // END SOLUTION", "  // END SOLUTION"));
            assertEquals("export: src/main/java/p/A.java:5: region ex1.2 starts inside region ex1.1 (opened at line 4);"
                    + " regions cannot nest: end ex1.1 first", message);
        }

        @Test
        @DisplayName("an unterminated region")
        void unterminated(@TempDir Path module) throws IOException {
            String message = exportFails(module, file("  // BEGIN SOLUTION ex1.1", "  int x;"));
            assertTrue(message.startsWith("export: src/main/java/p/A.java:4: region ex1.1 is never closed"), message);
        }

        @Test
        @DisplayName("an END without a BEGIN, a PROMPT outside a region, a misspelt marker")
        void strayMarkers(@TempDir Path module) throws IOException {
            assertTrue(exportFails(module, file("  // END SOLUTION")).startsWith("export: src/main/java/p/A.java:4: '// END"
                    + " SOLUTION' without"));
            assertTrue(exportFails(module, file("  // PROMPT: return 0;")).contains("A.java:4: '// PROMPT:' outside"));
            assertTrue(exportFails(module, file("  // BEGIN SOLUTION", "  // END SOLUTION")).contains("A.java:4: malformed"
                    + " marker '// BEGIN SOLUTION'"));
        }

        @Test
        @DisplayName("an id the course does not list")
        void unknownId(@TempDir Path module) throws IOException {
            String message = exportFails(module, file("  // BEGIN SOLUTION ex7.7", "  // END SOLUTION"));
            assertTrue(message.startsWith("export: src/main/java/p/A.java:4: region names task 'ex7.7', which is not in the"
                    + " course"), message);
        }

        @Test
        @DisplayName("a task with no region")
        void taskWithoutRegion(@TempDir Path module) throws IOException {
            String message = exportFails(module, file("  int f() {", "    // BEGIN SOLUTION ex1.1", "    return 1;",
                    "    // END SOLUTION", "  }"));
            assertTrue(message.contains("no '// BEGIN SOLUTION' region") && message.contains("task ex1.2 (two)"), message);
        }

        @Test
        @DisplayName("a file with regions that does not import Todo")
        void missingImport(@TempDir Path module) throws IOException {
            String message = exportFails(module, "package p;", "class A {", "  // BEGIN SOLUTION ex1.1",
                    "  // END SOLUTION", "}");
            assertTrue(message.contains("A.java:1: has solution regions but does not import"), message);
        }
    }

    @Test
    @DisplayName("a PROMPT gives the starter's lines instead of a throw")
    void prompt() {
        Course course = new Course(List.of(new Task("ex1.1", "one", 1, 1, "One")));
        String source = String.join("\n", "import dev.gradbook.exercises.grading.Todo;", "int f() {",
                "    // BEGIN SOLUTION ex1.1", "    int answer = 6 * 7;", "    // PROMPT: int answer = 0; // your code",
                "    // PROMPT:", "    // END SOLUTION", "    return answer;", "}");
        Regions.Starter starter = Regions.starter("A.java", source, course);
        assertEquals(String.join("\n", "import dev.gradbook.exercises.grading.Todo;", "int f() {",
                "    int answer = 0; // your code", "", "    return answer;", "}"), starter.text());
        assertEquals(List.of("ex1.1"), starter.taskIds());
    }
}
