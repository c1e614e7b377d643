package dev.gradbook.exercises.grading;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Fresh random inputs for a grader, and the seed that reproduces them in every failure message.
 *
 * <p>A grader test that declares a {@link Random} parameter gets one seeded from the grading
 * run's seed (and the test's name, so tests draw different numbers). The seed is new for every
 * run, so a task cannot be passed by hard-coding the answers to one set of inputs; it is printed
 * whenever such a test fails, and {@code ./gradbook grade ex1.2 --seed N} (or the system
 * property {@code gradbook.grade.seed}) replays exactly the same inputs.
 *
 * <pre>{@code
 * @ExtendWith(Seeded.class)
 * class DivGrader {
 *     @Test void matchesScalar(Random random) { double x = random.nextDouble(); ... }
 * }
 * }</pre>
 */
public final class Seeded implements ParameterResolver, TestExecutionExceptionHandler {

    /** The configuration parameter (and system property) holding the seed of a grading run. */
    public static final String SEED_PROPERTY = "gradbook.grade.seed";

    /** A JVM that runs a grader without a seed (from an IDE, say) uses this one throughout. */
    private static final long FALLBACK_SEED = freshSeed();

    /**
     * The seed of the current run: the configuration parameter the grader set, else the system
     * property, else one chosen at random when this JVM started.
     */
    static long seed(ExtensionContext context) {
        String text = context.getConfigurationParameter(SEED_PROPERTY).orElse(System.getProperty(SEED_PROPERTY));
        if (text == null || text.isBlank()) {
            return FALLBACK_SEED;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " is '" + text + "'; it must be a whole number", e);
        }
    }

    /** A seed for a grading run that did not ask for one. */
    public static long freshSeed() {
        return 1 + new SecureRandom().nextInt(999_999_999); // short enough to type
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Objects.requireNonNull(parameter, "Seeded.supportsParameter: parameter is null");
        Objects.requireNonNull(context, "Seeded.supportsParameter: context is null");
        return parameter.getParameter().getType() == Random.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Objects.requireNonNull(parameter, "Seeded.resolveParameter: parameter is null");
        Objects.requireNonNull(context, "Seeded.resolveParameter: context is null");
        // Each test its own stream: the run's seed mixed with the test's name, both reproducible.
        return new Random(seed(context) * 1_000_003L + context.getUniqueId().hashCode());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Objects.requireNonNull(context, "Seeded.handleTestExecutionException: context is null");
        Objects.requireNonNull(failure, "Seeded.handleTestExecutionException: failure is null");
        boolean usedRandomInputs = context.getTestMethod()
                .map(method -> Arrays.stream(method.getParameterTypes()).anyMatch(type -> type == Random.class))
                .orElse(false);
        if (!usedRandomInputs || failure instanceof Todo.TaskNotDone) {
            throw failure;
        }
        long seed = seed(context);
        String task = context.getTags().stream().filter(tag -> tag.matches(Task.ID_PATTERN)).findFirst().orElse("");
        String what = failure instanceof AssertionError ? failure.getMessage() : failure.toString();
        String message = what + " [random inputs from seed " + seed + "; the same inputs again: "
                + "./gradbook grade " + (task.isEmpty() ? "" : task + " ") + "--seed " + seed + "]";
        AssertionError withSeed = failure instanceof AssertionFailedError assertion && assertion.isExpectedDefined()
                ? new AssertionFailedError(message, assertion.getExpected().getValue(), assertion.getActual().getValue(),
                        failure)
                : new AssertionFailedError(message, failure);
        withSeed.setStackTrace(failure.getStackTrace());
        throw withSeed;
    }
}
