package dev.gradbook.textbook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a {@code quote=} listing: the code the chapter shows as gradbook's must be in that file,
 * so a quotation cannot drift from the code it explains.
 *
 * <p>The quoted lines must appear in the file as one run of consecutive lines. Indentation is not
 * compared (a quoted method is usually shown flush left), trailing whitespace neither; a line
 * that is just {@code // ...} stands for any number of lines left out, such as a Javadoc comment
 * or the middle of a long method.
 */
final class SourceQuote {

    /** The line that stands for lines left out of a quotation. */
    static final String ELISION = "// ...";

    private SourceQuote() {
    }

    /**
     * Why a quotation is not what its file says, if it is not.
     *
     * @param listing        a listing with a {@code quote=} attribute
     * @param repositoryRoot the directory the quoted path is relative to
     * @return the failure, naming the listing and the file; empty if the quotation is faithful
     */
    static Optional<String> failure(Listing listing, Path repositoryRoot) {
        String quoted = listing.info().quotedFile();
        Path file = repositoryRoot.resolve(quoted);
        if (!Files.isRegularFile(file)) {
            return Optional.of(listing.displayName() + " quotes " + quoted + ", which does not exist (looked in "
                    + file.toAbsolutePath().normalize() + "); quote a file by its path from the repository root");
        }
        StringBuilder pattern = new StringBuilder(OutputPattern.ANY_LINES).append('\n');
        for (String line : OutputPattern.normalizedLines(listing.code())) {
            String code = line.strip();
            pattern.append(code.equals(ELISION) ? OutputPattern.ANY_LINES : code).append('\n');
        }
        pattern.append(OutputPattern.ANY_LINES).append('\n');
        StringBuilder source = new StringBuilder();
        for (String line : OutputPattern.normalizedLines(ListingCheck.read(file))) {
            source.append(line.strip()).append('\n');
        }
        if (OutputPattern.withoutTolerances(pattern.toString()).matches(source.toString())) {
            return Optional.empty();
        }
        return Optional.of(listing.displayName() + " quotes " + quoted + ", but these lines are not in it as written"
                + " (indentation aside; '" + ELISION + "' skips lines):\n" + listing.code()
                + "Copy the code from the file again, and check that the prose around it still describes it.");
    }
}
