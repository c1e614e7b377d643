package dev.gradbook.textbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a translation's listings in step with the source edition's.
 *
 * <p>Both editions show the same listings: the same info strings, the same code except for its
 * comments (which are translated), the same outputs. A translation also records, in its front
 * matter, which revision of the English listings it follows:
 *
 * <pre>
 * translates: 3f2a9c1b7d40
 * </pre>
 *
 * The revision is the first 12 hex digits of a SHA-256 over the English listings as compared here
 * (info string, code without comments, output), so editing English prose or comments changes
 * nothing, while changing a listing makes every translation fail until it follows and its
 * {@code translates:} is updated.
 */
public final class Editions {

    /** The front-matter key of a translation that names the source revision it follows. */
    public static final String TRANSLATES = "translates";

    private static final int REVISION_HEX_DIGITS = 12;

    private Editions() {
    }

    /**
     * The revision of a chapter's listings that a translation records in {@code translates:}.
     *
     * @param source a chapter of the source edition
     * @return 12 lowercase hex digits
     * @throws NullPointerException if {@code source} is null
     */
    public static String listingsRevision(Chapter source) {
        Objects.requireNonNull(source, "Editions.listingsRevision: source is null");
        StringBuilder fingerprint = new StringBuilder();
        for (Listing listing : source.listings()) {
            fingerprint.append("info: ").append(infoOf(listing)).append('\n')
                    .append(JavaComments.codeOnly(listing.code()))
                    .append("output:\n").append(outputOf(listing)).append('\u0000');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(fingerprint.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, REVISION_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    /**
     * How a translation's listings differ from the source's, and whether its {@code translates:}
     * is current.
     *
     * @param source      the source edition's chapter
     * @param translation the same chapter in another edition
     * @return one message per difference; empty if the editions agree
     * @throws NullPointerException if an argument is null
     */
    public static List<String> differences(Chapter source, Chapter translation) {
        Objects.requireNonNull(source, "Editions.differences: source is null");
        Objects.requireNonNull(translation, "Editions.differences: translation is null");
        List<String> problems = new ArrayList<>();
        List<Listing> sourceListings = source.listings();
        List<Listing> translated = translation.listings();
        if (sourceListings.size() != translated.size()) {
            problems.add(source.name() + " has " + sourceListings.size() + " listings but " + translation.name()
                    + " has " + translated.size() + "; both editions show the same listings");
        }
        for (int k = 0; k < Math.min(sourceListings.size(), translated.size()); k++) {
            Listing original = sourceListings.get(k);
            Listing translatedListing = translated.get(k);
            String pair = "listing " + original.number() + " (" + source.name() + " line " + original.line() + ", "
                    + translation.name() + " line " + translatedListing.line() + ")";
            if (!infoOf(original).equals(infoOf(translatedListing))) {
                problems.add(pair + ": the info strings differ: '" + original.info().raw() + "' and '"
                        + translatedListing.info().raw() + "'");
            }
            String originalCode = JavaComments.codeOnly(original.code());
            String translatedCode = JavaComments.codeOnly(translatedListing.code());
            if (!originalCode.equals(translatedCode)) {
                problems.add(pair + ": the code differs (comments aside) at code line "
                        + firstDifference(originalCode, translatedCode) + ":\n--- " + source.name() + "\n"
                        + originalCode + "--- " + translation.name() + "\n" + translatedCode);
            }
            if (!outputOf(original).equals(outputOf(translatedListing))) {
                problems.add(pair + ": the output blocks differ:\n--- " + source.name() + "\n" + outputOf(original)
                        + "--- " + translation.name() + "\n" + outputOf(translatedListing));
            }
        }
        String revision = listingsRevision(source);
        String recorded = translation.frontMatter(TRANSLATES, null);
        if (recorded == null) {
            problems.add(translation.name() + " does not say which English listings it translates: add '"
                    + TRANSLATES + ": " + revision + "' to its front matter once its listings follow "
                    + source.name() + "'s");
        } else if (!recorded.strip().equals(revision)) {
            problems.add(translation.name() + " translates revision " + recorded.strip() + " of " + source.name()
                    + "'s listings, but they are now at " + revision + ". Bring the translation's listings in line"
                    + " (code, info strings, outputs; translate the comments) and its prose with them, then set '"
                    + TRANSLATES + ": " + revision + "' in its front matter.");
        }
        return problems;
    }

    private static String infoOf(Listing listing) {
        return String.join(" ", listing.info().raw().split("\\s+"));
    }

    private static String outputOf(Listing listing) {
        return listing.output() == null ? "(no output block)\n" : OutputPattern.normalize(listing.output().text());
    }

    private static int firstDifference(String a, String b) {
        String[] left = a.split("\n", -1);
        String[] right = b.split("\n", -1);
        int line = 0;
        while (line < left.length && line < right.length && left[line].equals(right[line])) {
            line++;
        }
        return line + 1;
    }
}
