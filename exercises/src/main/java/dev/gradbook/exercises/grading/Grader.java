package dev.gradbook.exercises.grading;

import dev.gradbook.autograd.NullChecks;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the graders of some tasks through the JUnit Platform Launcher and turns what they found
 * into a {@link Scoreboard}.
 *
 * <p>A grader is a JUnit 5 class whose name ends in {@code Grader}, tagged with its task's id
 * ({@code @Tag("ex1.2")}); a test counts for the task that lists one of its tags
 * ({@link Task#tags()}). Every test runs with a time limit in a thread of its own, so code that
 * loops forever fails its test when the limit is up and the grading goes on with the next one
 * (JUnit's own timeout for test methods, {@link DynamicTestTimeLimit} for generated tests).
 * With a report directory, the run also writes JUnit XML there, the format classroom
 * autograders read.
 */
public final class Grader {

    /** Where gradbook's course keeps its graders. */
    public static final String COURSE_PACKAGE = "dev.gradbook.exercises";

    /** The time limit of one grader test unless the options say otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** How JUnit's timeout messages end: {@code "capstone() timed out after 10 minutes"}. */
    private static final Pattern TIMED_OUT_AFTER = Pattern.compile("timed out after (.+)$");

    private final Course course;
    private final List<String> packages;

    /**
     * A grader for {@code course}, whose graders are in {@code packages} (and their subpackages).
     *
     * @throws NullPointerException if an argument or one of the packages is null
     */
    public Grader(Course course, List<String> packages) {
        Objects.requireNonNull(course, "Grader: course is null");
        NullChecks.requireNoNullElements(packages, "Grader", "packages");
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
        /**
         * Copies the task list.
         *
         * @throws NullPointerException if {@code tasks}, one of its ids, or {@code timeout} is null
         *                              ({@code reportDir} may be)
         */
        public Options {
            NullChecks.requireNoNullElements(tasks, "Grader.Options", "tasks");
            Objects.requireNonNull(timeout, "Grader.Options: timeout is null");
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * Grades the tasks the options name.
     *
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalArgumentException if a task id is not in the course
     */
    public Scoreboard grade(Options options) {
        Objects.requireNonNull(options, "Grader.grade: options is null");
        List<Task> chosen = options.tasks().isEmpty() ? course.tasks()
                : options.tasks().stream().distinct().map(course::task).toList();
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        Map<String, String> taskOfTag = new LinkedHashMap<>(); // the Course gives each tag one task
        for (Task task : chosen) {
            outcomes.put(task.id(), new ArrayList<>());
            task.tags().forEach(tag -> taskOfTag.put(tag, task.id()));
        }

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(packages.stream().map(DiscoverySelectors::selectPackage).toList())
                .filters(ClassNameFilter.includeClassNamePatterns(".*Grader(\\$.*)?"),
                        TagFilter.includeTags(List.copyOf(taskOfTag.keySet())))
                .configurationParameter("junit.jupiter.execution.timeout.default", junitDuration(options.timeout()))
                // A test in its own thread can be abandoned when its time is up; in the caller's
                // thread an endless loop would hang the grader.
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                // Graders in the order of their names, so that a task's examples (BackendZipGrader)
                // come before the groups of the kit it shares (ConformanceGrader) in every run.
                .configurationParameter("junit.jupiter.testclass.order.default", ClassOrderer.ClassName.class.getName())
                .configurationParameter(Seeded.SEED_PROPERTY, Long.toString(options.seed()))
                .configurationParameter(DynamicTestTimeLimit.PROPERTY, Long.toString(options.timeout().toMillis()))
                .build();
        Launcher launcher = LauncherFactory.create();
        List<TestExecutionListener> listeners = new ArrayList<>();
        listeners.add(new Collector(outcomes, taskOfTag, options.timeout()));
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
        private final Map<String, String> taskOfTag;
        private final Duration timeout;
        private TestPlan plan;

        Collector(Map<String, List<Outcome>> outcomes, Map<String, String> taskOfTag, Duration timeout) {
            this.outcomes = outcomes;
            this.taskOfTag = taskOfTag;
            this.timeout = timeout;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            // A container that fails (a grader class that cannot start) stands for its tests.
            boolean counts = id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL;
            if (!counts) {
                return;
            }
            Set<String> tasks = new LinkedHashSet<>(); // a test with two tags of one task counts once
            // A generated test reports no tags of its own: it has those of the groups around it.
            for (TestIdentifier at = id; at != null; at = parent(at)) {
                for (var tag : at.getTags()) {
                    String task = taskOfTag.get(tag.getName());
                    if (task != null) {
                        tasks.add(task);
                    }
                }
            }
            for (String task : tasks) {
                outcomes.get(task).add(outcome(name(id), task, result));
            }
        }

        /**
         * The test's name as its grader class shows it: the display names below the class, so that
         * a test in a nested group or a generated one says where it sits
         * ({@code zip: out = op(a, b), element by element › F32 › ADD › a TRANSPOSED, b CONTIGUOUS}).
         */
        private String name(TestIdentifier id) {
            List<String> names = new ArrayList<>(List.of(id.getDisplayName()));
            for (TestIdentifier p = parent(id); p != null && parent(p) != null && parent(parent(p)) != null;
                    p = parent(p)) { // stop below the grader class, whose parent is the engine
                names.add(0, p.getDisplayName());
            }
            return String.join(" › ", names);
        }

        private TestIdentifier parent(TestIdentifier id) {
            return plan == null ? null : plan.getParent(id).orElse(null);
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
            TimeoutException late = find(failure, TimeoutException.class);
            if (late != null) {
                return new Outcome(test, Outcome.Kind.TIMED_OUT, "did not finish within " + limit(late)
                        + ": look for a loop that never ends (or work that grows far too fast)", "");
            }
            return new Outcome(test, Outcome.Kind.FAILED, describe(failure), "");
        }

        /**
         * The limit the test ran into. JUnit's message names it ("... timed out after 10 minutes"),
         * which matters for a test with a {@code @Timeout} of its own, longer than the run's.
         */
        private String limit(TimeoutException late) {
            Matcher after = TIMED_OUT_AFTER.matcher(String.valueOf(late.getMessage()));
            return after.find() ? after.group(1) : duration(timeout);
        }
    }

    /** A duration in JUnit's configuration syntax, in whole seconds when it is some ({@code "20 s"}). */
    private static String junitDuration(Duration limit) {
        long millis = limit.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** A time limit as JUnit words it: {@code 1 second}, {@code 20 seconds}, {@code 10 minutes}, {@code 500 ms}. */
    static String duration(Duration limit) {
        long millis = limit.toMillis();
        if (millis % 60_000 == 0) {
            return plural(millis / 60_000, "minute");
        }
        return millis % 1000 == 0 ? plural(millis / 1000, "second") : millis + " ms";
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
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
