package dev.gradbook.textbook;

import java.util.Objects;

/**
 * What happened when one listing ran.
 *
 * @param listing     the listing
 * @param outcome     how it ended
 * @param output      what it printed to {@code System.out}; when it threw, followed by the line
 *                    {@code Exception <class>: <message>}, the way JShell reports it
 * @param thrownClass the fully qualified class of the exception it threw, or {@code null}
 * @param detail      for the reader of a failure: the compiler's diagnostics, the stack trace,
 *                    or why the listing did not run; {@code ""} when it completed
 * @param errors      what it printed to {@code System.err} (shown in failures, never compared)
 */
public record ListingResult(Listing listing, Outcome outcome, String output, String thrownClass, String detail,
                            String errors) {

    /**
     * Checks the components; {@code thrownClass} may be null (nothing was thrown).
     *
     * @throws NullPointerException if another component is null
     */
    public ListingResult {
        Objects.requireNonNull(listing, "ListingResult: listing is null");
        Objects.requireNonNull(outcome, "ListingResult: outcome is null");
        Objects.requireNonNull(output, "ListingResult: output is null");
        Objects.requireNonNull(detail, "ListingResult: detail is null");
        Objects.requireNonNull(errors, "ListingResult: errors is null");
    }

    /** How a listing's run ended. */
    public enum Outcome {
        /** Every snippet compiled and ran. */
        COMPLETED,
        /** A snippet threw; the snippets after it did not run. */
        THREW,
        /** A snippet did not compile (or refers to something undefined); the rest did not run. */
        REJECTED,
        /** The listing is marked {@code norun} (the detail is its reason) or {@code quote} (it is checked, not run). */
        SKIPPED,
        /** The listing ran longer than the runner allows and was stopped. */
        TIMED_OUT
    }
}
