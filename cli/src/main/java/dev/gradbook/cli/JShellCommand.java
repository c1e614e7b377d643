package dev.gradbook.cli;

import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gradbook jshell}: JShell with every gradbook module on the class path, to try the API a
 * line at a time. The shell runs in this JVM, as the {@code jshell} tool does; the snippets run
 * in a second JVM that JShell starts, given the same class path and the Vector API.
 */
@Command(name = "jshell",
        header = "JShell with gradbook on the class path.",
        customSynopsis = "gradbook jshell [-hV] [--stacktrace] [JSHELL-ARGUMENT...]",
        description = {
            "Try Tensor, Scalar and Sequential a line at a time: every gradbook module and backend is on the"
                + " class path, with the Vector API. Start with",
            "  import dev.gradbook.autograd.*;",
            "Every other argument goes to JShell; its own help is",
            "  ./gradbook jshell -- --help"})
final class JShellCommand implements Callable<Integer> {
    /** Whatever is not gradbook's own option, in the order given. */
    @Unmatched
    List<String> jshellArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return start(JavaShellToolBuilder.builder());
    }

    /** Runs the shell {@code builder} describes (a test gives it a script and captures its output). */
    int start(JavaShellToolBuilder builder) throws Exception {
        return builder.start(arguments().toArray(String[]::new));
    }

    /** JShell's command line: this JVM's class path and Vector API, gradbook's settings, the user's arguments. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of(
                "--class-path", System.getProperty("java.class.path"),
                "--add-modules", "jdk.incubator.vector",         // snippets compile against the Vector API ...
                "-R--add-modules=jdk.incubator.vector"));        // ... and run with it (simd needs it)
        // The snippets' JVM does not inherit this one's -D settings: pass gradbook's on
        // (e.g. JAVA_OPTS=-Dgradbook.backend=naive ./gradbook jshell).
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("gradbook."))
                .sorted()
                .forEach(key -> arguments.add("-R-D" + key + "=" + System.getProperty(key)));
        arguments.addAll(jshellArguments);
        return arguments;
    }
}
