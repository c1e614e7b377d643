package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.layers.examples.SeedLesson;

import java.io.PrintStream;

/**
 * The starter's {@code ./gradbook mnist}: gradbook's seed lesson ({@link SeedLesson}, Keras' MNIST
 * multilayer perceptron on the bundled digits) with every number computed by your backend, or by
 * another one for comparison ({@code --backend naive}). The options are a few of gradbook's own
 * {@code ./gradbook mnist}, with the seed recipe's values as defaults, except the backend, which is
 * {@code student}.
 *
 * <pre>
 * ./gradbook mnist --backend student              the recipe: 20 epochs
 * ./gradbook mnist --backend student --epochs 4   92 % to 94.5 % test accuracy, the capstone's run (ex5.5)
 * </pre>
 */
public final class MnistLesson {

    /** The usage line. */
    static final String USAGE = "usage: ./gradbook mnist [--backend NAME] [--epochs N] [--batch-size N] [--seed N]"
            + " [--verbose 0|1|2]";

    private MnistLesson() {
    }

    /**
     * Runs the lesson; exits 0 when it trained, 1 when it failed, 2 for a wrong command line.
     *
     * @throws NullPointerException if {@code args} or one of its elements is null
     */
    public static void main(String[] args) {
        NullChecks.requireNoNullElements(args, "MnistLesson.main", "args");
        System.exit(main(args, System.out, System.err));
    }

    /** {@link #main(String[])} without the exit, for tests. */
    static int main(String[] args, PrintStream out, PrintStream err) {
        SeedLesson.Options recipe = SeedLesson.Options.recipe();
        String backend = "student";
        int epochs = recipe.epochs();
        int batchSize = recipe.batchSize();
        long seed = recipe.seed();
        int verbose = recipe.verbose();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        out.println("Trains gradbook's seed lesson on a backend (default: student, yours) and prints the"
                                + " test loss and accuracy. Defaults: the seed recipe, " + epochs + " epochs of batches"
                                + " of " + batchSize + ", seed " + seed + ".");
                        return 0;
                    }
                    case "--backend" -> backend = value(args, ++i, "--backend");
                    case "--epochs" -> epochs = positive(value(args, ++i, "--epochs"), "--epochs");
                    case "--batch-size" -> batchSize = positive(value(args, ++i, "--batch-size"), "--batch-size");
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                    case "--verbose" -> verbose = verbosity(value(args, ++i, "--verbose"));
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println("mnist: " + e.getMessage() + "; " + USAGE);
            return 2;
        }
        SeedLesson.Options options = new SeedLesson.Options(epochs, batchSize, seed, backend, null, 0, verbose,
                recipe.dtype(), null, null, null);
        try {
            SeedLesson.run(options, out);
            return 0;
        } catch (RuntimeException e) {
            err.println("mnist: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String text, String option) {
        int n = Integer.parseInt(text);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + n);
        }
        return n;
    }

    private static int verbosity(String text) {
        return switch (text) {
            case "0", "1", "2" -> Integer.parseInt(text);
            default -> throw new IllegalArgumentException("--verbose must be 0 (silent), 1 (progress bar) or 2 (one line"
                    + " per epoch), got '" + text + "'");
        };
    }
}
