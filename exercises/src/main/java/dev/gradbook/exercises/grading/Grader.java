package dev.gradbook.exercises.grading;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Runs the graders of some tasks through the JUnit Platform Launcher and turns what they found
 * into a {@link Scoreboard}.
 *
 * <p>A grader is a JUnit 5 class whose name ends in {@code Grader}, tagged with its task's id
 * ({@code @Tag("ex1.2")}). Every test runs with a time limit in a thread of its own, so code that
 * loops forever fails its test when the limit is up and the grading goes on with the next one.
 * With a report directory, the run also writes JUnit XML there, the format classroom
 * autograders read.
 */
public final class Grader {

    /** Where gradbook's course keeps its graders. */
    public static final String COURSE_PACKAGE = "dev.gradbook.exercises";

    /** The time limit of one grader test unless the options say otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final Course course;
    private final List<String> packages;

    /**
     * A grader for {@code course}, whose graders are in {@code packages} (and their subpackages).
     */
    public Grader(Course course, List<String> packages) {
        this.course = course;
        this.packages = List.copyOf(packages);
    }

    /** The grader of gradbook's course. */
    public static Grader standard() {
        return new Grader(Course.standard(), List.of(COURSE_PACKAGE));
    }

    /**
     * What to grade and how.
     *
     * @param tasks     the task ids to grade; empty grades every task of the course
     * @param seed      the seed of the random inputs
     * @param timeout   the time limit of one test
     * @param reportDir where to write the JUnit XML, or null for none
     */
    public record Options(List<String> tasks, long seed, Duration timeout, Path reportDir) {
        /** Copies the task list. */
        public Options {
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * Grades the tasks the options name.
     *
     * @throws IllegalArgumentException if a task id is not in the course
     */
    public Scoreboard grade(Options options) {
        List<Task> chosen = options.tasks().isEmpty() ? course.tasks()
                : options.tasks().stream().distinct().map(course::task).toList();
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        chosen.forEach(task -> outcomes.put(task.id(), new ArrayList<>()));

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(packages.stream().map(DiscoverySelectors::selectPackage).toList())
                .filters(ClassNameFilter.includeClassNamePatterns(".*Grader(\\$.*)?"),
                        TagFilter.includeTags(chosen.stream().map(Task::id).toList()))
                .configurationParameter("junit.jupiter.execution.timeout.default", options.timeout().toMillis() + " ms")
                // A test in its own thread can be abandoned when its time is up; in the caller's
                // thread an endless loop would hang the grader.
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .configurationParameter(Seeded.SEED_PROPERTY, Long.toString(options.seed()))
                .build();
        Launcher launcher = LauncherFactory.create();
        List<TestExecutionListener> listeners = new ArrayList<>();
        listeners.add(new Collector(outcomes, options.timeout()));
        if (options.reportDir() != null) {
            listeners.add(new LegacyXmlReportGeneratingListener(options.reportDir(), new PrintWriter(new StringWriter())));
        }
        launcher.execute(request, listeners.toArray(TestExecutionListener[]::new));
        List<TaskResult> results = chosen.stream().map(task -> new TaskResult(task, outcomes.get(task.id()))).toList();
        return new Scoreboard(options.seed(), results);
    }

    /** Files each finished test under its task, with a message for a student. */
    private static final class Collector implements TestExecutionListener {
        private final Map<String, List<Outcome>> outcomes;
        private final Duration timeout;

        Collector(Map<String, List<Outcome>> outcomes, Duration timeout) {
            this.outcomes = outcomes;
            this.timeout = timeout;
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            // A container that fails (a grader class that cannot start) stands for its tests.
            boolean counts = id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL;
            if (!counts) {
                return;
            }
            for (var tag : id.getTags()) {
                List<Outcome> list = outcomes.get(tag.getName());
                if (list != null) {
                    list.add(outcome(id.getDisplayName(), tag.getName(), result));
                }
            }
        }

        private Outcome outcome(String test, String taskId, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                return new Outcome(test, Outcome.Kind.PASSED, "", "");
            }
            Throwable failure = result.getThrowable().orElse(new AssertionError("failed without an exception"));
            Todo.TaskNotDone missing = find(failure, Todo.TaskNotDone.class);
            if (missing != null && missing.taskId().equals(taskId)) {
                return new Outcome(test, Outcome.Kind.NOT_STARTED, "not started: " + missing.where(), "");
            }
            if (missing != null) {
                return new Outcome(test, Outcome.Kind.NEEDS_OTHER_TASK, "needs " + missing.taskId()
                        + " first (it reached " + missing.where() + ")", missing.taskId());
            }
            if (find(failure, TimeoutException.class) != null) {
                return new Outcome(test, Outcome.Kind.TIMED_OUT, "did not finish within " + seconds(timeout)
                        + ": look for a loop that never ends (or work that grows far too fast)", "");
            }
            return new Outcome(test, Outcome.Kind.FAILED, describe(failure), "");
        }

        private static String seconds(Duration duration) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
        }
    }

    /** An assertion's own message; for an exception from the student's code, also where it was thrown. */
    static String describe(Throwable failure) {
        if (failure instanceof AssertionError) {
            return String.valueOf(failure.getMessage());
        }
        StringBuilder text = new StringBuilder(failure.toString());
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith(COURSE_PACKAGE) && !type.contains("Grader") && !type.startsWith(Grader.class.getPackageName())) {
                text.append(" (at ").append(type.substring(type.lastIndexOf('.') + 1)).append('.')
                        .append(frame.getMethodName()).append(", ").append(frame.getFileName()).append(':')
                        .append(frame.getLineNumber()).append(')');
                break;
            }
        }
        return text.toString();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
