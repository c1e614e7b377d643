package dev.gradbook.cli;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.layers.FitOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The {@code gradbook} command: one entry point for every program, with a subcommand each
 * ({@code ./gradbook help} lists them, {@code ./gradbook COMMAND --help} explains one).
 *
 * <p>Each subcommand is a small class beside this one: picocli-annotated fields for its options
 * (with the program's own defaults), and a {@code call()} that builds the program's options record
 * and calls the program's plain {@code run} method. The programs live in the modules below
 * ({@code SeedLesson} in layers, the benchmarks in bench) and know nothing of picocli.
 *
 * <p>Adding a command takes one class and one line: write {@code BookCommand} like
 * {@link DemoCommand}, then add {@code BookCommand.class} to {@code subcommands} below. It inherits
 * {@code --help}, {@code --version}, {@code --stacktrace}, the exit codes and the error handling.
 *
 * <h2>Exit status and errors</h2>
 * 0 when the command did its work (or showed help), 2 when the command line is wrong (an unknown
 * command or option, a bad or missing value), 1 when the command started and failed (missing data,
 * an unwritable file). Either way the problem is one line on standard error, never a stack trace
 * unless {@code --stacktrace} asks for one ({@link Errors}).
 */
@Command(name = "gradbook",
        mixinStandardHelpOptions = true,
        versionProvider = Gradbook.Version.class,
        scope = ScopeType.INHERIT, // every subcommand gets --help, --version and the sections below
        abbreviateSynopsis = true,
        sortOptions = false,
        usageHelpWidth = 100, // room for a path in an option's description
        descriptionHeading = "%n",
        optionListHeading = "%nOptions:%n",
        description = "An educational deep-learning framework that a student can read line by line.",
        commandListHeading = "%nCommands (each has --help):%n",
        subcommands = {
            HelpCommand.class,
            MnistCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            EpochBenchCommand.class,
            FoundationBenchCommand.class,
            JmhCommand.class,
            JShellCommand.class,
            CourseCommands.GradeCommand.class, CourseCommands.ExercisesCommand.class,
            BookCommand.class,
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done (or help shown)",
            "1:the command failed (missing data, a file that cannot be written, ...)",
            "2:the command line is wrong (an unknown command or option, a bad value)",
        },
        footerHeading = "%n",
        footer = "JVM options go in JAVA_OPTS, e.g. JAVA_OPTS=-Dgradbook.backend=naive ./gradbook demo.")
public final class Gradbook implements Callable<Integer> {

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On an error, print the Java stack trace too (for a bug report).")
    private boolean stackTrace;

    @Spec
    private CommandSpec spec;

    private final PrintStream out;

    /** A root command whose subcommands print to {@code out}. */
    Gradbook(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs {@code gradbook} with {@code args} and exits with its status.
     *
     * @throws NullPointerException if {@code args} or one of its elements is null
     */
    public static void main(String[] args) {
        NullChecks.requireNoNullElements(args, "Gradbook.main", "args");
        System.exit(execute(System.out, System.err, args));
    }

    /**
     * Runs {@code gradbook} with {@code args}, printing to {@code out} and {@code err}.
     *
     * @return the exit status: 0 done, 1 failed, 2 usage error
     * @throws NullPointerException if an argument or an element of {@code args} is null
     */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        Objects.requireNonNull(out, "Gradbook.execute: out is null");
        Objects.requireNonNull(err, "Gradbook.execute: err is null");
        NullChecks.requireNoNullElements(args, "Gradbook.execute", "args");
        if (args.length > 0 && args[0].equals("bench")) {
            BenchCommand.turnOffBackgroundWarmup();
        }
        if (args.length > 0 && STEP_BUFFER_COMMANDS.contains(args[0])) {
            reuseStepBuffersUnlessSet();
        }
        return commandLine(out, err).execute(args);
    }

    /**
     * The commands that train the built-in seed model, whose layers keep no tensor from one step
     * to the next: they hand each step's arrays on to the next step ({@code
     * FitOptions.reuseStepBuffers}), which makes a Fashion-MNIST epoch about a fifth faster with
     * the same numbers (see {@code docs/benchmarks.md}).
     */
    static final java.util.Set<String> STEP_BUFFER_COMMANDS = java.util.Set.of("mnist", "bench-epoch");

    /** Turns {@code FitOptions.reuseStepBuffers} on by default, unless {@code JAVA_OPTS} set the property. */
    static void reuseStepBuffersUnlessSet() {
        if (System.getProperty(FitOptions.REUSE_STEP_BUFFERS_PROPERTY) == null) {
            System.setProperty(FitOptions.REUSE_STEP_BUFFERS_PROPERTY, "true");
        }
    }

    /** The whole command tree, printing to {@code out} and {@code err}, with gradbook's error handling. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        Gradbook root = new Gradbook(out);
        Errors errors = new Errors(() -> root.stackTrace);
        return new CommandLine(root)
                .setOverwrittenOptionsAllowed(true) // "--epochs 5 ... --epochs 1": the last one wins
                .setOut(writer(out))
                .setErr(writer(err))
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), true);
    }

    /** Where the programs print: standard output, or what a test captures. */
    PrintStream out() {
        return out;
    }

    /** {@code gradbook} alone shows the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The version in the jar's manifest (or "development build" when run from compiled classes). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Gradbook.class.getPackage().getImplementationVersion();
            return new String[] {"gradbook " + (version != null ? version : "(development build)") + ", Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
