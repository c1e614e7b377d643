package dev.gradbook.exercises.grading;

import dev.gradbook.autograd.NullChecks;

import java.util.List;
import java.util.Objects;

/**
 * One task's line of the scoreboard: the task and what each of its grader tests found.
 *
 * @param task     the task
 * @param outcomes one per grader test, in the order they ran
 */
public record TaskResult(Task task, List<Outcome> outcomes) {

    /**
     * Copies the list.
     *
     * @throws NullPointerException if {@code task}, {@code outcomes} or one of the outcomes is null
     */
    public TaskResult {
        Objects.requireNonNull(task, "TaskResult: task is null");
        NullChecks.requireNoNullElements(outcomes, "TaskResult", "outcomes");
        outcomes = List.copyOf(outcomes);
    }

    /** How many of the task's tests passed. */
    public int passed() {
        return (int) outcomes.stream().filter(Outcome::passed).count();
    }

    /** True when the task has tests and all of them passed. */
    public boolean done() {
        return !outcomes.isEmpty() && passed() == outcomes.size();
    }

    /** The points earned: all of the task's points when it is done, else none. */
    public int points() {
        return done() ? task.points() : 0;
    }

    /** One word or two for the scoreboard's last column. */
    public String status() {
        if (outcomes.isEmpty()) {
            return "no graders";
        }
        if (done()) {
            return "done";
        }
        if (outcomes.stream().allMatch(o -> o.kind() == Outcome.Kind.NOT_STARTED)) {
            return "not started";
        }
        return outcomes.stream().filter(o -> o.kind() == Outcome.Kind.NEEDS_OTHER_TASK).findFirst()
                .filter(o -> outcomes.stream().noneMatch(x -> x.kind() == Outcome.Kind.FAILED))
                .map(o -> "needs " + o.neededTask())
                .orElse("failing");
    }
}
