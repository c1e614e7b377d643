package dev.gradbook.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradbook grade} and {@code gradbook exercises export}, as typed. */
@DisplayName("The course commands")
class CourseCommandsTest {

    @Test
    @DisplayName("grade ex3.1 grades the reference solution: a scoreboard, grades.json, status 0")
    void grade(@TempDir Path out) {
        Cli.Run run = Cli.gradbook("grade", "ex3.1", "--seed", "4", "--out", out.toString());
        assertEquals(0, run.status(), run.transcript());
        assertTrue(run.out().contains("Grading 1 task with random inputs from seed 4"), run.transcript());
        assertTrue(run.out().contains("ex3.1  strides of a shape, position of an index    3/3     5/5  done"), run.transcript());
        assertTrue(Files.exists(out.resolve("grades.json")));
    }

    @Test
    @DisplayName("an unknown task is a wrong command line that lists the tasks")
    void unknownTask() {
        Cli.assertUsageError(Cli.gradbook("grade", "ex9.9"), "gradbook grade:", "there is no task 'ex9.9'",
                "the tasks are ex1.1");
    }

    @Test
    @DisplayName("exercises export writes the starter from the exercises module")
    void export(@TempDir Path target) {
        Path module = Path.of("").toAbsolutePath().getParent().resolve("exercises");
        Cli.Run run = Cli.gradbook("exercises", "export", target.resolve("starter").toString(), "--from", module.toString());
        assertEquals(0, run.status(), run.transcript());
        assertTrue(run.out().contains("solution regions replaced by Todos"), run.transcript());
        assertTrue(Files.exists(target.resolve("starter/README.md")), run.transcript());
        Cli.Run again = Cli.gradbook("exercises", "export", target.resolve("starter").toString(), "--from", module.toString());
        Cli.assertOneLineError(again, "gradbook exercises export: export:", "is not empty");
        assertEquals(1, again.status());
    }
}
