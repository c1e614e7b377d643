package dev.gradbook.gradingfixture;

import dev.gradbook.exercises.grading.DynamicTestTimeLimit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generated tests in tagged nested groups, as the backend conformance kit has them: a group of a
 * dozen that all fail (more than a scoreboard lists), and a group whose first generated test
 * loops forever. No task's id tags them; the pretend course hands each group to a task by its tag.
 */
@ExtendWith(DynamicTestTimeLimit.class)
class GeneratedFixtureGrader {

    @Nested
    @Tag("fx-checks")
    @DisplayName("a group of generated checks")
    class Checks {
        @TestFactory
        @DisplayName("twelve checks")
        Stream<DynamicTest> twelve() {
            return IntStream.rangeClosed(1, 12).mapToObj(i -> DynamicTest.dynamicTest("check " + i,
                    () -> fail("check " + i + " found a wrong number")));
        }
    }

    @Nested
    @Tag("fx-loops")
    @DisplayName("generated tests that loop")
    class Loops {
        @TestFactory
        @DisplayName("three loops")
        Stream<DynamicTest> loops() {
            return IntStream.rangeClosed(1, 3).mapToObj(i -> DynamicTest.dynamicTest("loop " + i, () -> {
                long spins = 0;
                while (!FixtureGrader.stopLooping) {
                    spins++;
                }
                assertEquals(-1, spins, "unreachable while the loop runs");
            }));
        }
    }
}
