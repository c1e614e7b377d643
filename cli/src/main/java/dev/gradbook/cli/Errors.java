package dev.gradbook.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How {@code gradbook} reports what went wrong: one line on standard error that starts with the
 * command ({@code gradbook mnist: ...}), and an exit status.
 *
 * <ul>
 *   <li>A wrong command line (picocli could not parse it, a converter refused a value, or a command
 *       found two options that exclude each other): the problem and where to read the options;
 *       status 2.</li>
 *   <li>A command that started and failed with one of the exceptions gradbook uses to explain a
 *       problem ({@link IllegalArgumentException}, {@link IllegalStateException},
 *       {@link IOException}, ...): that exception's message; status 1.</li>
 *   <li>Anything else is a bug: its class and message, and the hint to rerun with
 *       {@code --stacktrace}; status 1.</li>
 * </ul>
 * With {@code --stacktrace}, a failing command prints its full stack trace after the line.
 */
final class Errors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private final BooleanSupplier stackTraceWanted;

    /** @param stackTraceWanted whether {@code --stacktrace} was given, asked after parsing */
    Errors(BooleanSupplier stackTraceWanted) {
        this.stackTraceWanted = stackTraceWanted;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        print(command.getErr(), name + ": " + usageProblem(e) + " (see '" + name + " --help')");
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        String line = command.getCommandSpec().qualifiedName() + ": " + (explains(e) ? message(e)
                : "unexpected " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (a bug in gradbook? --stacktrace shows where it happened)");
        PrintWriter err = command.getErr();
        print(err, line);
        if (stackTraceWanted.getAsBoolean()) {
            e.printStackTrace(err);
            err.flush();
        }
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /**
     * picocli's message, except for a word that is no command: "unknown command 'x'", with the one
     * close command picocli suggests, or else the list of commands (its guesses for a word that
     * resembles none are noise).
     */
    private static String usageProblem(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched)) {
            return e.getMessage();
        }
        CommandLine command = unmatched.getCommandLine();
        List<String> suggestions = unmatched.getSuggestions();
        boolean unknownCommand = !unmatched.isUnknownOption() && !command.getSubcommands().isEmpty()
                && command.getCommandSpec().positionalParameters().isEmpty() && !unmatched.getUnmatched().isEmpty();
        if (unknownCommand) {
            String problem = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
            return suggestions.size() == 1 ? problem + "; did you mean " + suggestions.get(0) + "?"
                    : problem + "; the commands are " + String.join(", ", command.getSubcommands().keySet());
        }
        return suggestions.isEmpty() ? e.getMessage()
                : e.getMessage() + "; did you mean " + String.join(" or ", suggestions) + "?";
    }

    /** The exceptions whose message is written for the user: it names the problem and the fix. */
    private static boolean explains(Exception e) {
        return e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException || e instanceof IOException
                || e instanceof UncheckedIOException;
    }

    private static String message(Exception e) {
        if (e.getMessage() == null) {
            return e.getClass().getSimpleName();
        }
        // A file-system exception's message is often the bare path: the class says what happened.
        return e instanceof FileSystemException ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getMessage();
    }

    /** Prints {@code text} as one line: a message that spans lines is joined with spaces. */
    private static void print(PrintWriter err, String text) {
        err.println(text.strip().replaceAll("\\s*\\R\\s*", " "));
        err.flush();
    }
}
