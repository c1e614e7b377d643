package dev.gradbook.textbook;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The book's own test: every java listing of every chapter of every edition, one test each, run
 * in order in one JShell per chapter. A listing fails when it does not compile, throws when its
 * info string does not say so (or does not throw when it does), or prints something other than
 * its output block; the message names the file, the line and the listing, with expected and
 * actual output. A {@code norun} listing is reported as skipped, with its reason.
 */
@DisplayName("Every listing of the book runs and prints what the book shows")
class ChapterListingsTest {

    @TestFactory
    @DisplayName("listings")
    Stream<DynamicTest> everyListing() {
        Textbook book = Textbook.locate();
        ListingRunner runner = ListingRunner.forThisJvm();
        return book.allChapterFiles().stream().flatMap(file -> listingTests(book, runner, file));
    }

    private static Stream<DynamicTest> listingTests(Textbook book, ListingRunner runner, Path file) {
        Chapter chapter;
        try {
            chapter = book.read(file);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            return Stream.of(dynamicTest(file.getFileName() + " can be read", file.toUri(), () -> fail(message)));
        }
        // The chapter runs once, when its first listing's test starts; the other tests read the results.
        Supplier<List<ListingResult>> results = once(() -> runner.run(chapter));
        return chapter.listings().stream().map(listing -> dynamicTest(listing.displayName(),
                URI.create(file.toUri() + "?line=" + listing.line()), () -> {
                    ListingResult result = results.get().get(listing.number() - 1);
                    ListingCheck.failure(result, book).ifPresent(message -> fail(message));
                    Assumptions.assumeTrue(listing.info().noRunReason() == null,
                            () -> listing.displayName() + " is not run: " + result.detail());
                }));
    }

    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
