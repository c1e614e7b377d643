package dev.gradbook.textbook.site;

import dev.gradbook.textbook.Chapter;
import dev.gradbook.textbook.Listing;
import dev.gradbook.textbook.Textbook;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The real book, rendered once into a temporary folder, every page parsed with jsoup. The chapter
 * lists come from the book's folders, never from a list in this test, so a new chapter is tested
 * as soon as it exists.
 */
@DisplayName("The real book as a site: every link resolves, every page is where the book says")
class RenderedBookTest {

    @TempDir
    static Path temp;
    private static final Textbook BOOK = Textbook.locate();
    private static RenderedSite site;
    private static BookSite.Report report;

    @BeforeAll
    static void renderTheBook() {
        report = BookSite.render(BOOK, temp.resolve("book"));
        site = new RenderedSite(temp.resolve("book"));
    }

    private static List<String> editions() {
        return Textbook.EDITIONS.stream().filter(edition -> !BOOK.chapterFiles(edition).isEmpty()).toList();
    }

    private static Path page(String sitePath) {
        return site.root().resolve(sitePath);
    }

    @Nested
    @DisplayName("links")
    class Links {

        @TestFactory
        @DisplayName("every internal href and src of every page leads to a file of the site, every #anchor to an id")
        Stream<DynamicTest> everyLinkResolves() {
            List<Path> pages = site.pageFiles();
            assertTrue(pages.size() > BOOK.allChapterFiles().size(), "the site has fewer pages than the book has chapters");
            return pages.stream().map(file -> dynamicTest(site.root().relativize(file).toString(), () ->
                    assertEquals(List.of(), site.brokenLinks(file))));
        }

        @Test
        @DisplayName("the links are really checked: the chapters link to figures, other chapters' anchors are ids")
        void theCheckSeesLinks() {
            long images = site.pageFiles().stream().mapToLong(file -> site.page(file).select("main img").size()).sum();
            assertTrue(images > 0, "no chapter shows a figure, so the figure check checked nothing");
            assertTrue(report.copiedFiles() > 0 && report.sourcePages() > 0, report.summary());
        }
    }

    @Nested
    @DisplayName("contents and front page")
    class Contents {

        @TestFactory
        @DisplayName("each edition's contents page lists every chapter, in order, with its number and front-matter title")
        Stream<DynamicTest> contentsListEveryChapter() {
            return editions().stream().map(edition -> dynamicTest(edition, () -> {
                Document contents = site.page(SiteLinks.contentsPage(edition));
                List<Element> items = contents.select("ol.contents a");
                List<Path> files = BOOK.chapterFiles(edition);
                assertEquals(files.size(), items.size(), "one entry per chapter file");
                for (int k = 0; k < files.size(); k++) {
                    Chapter chapter = BOOK.read(files.get(k));
                    Element item = items.get(k);
                    assertEquals(chapter.frontMatter("title", "?"), item.select(".title").text());
                    assertEquals(String.valueOf(Integer.parseInt(chapter.fileName().substring(0, 2))), item.select(".number").text());
                    assertEquals(page(SiteLinks.chapterPage(edition, chapter.fileName())),
                            site.target(page(SiteLinks.contentsPage(edition)), item.attr("href")));
                }
            }));
        }

        @Test
        @DisplayName("the front page offers every edition")
        void frontPage() {
            Path index = page("index.html");
            List<Path> offered = site.page(index).select("a.edition").eachAttr("href").stream()
                    .map(href -> site.target(index, href)).toList();
            assertEquals(editions().stream().map(edition -> page(SiteLinks.contentsPage(edition))).toList(), offered);
            assertEquals(2, offered.size(), "the book has two editions");
        }
    }

    @Nested
    @DisplayName("chapter pages")
    class ChapterPages {

        @TestFactory
        @DisplayName("previous and next link the neighbouring chapters, and only they")
        Stream<DynamicTest> previousAndNext() {
            return editions().stream().flatMap(edition -> {
                List<Path> files = BOOK.chapterFiles(edition);
                return Stream.iterate(0, k -> k < files.size(), k -> k + 1).map(k -> {
                    String name = files.get(k).getFileName().toString();
                    return dynamicTest(edition + "/" + name, () -> {
                        Path file = page(SiteLinks.chapterPage(edition, name));
                        Document chapter = site.page(file);
                        assertEquals(k > 0 ? Optional.of(neighbour(edition, files, k - 1)) : Optional.empty(),
                                linked(file, chapter.select("a[rel=prev]")));
                        assertEquals(k < files.size() - 1 ? Optional.of(neighbour(edition, files, k + 1)) : Optional.empty(),
                                linked(file, chapter.select("a[rel=next]")));
                        assertEquals(edition, chapter.select("html").attr("lang"));
                        assertEquals(page(SiteLinks.contentsPage(edition)), site.target(file, chapter.select("a[rel=contents]").attr("href")));
                    });
                });
            });
        }

