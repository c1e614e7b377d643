package dev.gradbook.exercises.grading;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reference solutions against their own graders: every task of the course has graders, and
 * every one of them passes, with fresh random inputs on every build.
 */
@DisplayName("The reference solutions")
class ReferenceSolutionsTest {

    private static Scoreboard scoreboard;

    @BeforeAll
    static void gradeEverything() {
        scoreboard = Grader.standard().grade(new Grader.Options(List.of(), Seeded.freshSeed(), Duration.ofSeconds(60), null));
    }

    @Test
    @DisplayName("every task of the course is graded, in the course's order")
    void everyTaskGraded() {
        assertEquals(Course.standard().tasks(), scoreboard.results().stream().map(TaskResult::task).toList());
    }

    @Test
    @DisplayName("every task has at least two grader tests (an example and a random check)")
    void everyTaskHasTests() {
        for (TaskResult result : scoreboard.results()) {
            assertTrue(result.outcomes().size() >= 2, result.task().id() + " has " + result.outcomes().size() + " tests");
        }
    }

    @Test
    @DisplayName("pass every test of every task")
    void allPass() {
        assertTrue(scoreboard.allDone(), scoreboard.text());
        assertEquals(scoreboard.maxPoints(), scoreboard.points(), scoreboard.text());
    }
}
