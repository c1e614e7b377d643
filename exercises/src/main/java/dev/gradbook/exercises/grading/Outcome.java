package dev.gradbook.exercises.grading;

import java.util.Objects;

/**
 * What one grader test found.
 *
 * @param test    the test, as its grader names it ({@code "mul: the example from the book"})
 * @param kind    passed, or which way it failed
 * @param message for a failure, what to do about it; empty when it passed
 * @param neededTask for {@link Kind#NEEDS_OTHER_TASK}, the id of the task to do first; else empty
 */
public record Outcome(String test, Kind kind, String message, String neededTask) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a component is null ({@code message} and {@code neededTask}
     *                              are empty when they do not apply)
     */
    public Outcome {
        Objects.requireNonNull(test, "Outcome: test is null");
        Objects.requireNonNull(kind, "Outcome: kind is null");
        Objects.requireNonNull(message, "Outcome: message is null");
        Objects.requireNonNull(neededTask, "Outcome: neededTask is null");
    }

    /** Whether the test passed, and if not, why. */
    public enum Kind {
        /** The test passed. */
        PASSED,
        /** It reached this task's own {@code throw Todo.task(...)}: the task is not started. */
        NOT_STARTED,
        /** It reached an earlier task's {@code throw Todo.task(...)}: do that one first. */
        NEEDS_OTHER_TASK,
        /** It ran past the time limit. */
        TIMED_OUT,
        /** A check failed or the code threw. */
        FAILED
    }

    /** True when the test passed. */
    public boolean passed() {
        return kind == Kind.PASSED;
    }
}
