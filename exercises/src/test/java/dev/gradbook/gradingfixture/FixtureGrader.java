package dev.gradbook.gradingfixture;

import dev.gradbook.exercises.grading.Seeded;
import dev.gradbook.exercises.grading.Todo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Graders of a pretend course, for the grader's own tests: a task whose code loops forever, one
 * that passes, one whose random check fails, one that reaches a real task's Todo. Its name ends
 * in Grader, so surefire does not run it; {@code GraderTest} does, through the Launcher.
 */
@ExtendWith(Seeded.class)
class FixtureGrader {

    /** Lets the abandoned endless loop end once the test is over, so it stops burning a core. */
    static volatile boolean stopLooping;

    @Test
    @Tag("fx1.1")
    @DisplayName("a task whose code never returns")
    void loopsForever() {
        long spins = 0;
        while (!stopLooping) {
            spins++; // what a student's `while (i < n)` that forgets `i++` does
        }
        assertEquals(-1, spins, "unreachable while the loop runs");
    }

    @Test
    @Tag("fx1.2")
    @DisplayName("a task that is done")
    void passes() {
        assertEquals(4, 2 + 2, "2 + 2");
    }

    @Test
    @Tag("fx1.3")
    @DisplayName("a random check that fails")
    void failsOnRandomInput(Random random) {
        int drawn = random.nextInt(10);
        assertEquals(drawn + 1, drawn, "the drawn number plus one");
    }

    @Test
    @Tag("fx1.3")
    @DisplayName("a test that reaches an earlier task's missing code")
    void needsAnotherTask() {
        throw Todo.task("ex1.1");
    }
}
