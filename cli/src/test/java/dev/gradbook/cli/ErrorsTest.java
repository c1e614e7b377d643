package dev.gradbook.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

import static dev.gradbook.cli.Cli.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Errors: a failing command explains itself in one line, exit status 1")
class ErrorsTest {

    /** A command that fails with whatever exception the test hands it. */
    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        private final Exception failure;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    private static Cli.Run run(Exception failure, boolean stackTrace) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Errors errors = new Errors(() -> stackTrace);
        int status = new CommandLine(new Failing(failure))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .execute();
        return new Cli.Run(status, out.toString(), err.toString());
    }

    @Test
    @DisplayName("an exception that explains a problem prints its message after the command's name")
    void explainedProblem() {
        Cli.Run run = run(new IllegalArgumentException("cannot load MNIST from /x: no such folder"), false);
        assertEquals(1, run.status(), run.transcript());
        assertEquals("failing: cannot load MNIST from /x: no such folder" + System.lineSeparator(), run.err());
        assertOneLineError(run(new IllegalStateException("backend 'simd' failed to start"), false),
                "failing: backend 'simd' failed to start");
        assertOneLineError(run(new IOException("disk full"), false), "failing: disk full");
    }

    @Test
    @DisplayName("a file-system exception says what happened, not just the path")
    void fileSystemException() {
        assertOneLineError(run(new NoSuchFileException("/nope/w.safetensors"), false),
                "failing: NoSuchFileException: /nope/w.safetensors");
    }

    @Test
    @DisplayName("a message of several lines still prints as one")
    void multiLineMessage() {
        assertOneLineError(run(new IllegalArgumentException("first line\n  second line"), false),
                "failing: first line second line");
    }

    @Test
    @DisplayName("any other exception is a bug: its class, its message, and how to see where it happened")
    void unexpectedException() {
        Cli.Run run = run(new NullPointerException("x is null"), false);
        assertEquals(1, run.status(), run.transcript());
        assertOneLineError(run, "failing: unexpected java.lang.NullPointerException: x is null", "--stacktrace");
    }

    @Test
    @DisplayName("--stacktrace adds the stack trace after the line")
    void stackTrace() {
        Cli.Run run = run(new NullPointerException("x is null"), true);
        assertEquals(1, run.status(), run.transcript());
        assertTrue(run.err().startsWith("failing: unexpected java.lang.NullPointerException"), run.transcript());
        assertTrue(run.err().contains("java.lang.NullPointerException: x is null") && run.err().contains("\tat "),
                run.transcript());
    }

    @Test
    @DisplayName("--stacktrace is an option of every command, and shows the trace of a real failure")
    void stackTraceOption() {
        Cli.Run run = Cli.gradbook("mnist", "--data", "/nonexistent-gradbook-data", "--stacktrace");
        assertEquals(1, run.status(), run.transcript());
        assertTrue(run.err().startsWith("gradbook mnist: cannot load MNIST from /nonexistent-gradbook-data"),
                run.transcript());
        assertTrue(run.err().contains("\tat dev.gradbook.layers.examples.LessonData.load"), run.transcript());
        assertFalse(run.out().contains("\tat "), "the trace goes to stderr only\n" + run.transcript());
    }
}
