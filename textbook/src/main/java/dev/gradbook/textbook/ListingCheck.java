package dev.gradbook.textbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a listing kept its promises: it compiled, it threw exactly when its info string
 * says so, it printed what its output block shows (or nothing, if it has none), for a
 * {@code figure=} listing its output is the committed figure file, and a {@code quote=} listing
 * is really in the file it quotes.
 */
public final class ListingCheck {

    /** How a failure tells the author to re-record outputs and figures. */
    static final String HOW_TO_BLESS = "If the new output is right, re-record it with "
            + "dev.gradbook.textbook.Bless (see textbook/README.md); then read the prose around it again.";

    private ListingCheck() {
    }

    /**
     * The reason a listing's run failed, if it did.
     *
     * @param result the listing's run
     * @param book   the book, for its figures and the files its quotations come from
     * @return a message naming the file, line and listing, with expected and actual output; empty
     *         if the listing passed or is a {@code norun} listing
     * @throws NullPointerException if an argument is null
     */
    public static Optional<String> failure(ListingResult result, Textbook book) {
        Objects.requireNonNull(result, "ListingCheck.failure: result is null");
        Objects.requireNonNull(book, "ListingCheck.failure: book is null");
        Listing listing = result.listing();
        String name = listing.displayName();
        String expectedException = listing.info().expectedException();
        switch (result.outcome()) {
            case SKIPPED:
                return listing.info().quotedFile() == null ? Optional.empty()
                        : SourceQuote.failure(listing, book.repositoryRoot());
            case REJECTED:
            case TIMED_OUT:
                return Optional.of(name + ": " + result.detail() + printedSoFar(result));
            case THREW:
                if (expectedException == null) {
                    return Optional.of(name + " threw, but its info string does not say it should"
                            + " (add expect=throws:" + simpleName(result.thrownClass()) + " if it must):\n"
                            + result.detail() + printedSoFar(result));
                }
                if (!sameException(result.thrownClass(), expectedException)) {
                    return Optional.of(name + " threw " + result.thrownClass() + ", but its info string says expect=throws:"
                            + expectedException + ":\n" + result.detail());
                }
                break;
            case COMPLETED:
                if (expectedException != null) {
                    return Optional.of(name + " completed normally, but its info string says expect=throws:"
                            + expectedException + "; it must throw that exception." + printedSoFar(result));
                }
                break;
            default:
                throw new IllegalStateException("unknown outcome " + result.outcome());
        }
        return outputFailure(result).or(() -> figureFailure(result, book.figuresDir()));
    }

    private static Optional<String> outputFailure(ListingResult result) {
        Listing listing = result.listing();
        String actual = OutputPattern.normalize(result.output());
        if (listing.output() == null) {
            if (actual.isEmpty() || listing.info().figure() != null) {
                return Optional.empty();
            }
            return Optional.of(listing.displayName() + " printed output, but no ```output block follows it."
                    + " Every listing shows what it prints.\n--- printed\n" + actual + HOW_TO_BLESS);
        }
        if (OutputPattern.of(listing.output().text()).matches(result.output())) {
            return Optional.empty();
        }
        return Optional.of(listing.displayName() + ": the output differs from the ```output block at line "
                + listing.output().line() + ".\n--- expected (the ```output block)\n"
                + OutputPattern.normalize(listing.output().text())
                + "--- actual (what the listing printed)\n" + actual + stderrOf(result) + HOW_TO_BLESS);
    }

    private static Optional<String> figureFailure(ListingResult result, Path figuresDir) {
        String figure = result.listing().info().figure();
        if (figure == null) {
            return Optional.empty();
        }
        Path file = figuresDir.resolve(figure);
        String actual = OutputPattern.normalize(result.output());
        if (!Files.exists(file)) {
            return Optional.of(result.listing().displayName() + " draws figure " + figure + ", but " + file
                    + " does not exist. " + HOW_TO_BLESS);
        }
        String committed = OutputPattern.normalize(read(file));
        if (committed.equals(actual)) {
            return Optional.empty();
        }
        return Optional.of(result.listing().displayName() + ": figure " + file + " is not what the listing draws now."
                + "\n--- committed\n" + committed + "--- drawn now\n" + actual + HOW_TO_BLESS);
    }

    /** Whether the thrown class is the expected one, named in full or by its simple name. */
    static boolean sameException(String thrownClass, String expected) {
        return thrownClass != null && (thrownClass.equals(expected) || simpleName(thrownClass).equals(expected));
    }

    private static String simpleName(String className) {
        String name = className == null ? "" : className;
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
    }

    private static String printedSoFar(ListingResult result) {
        String printed = OutputPattern.normalize(result.output());
        return "\n" + (printed.isEmpty() ? "" : "--- printed before that\n" + printed) + stderrOf(result);
    }

    private static String stderrOf(ListingResult result) {
        String errors = OutputPattern.normalize(result.errors());
        return errors.isEmpty() ? "" : "--- System.err\n" + errors;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