        @TestFactory
        @DisplayName("the language switch leads to the same chapter in the other edition, exactly when it exists")
        Stream<DynamicTest> languageSwitch() {
            return editions().stream().flatMap(edition -> BOOK.chapterFiles(edition).stream().map(chapterFile -> {
                String name = chapterFile.getFileName().toString();
                return dynamicTest(edition + "/" + name, () -> {
                    Path file = page(SiteLinks.chapterPage(edition, name));
                    List<Path> expected = new ArrayList<>();
                    for (String other : editions()) {
                        if (!other.equals(edition) && Files.isRegularFile(BOOK.chaptersDir().resolve(other).resolve(name))) {
                            expected.add(page(SiteLinks.chapterPage(other, name)));
                        }
                    }
                    List<Path> switches = site.page(file).select("a.language").eachAttr("href").stream()
                            .map(href -> site.target(file, href)).toList();
                    assertEquals(expected, switches);
                });
            }));
        }

        @TestFactory
        @DisplayName("every shown listing is on its page with its exact code; hidden ones and their output are not")
        Stream<DynamicTest> listings() {
            return BOOK.allChapterFiles().stream().map(chapterFile -> {
                Chapter chapter = BOOK.read(chapterFile);
                return dynamicTest(chapter.name(), () -> {
                    Document page = site.page(SiteLinks.chapterPage(chapter.edition(), chapter.fileName()));
                    List<Listing> shown = chapter.listings().stream().filter(listing -> !listing.info().isHidden()).toList();
                    assertArrayEquals(shown.stream().map(Listing::code).toArray(),
                            page.select("div.listing pre code").stream().map(Element::wholeText).toArray(),
                            "the listings shown, in order, as the chapter writes them");
                    assertArrayEquals(shown.stream().filter(listing -> listing.output() != null)
                                    .map(listing -> listing.output().text()).toArray(),
                            page.select("pre.output code").stream().map(Element::wholeText).toArray(),
                            "the output blocks of the listings shown");
                    String html = page.html();
                    for (Listing hidden : chapter.listings()) {
                        if (hidden.info().isHidden()) {
                            String line = longestLine(hidden.code());
                            assertFalse(page.text().contains(line) || html.contains(line),
                                    () -> hidden.displayName() + " is hidden, but its line '" + line + "' is on the page");
                        }
                    }
                });
            });
        }

        @Test
        @DisplayName("the listings are highlighted: keywords, strings, numbers and comments have their spans")
        void highlighted() {
            Document first = site.page(SiteLinks.chapterPage(Textbook.SOURCE_EDITION,
                    BOOK.chapterFiles(Textbook.SOURCE_EDITION).get(0).getFileName().toString()));
            for (String kind : new String[] {"kw", "str", "num", "com"}) {
                assertFalse(first.select("div.listing span." + kind).isEmpty(), "no span." + kind + " in the first chapter");
            }
        }
    }

    @Nested
    @DisplayName("files")
    class SiteFiles {

        @Test
        @DisplayName("every figure a page shows is a byte-for-byte copy of the book's figure")
        void figuresAreCopies() throws IOException {
            try (Stream<Path> copies = Files.list(site.root().resolve("figures"))) {
                for (Path copy : copies.toList()) {
                    assertArrayEquals(Files.readAllBytes(BOOK.figuresDir().resolve(copy.getFileName().toString())),
                            Files.readAllBytes(copy), copy.toString());
                }
            }
        }

        @Test
        @DisplayName("the folder is marked as a site, so rendering again may replace it, and has its stylesheet")
        void markerAndStylesheet() {
            assertTrue(Files.isRegularFile(site.root().resolve(BookSite.MARKER)));
            assertTrue(Files.isRegularFile(site.root().resolve("style.css")));
        }
    }

    private static Path neighbour(String edition, List<Path> files, int k) {
        return page(SiteLinks.chapterPage(edition, files.get(k).getFileName().toString()));
    }

    private static Optional<Path> linked(Path file, List<Element> links) {
        assertTrue(links.size() <= 1, "at most one such link: " + links);
        return links.stream().findFirst().map(link -> site.target(file, link.attr("href")));
    }

    private static String longestLine(String code) {
        return code.lines().map(String::strip).max((a, b) -> Integer.compare(a.length(), b.length())).orElse("");
    }
}
