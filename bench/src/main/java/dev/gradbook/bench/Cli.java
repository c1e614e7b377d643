package dev.gradbook.bench;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the benchmark commands share around their work: read the options, answer {@code --help},
 * run, and turn a user's mistake (a bad option, missing data) into its message on standard error
 * and exit status 2 instead of a stack trace.
 */
final class Cli {
    private Cli() {
    }

    /** The work of one command, given its parsed options. */
    interface Command<O> {
        void run(O options) throws Exception;
    }

    /**
     * Parses {@code args}, prints {@code usage} and returns if the options ask for help, else runs
     * {@code command}. An {@link IllegalArgumentException} or {@link IllegalStateException} from
     * parsing or running ends the program with its message and status 2.
     */
    static <O> void main(String[] args, Function<String[], O> parse, Predicate<O> wantsHelp, String usage,
                         Command<O> command) throws Exception {
        try {
            O options = parse.apply(args);
            if (wantsHelp.test(options)) {
                System.out.println(usage);
                return;
            }
            command.run(options);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
