package dev.gradbook.exercises.grading;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task list: which tests count for which task. */
@DisplayName("The course's task list")
class CourseTest {

    @Test
    @DisplayName("a task is graded by the tests tagged with its id, and chapter 5's also by groups of the conformance kit")
    void tags() {
        assertEquals(List.of("ex1.1"), Course.standard().task("ex1.1").tags());
        assertEquals(List.of("ex5.2", "conformance-zip", "conformance-in-place"), Course.standard().task("ex5.2").tags());
        for (Task task : Course.standard().tasks()) {
            assertEquals(task.id(), task.tags().get(0), task.id() + "'s own graders are tagged with its id");
        }
    }

    @Test
    @DisplayName("every group of the conformance kit counts for exactly one chapter-5 task")
    void everyKitGroupOnce() {
        List<String> groups = List.of("allocate", "map", "zip", "in-place", "gather", "update", "reduce", "matmul", "copy",
                "fill", "end-to-end");
        for (String group : groups) {
            long owners = Course.standard().tasks().stream().filter(t -> t.tags().contains("conformance-" + group)).count();
            assertEquals(1, owners, "conformance-" + group + " is claimed by " + owners + " tasks");
        }
    }

    @Test
    @DisplayName("refuses two tasks that claim the same tag, and a tag JUnit could not parse")
    void refusesClashes() {
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> new Course(List.of(
                new Task("ex1.1", "one", 1, 1, "One").alsoGradedBy("shared"),
                new Task("ex1.2", "two", 1, 1, "Two").alsoGradedBy("shared"))));
        assertTrue(clash.getMessage().contains("tasks ex1.1 and ex1.2 both claim the tests tagged 'shared'"),
                clash.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new Task("ex1.1", "one", 1, 1, "One").alsoGradedBy("a|b"));
        assertTrue(bad.getMessage().contains("'a|b' is not a JUnit tag"), bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Task("ex1.1", "one", 1, 1, "One", List.of("conformance-map", "ex1.1")));
    }
}
