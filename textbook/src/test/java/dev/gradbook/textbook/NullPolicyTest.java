package dev.gradbook.textbook;

import dev.gradbook.backends.conformance.NullPolicyCheck;
import dev.gradbook.textbook.site.BookSite;
import dev.gradbook.textbook.site.SiteLinks;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The null policy (see the package documentation of {@code dev.gradbook.autograd}) over every
 * public class of {@code dev.gradbook.textbook} and its site package, checked by reflection with
 * the conformance kit's {@link NullPolicyCheck}: each public constructor and method is called with
 * {@code null} in one parameter at a time (and in an element of an array, list or map) and must
 * throw a {@code NullPointerException} naming the method and the parameter. Below: how to build an
 * ordinary value of each textbook type, and the parameters whose null has a documented meaning.
 *
 * <p>The book the samples use is an empty folder, so no call can touch the real chapters, and the
 * listing runner's class path is a dummy: no JShell is started by any case.
 */
@DisplayName("Null arguments fail at once, naming the method and the parameter")
class NullPolicyTest {

    @TempDir
    static Path emptyBook;

    private static Listing listing() {
        return new Listing("en/01-sample.md", 1, 5, 7, InfoString.parse("java"), "int x = 1;", null);
    }

    @TestFactory
    @DisplayName("textbook and textbook.site")
    Stream<DynamicNode> textbook() {
        return NullPolicyCheck.forPackageOf(Textbook.class)
                // an ordinary value of each type the API takes or is called on
                .sample(Textbook.class, () -> new Textbook(emptyBook))
                .sample(Chapter.class, () -> Chapter.parse("en/01-sample.md", "---\ntitle: A sample\n---\n\nText.\n"))
                .sample(InfoString.class, () -> InfoString.parse("java"))
                .sample(Listing.class, NullPolicyTest::listing)
                .sample(Listing.OutputBlock.class, () -> new Listing.OutputBlock("1", 9, 11))
                .sample(ListingResult.class, () -> new ListingResult(listing(), ListingResult.Outcome.COMPLETED,
                        "", null, "", ""))
                .sample(ListingRunner.class, () -> new ListingRunner("no-such.jar", Duration.ofSeconds(1)))
                .sample(Duration.class, () -> Duration.ofSeconds(1))
                .sample(OutputPattern.class, () -> OutputPattern.of("1"))
                .sample(Bless.Report.class, () -> new Bless.Report(List.of(), List.of(), List.of()))
                .sample(BookSite.Report.class, () -> new BookSite.Report(emptyBook.resolve("index.html"),
                        Map.of("en", 1), 0, 0))
                .sample(SiteLinks.class, () -> new SiteLinks(new Textbook(emptyBook)))
                .sample(SiteLinks.SiteFile.class, () -> new SiteLinks.SiteFile(emptyBook.resolve("a.md"), "a.html",
                        SiteLinks.Kind.PAGE))
                .sample(SiteLinks.Resolved.class, () -> new SiteLinks.Resolved("a.html", null, null))
                // the parameters whose null has a documented meaning
                .allowNull("Listing(output)", "null: the listing has no output block below it")
                .allowNull("ListingResult(thrownClass)", "null: the listing threw nothing")
                .allowNull("Chapter.frontMatter(fallback)", "the value returned for a missing key, null included")
                .allowNull("InfoString.parse(text)", "null is read as an empty info string (a fence with none)")
                .allowNull("SiteLinks.Resolved(href)", "null: the link cannot be a link in the site (a folder)")
                .allowNull("SiteLinks.Resolved(target)", "null: nothing to copy (an external link, an anchor, a folder)")
                .allowNull("SiteLinks.Resolved(repositoryPath)", "null unless the link is a folder")
                .tests();
    }
}
