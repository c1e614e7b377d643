package dev.gradbook.exercises.grading;

import dev.gradbook.autograd.NullChecks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code grade [TASK...]}: grades tasks, prints the scoreboard, writes {@code grades.json} and
 * JUnit XML, and exits with 0 when every graded task is done, 1 when one is not. gradbook's
 * {@code ./gradbook grade} and the starter's own {@code ./gradbook grade} both end up in
 * {@link #run}; {@link #main} is the starter's way in, with its options read by hand because
 * the starter has no command-line library.
 */
public final class Grade {

    /** The usage line of {@link #main}. */
    static final String USAGE = "usage: ./gradbook grade [--seed N] [--timeout SECONDS] [--out DIR] [TASK...]";

    private Grade() {
    }

    /**
     * What to grade and where the reports go.
     *
     * @param tasks   task ids; empty means every task
     * @param seed    the seed of the random inputs, or null for a fresh one
     * @param timeout the time limit of one test
     * @param outDir  where {@code grades.json} and the JUnit XML go
     */
    public record Request(List<String> tasks, Long seed, Duration timeout, Path outDir) {
        /**
         * Copies the task list.
         *
         * @throws NullPointerException if {@code tasks}, one of its ids, {@code timeout} or
         *                              {@code outDir} is null ({@code seed} may be)
         */
        public Request {
            NullChecks.requireNoNullElements(tasks, "Grade.Request", "tasks");
            Objects.requireNonNull(timeout, "Grade.Request: timeout is null");
            Objects.requireNonNull(outDir, "Grade.Request: outDir is null");
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * Grades with gradbook's course, prints the scoreboard to {@code out} and writes the reports.
     *
     * @return 0 when every graded task is done, else 1
     * @throws IllegalArgumentException for an unknown task id
     * @throws UncheckedIOException     when the reports cannot be written
     */
    public static int run(Request request, PrintStream out) {
        return run(Grader.standard(), request, out);
    }

    /**
     * {@link #run(Request, PrintStream)} with another course (the grader's own tests use small ones).
     *
     * @throws NullPointerException if an argument is null
     */
    public static int run(Grader grader, Request request, PrintStream out) {
        Objects.requireNonNull(grader, "Grade.run: grader is null");
        Objects.requireNonNull(request, "Grade.run: request is null");
        Objects.requireNonNull(out, "Grade.run: out is null");
        long seed = request.seed() != null ? request.seed() : Seeded.freshSeed();
        Path outDir = request.outDir();
        try {
            Files.createDirectories(outDir);
            Scoreboard scoreboard = grader.grade(new Grader.Options(request.tasks(), seed, request.timeout(), outDir));
            Path json = outDir.resolve("grades.json");
            Files.writeString(json, scoreboard.json(), StandardCharsets.UTF_8);
            out.print(scoreboard.text());
            out.println();
            out.println("Reports: " + json + " and the JUnit XML in " + outDir);
            out.flush();
            return scoreboard.allDone() ? 0 : 1;
        } catch (IOException e) {
            throw new UncheckedIOException("grade: cannot write the reports to " + outDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The starter's {@code ./gradbook grade}: exits 0 all done, 1 not all done, 2 a wrong command line.
     *
     * @throws NullPointerException if {@code args} or one of its elements is null
     */
    public static void main(String[] args) {
        NullChecks.requireNoNullElements(args, "Grade.main", "args");
        System.exit(main(args, System.out, System.err));
    }

    /** {@link #main(String[])} without the exit, for tests. */
    static int main(String[] args, PrintStream out, PrintStream err) {
        List<String> tasks = new ArrayList<>();
        Long seed = null;
        Duration timeout = Grader.DEFAULT_TIMEOUT;
        Path outDir = Path.of("grades");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        out.println("Grades the tasks named (all when none), prints the scoreboard and writes"
                                + " grades.json and JUnit XML to DIR (default: grades).");
                        return 0;
                    }
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                    case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--timeout")));
                    case "--out" -> outDir = Path.of(value(args, ++i, "--out"));
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        tasks.add(args[i]);
                    }
                }
            }
            tasks.forEach(Course.standard()::task); // an unknown id is a wrong command line
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println("grade: " + e.getMessage() + "; " + USAGE);
            return 2;
        }
        try {
            return run(new Request(tasks, seed, timeout, outDir), out);
        } catch (RuntimeException e) {
            err.println("grade: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
