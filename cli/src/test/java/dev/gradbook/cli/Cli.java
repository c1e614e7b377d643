package dev.gradbook.cli;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs {@code gradbook} as a test would type it, with standard output and error captured. */
final class Cli {
    private Cli() {
    }

    /** What one run left behind: its exit status and what it printed. */
    record Run(int status, String out, String err) {
        /** The run's whole output, for failure messages. */
        String transcript() {
            return "exit status " + status + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** {@code gradbook args...}, through {@link CommandLine#execute}, as the launcher runs it. */
    static Run gradbook(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Charset charset = Charset.defaultCharset(); // what the command's writers encode with
        int status = Gradbook.execute(new PrintStream(out, true, charset), new PrintStream(err, true, charset), args);
        return new Run(status, out.toString(charset), err.toString(charset));
    }

    /**
     * Parses {@code gradbook command options...} without running anything and returns the
     * command's object, whose annotated fields picocli has filled in.
     */
    static <T> T parsed(Class<T> type, String command, String... options) {
        String[] line = new String[options.length + 1];
        line[0] = command;
        System.arraycopy(options, 0, line, 1, options.length);
        CommandLine.ParseResult result = Gradbook.commandLine(System.out, System.err).parseArgs(line);
        Object object = result.subcommand().commandSpec().userObject();
        if (!type.isInstance(object)) {
            fail("'gradbook " + String.join(" ", line) + "' is " + object.getClass().getSimpleName() + ", not "
                    + type.getSimpleName());
        }
        return type.cast(object);
    }

    /**
     * Asserts that a run refused its command line: status 2, nothing on standard output, and one
     * line on standard error that contains every one of {@code parts} and no stack trace.
     */
    static void assertUsageError(Run run, String... parts) {
        assertEquals(2, run.status(), run.transcript());
        assertEquals("", run.out(), run.transcript());
        assertOneLineError(run, parts);
    }

    /** Asserts one line on standard error holding every one of {@code parts}, and no stack trace. */
    static void assertOneLineError(Run run, String... parts) {
        String err = run.err();
        assertTrue(err.endsWith(System.lineSeparator()), run.transcript());
        assertEquals(1, err.lines().count(), "one line on stderr\n" + run.transcript());
        assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), "no stack trace\n" + run.transcript());
        for (String part : parts) {
            assertTrue(err.contains(part), "stderr should contain \"" + part + "\"\n" + run.transcript());
        }
    }
}
