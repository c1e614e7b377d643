package dev.gradbook.textbook.site;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BookSite} on a small made-up book, where every page and every listing is known in advance. */
@DisplayName("BookSite: a small book rendered to a site")
class BookSiteTest {

    @TempDir
    Path temp;
    private SmallBook small;

    private static final String LISTINGS = String.join("\n",
            "# 1. First", "",
            "Some prose with a [figure](../../figures/01-graph.svg) and [the next chapter](02-second.md#2-second).", "",
            "![the graph](../../figures/01-graph.svg)", "",
            "```java", "int shown = 6 * 7; // the answer", "System.out.println(shown);", "```",
            "```output", "42", "```", "",
            "```java hidden", "String secretSetupLine = \"only for the tests\";", "```",
            "```output", "hidden output", "```", "",
            "```java quote=autograd/src/main/java/Scalar.java", "class Scalar {}", "```", "",
            "```java expect=throws:IllegalStateException", "throw new IllegalStateException(\"no\");", "```",
            "```output", "Exception java.lang.IllegalStateException: no", "```", "",
            "```java norun=\"needs a GPU\"", "gpu.run();", "```", "",
            "```python", "import torch  # not a listing", "```", "",
            "See the [exercises folder](../../../exercises/).", "");

    @BeforeEach
    void smallBook() throws IOException {
        small = new SmallBook(temp.resolve("repo"))
                .chapter("en", "01-first.md", "First", LISTINGS)
                .chapter("en", "02-second.md", "Second", "# 2. Second\n\nBack to [the first](01-first.md).\n")
                .chapter("es", "01-first.md", "Primero", "# 1. Primero\n\nTexto.\n")
                .file("textbook/glossary.md", "# Glossary\n\n| English | Español |\n|---|---|\n| leaf | hoja |\n")
                .file("textbook/figures/01-graph.svg",
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>")
                .file("textbook/figures/unused.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
                .file("autograd/src/main/java/Scalar.java", "class Scalar {}\n");
        Files.createDirectories(small.repository().resolve("exercises"));
    }

    private RenderedSite render() {
        Path out = temp.resolve("site");
        BookSite.Report report = BookSite.render(small.book(), out);
        assertEquals(out.resolve("index.html"), report.index());
        return new RenderedSite(out);
    }

    @Nested
    @DisplayName("the pages and how they link")
    class Pages {

        @Test
        @DisplayName("every internal link and image of every page resolves, anchors included")
        void noDeadLinks() {
            RenderedSite site = render();
            assertEquals(List.of(), site.pageFiles().stream().flatMap(page -> site.brokenLinks(page).stream()).toList());
        }

        @Test
        @DisplayName("the link check itself finds a missing file, a missing anchor and a stylesheet from the network")
        void theCheckCanFail() throws IOException {
            RenderedSite site = render();
            Files.delete(site.root().resolve("figures/01-graph.svg"));
            Path second = site.root().resolve("en/02-second.html");
            Files.writeString(second, Files.readString(second).replace("id=\"2-second\"", "id=\"renamed\"")
                    .replace("../style.css", "https://cdn.example.org/style.css"));
            List<String> problems = Stream.of("en/01-first.html", "en/02-second.html")
                    .flatMap(page -> site.brokenLinks(site.root().resolve(page)).stream()).toList();
            assertEquals(4, problems.size(), String.join("\n", problems)); // the figure's link and image, the anchor, the CSS
            assertTrue(problems.stream().anyMatch(p -> p.contains("01-graph.svg") && p.contains("not there")), problems::toString);
            assertTrue(problems.stream().anyMatch(p -> p.contains("#2-second") && p.contains("no element with that id")),
                    problems::toString);
            assertTrue(problems.stream().anyMatch(p -> p.contains("loads from the network")), problems::toString);
        }

        @Test
        @DisplayName("the front page offers both editions and the glossary")
        void frontPage() {
            Document index = render().page("index.html");
            assertEquals(List.of("en/index.html", "es/index.html", "glossary.html"),
                    index.select("main a").eachAttr("href"));
        }

        @Test
        @DisplayName("a contents page lists the edition's chapters with number and title")
        void contents() {
            RenderedSite site = render();
            assertEquals(List.of("1 First", "2 Second"), site.page("en/index.html").select("ol.contents a").eachText());
            assertEquals(List.of("1 Primero"), site.page("es/index.html").select("ol.contents a").eachText());
            assertEquals("../es/index.html", site.page("en/index.html").select("a.language").attr("href"));
        }

        @Test
        @DisplayName("previous and next where there is one; the language switch only where the chapter is translated")
        void navigation() {
            RenderedSite site = render();
            Document first = site.page("en/01-first.html");
            assertTrue(first.select("a[rel=prev]").isEmpty());
            assertEquals("02-second.html", first.select("a[rel=next]").attr("href"));
            assertEquals("../es/01-first.html", first.select("a.language").attr("href"));
            assertEquals("es", first.select("a.language").attr("hreflang"));

            Document second = site.page("en/02-second.html");
            assertEquals("01-first.html", second.select("a[rel=prev]").attr("href"));
            assertTrue(second.select("a[rel=next]").isEmpty());
            assertTrue(second.select("a.language").isEmpty(), "there is no Spanish chapter 2 to switch to");

            Document spanish = site.page("es/01-first.html");
            assertEquals("es", spanish.select("html").attr("lang"));
            assertEquals("../en/01-first.html", spanish.select("a.language").attr("href"));
            assertEquals("Índice", spanish.select("a[rel=contents]").text());
        }

        @Test
        @DisplayName("the page title and the <title> come from the front matter")
        void titles() {
            Document first = render().page("en/01-first.html");
            assertEquals("1. First · gradbook: the textbook", first.title());
        }
    }

    @Nested
    @DisplayName("listings and other code blocks")
    class Listings {

        @Test
        @DisplayName("a java listing is highlighted, and its text is the listing's code")
        void highlighted() {
            Element listing = render().page("en/01-first.html").select("div.listing").first();
            assertEquals("int shown = 6 * 7; // the answer\nSystem.out.println(shown);\n", listing.select("pre code").first().wholeText());
            assertEquals(List.of("int"), listing.select("span.kw").eachText());
            assertEquals(List.of("6", "7"), listing.select("span.num").eachText());
            assertEquals(List.of("// the answer"), listing.select("span.com").eachText());
        }

        @Test
        @DisplayName("a hidden listing and its output are not on the page")
        void hidden() {
            Document page = render().page("en/01-first.html");
            assertEquals(4, page.select("div.listing").size(), "shown, quote, throws, norun");
            assertFalse(page.html().contains("secretSetupLine"), page.html());
            assertFalse(page.text().contains("hidden output"));
            assertEquals(List.of("42", "Exception java.lang.IllegalStateException: no"), page.select("pre.output").eachText());
        }

        @Test
        @DisplayName("a quoted, a throwing and an unrun listing say so; the quote links to a page showing the file")
        void notes() {
            RenderedSite site = render();
            Document page = site.page("en/01-first.html");
            assertEquals(List.of("Quoted from autograd/src/main/java/Scalar.java", "Throws IllegalStateException",
                    "Not run: needs a GPU"), page.select("p.listing-note").eachText());
            String quoted = page.select("p.listing-note a").attr("href");
            assertEquals("../source/autograd/src/main/java/Scalar.java.html", quoted);
            Document source = site.page("source/autograd/src/main/java/Scalar.java.html");
            assertEquals("class Scalar {}\n", source.select("pre code").first().wholeText());
        }

        @Test
        @DisplayName("a block in another language is shown as code, not highlighted as Java")
        void otherLanguages() {
            Element python = render().page("en/01-first.html").select("pre.code code.language-python").first();
            assertEquals("import torch  # not a listing\n", python.wholeText());
            assertTrue(python.select("span").isEmpty());
        }
    }

    @Nested
    @DisplayName("files")
    class SiteFiles {

        @Test
        @DisplayName("the figures a page shows are copied, byte for byte; unused ones are not")
        void figures() throws IOException {
            Path site = render().root();
            assertEquals(Files.readString(small.repository().resolve("textbook/figures/01-graph.svg")),
                    Files.readString(site.resolve("figures/01-graph.svg")));
            assertFalse(Files.exists(site.resolve("figures/unused.svg")));
            assertTrue(Files.isRegularFile(site.resolve("style.css")));
        }

        @Test
        @DisplayName("a link to a folder keeps its text, marked with the folder's path, and is no link")
        void folderLink() {
            Element reference = render().page("en/01-first.html").select("span.repository-path").first();
            assertEquals("exercises folder", reference.text());
            assertTrue(reference.attr("title").startsWith("exercises"));
        }
    }

    @Nested
    @DisplayName("escaping: what a chapter writes is shown, never run")
    class Escaping {

        @Test
        @DisplayName("raw HTML, a javascript: link and markup in a title or a listing stay text")
        void everythingEscaped() {
            small.chapter("en", "01-first.md", "A <b>bold</b> & \"quoted\" title", String.join("\n",
                    "# 1. Title", "",
                    "<script>alert('prose')</script>", "",
                    "Inline <img src=x onerror=alert(1)> and a [trap](javascript:alert(1)).", "",
                    "```java", "String s = \"</code></pre><script>alert('code')</script>\";", "```",
                    "```output", "<script>alert('output')</script>", "```", ""));
            RenderedSite site = render();
            Document page = site.page("en/01-first.html");
            assertTrue(page.select("script").isEmpty(), page.html());
            assertTrue(page.select("main img").isEmpty(), page.html());
            assertFalse(page.select("a").eachAttr("href").stream().anyMatch(href -> href.startsWith("javascript")));
            assertTrue(page.text().contains("<script>alert('prose')</script>"));
            assertEquals("String s = \"</code></pre><script>alert('code')</script>\";\n",
                    page.select("div.listing pre code").first().wholeText());
            assertEquals("<script>alert('output')</script>\n", page.select("pre.output code").first().wholeText());
            assertEquals("1. A <b>bold</b> & \"quoted\" title · gradbook: the textbook", page.title());
            assertEquals("1 A <b>bold</b> & \"quoted\" title", site.page("en/index.html").select("ol.contents a").first().text());
        }
    }

    @Nested
    @DisplayName("writing the folder: all at once, never over someone's files")
    class Writing {

        @Test
        @DisplayName("refuses a file, naming it")
        void refusesAFile() throws IOException {
            Path file = Files.writeString(temp.resolve("a-file"), "mine");
            String message = assertThrows(IllegalArgumentException.class, () -> BookSite.render(small.book(), file))
                    .getMessage();
            assertTrue(message.contains(file.toString()) && message.contains("is a file"), message);
            assertEquals("mine", Files.readString(file));
        }

        @Test
        @DisplayName("refuses a folder of other files, and leaves them alone")
        void refusesSomeoneElsesFolder() throws IOException {
            Path folder = Files.createDirectories(temp.resolve("documents"));
            Files.writeString(folder.resolve("thesis.txt"), "years of work");
            String message = assertThrows(IllegalArgumentException.class, () -> BookSite.render(small.book(), folder))
                    .getMessage();
            assertTrue(message.contains("holds other files") && message.contains(BookSite.MARKER), message);
            assertEquals("years of work", Files.readString(folder.resolve("thesis.txt")));
        }

        @Test
        @DisplayName("creates missing folders, and fills an empty one")
        void createsAndFills() throws IOException {
            assertTrue(Files.isRegularFile(BookSite.render(small.book(), temp.resolve("a/b/site")).index()));
            Path empty = Files.createDirectories(temp.resolve("empty"));
            assertTrue(Files.isRegularFile(BookSite.render(small.book(), empty).index()));
        }

        @Test
        @DisplayName("replaces an earlier site whole: a page that is gone from the book is gone from the site")
        void replacesAnEarlierSite() throws IOException {
            Path out = render().root();
            Files.writeString(out.resolve("en/stale.html"), "from an earlier rendering");
            BookSite.render(small.book(), out);
            assertFalse(Files.exists(out.resolve("en/stale.html")));
            assertTrue(Files.isRegularFile(out.resolve("en/01-first.html")));
            assertEquals(List.of("site"), siblings(out));
        }

        @Test
        @DisplayName("a rendering that fails (a dead link) leaves the earlier site as it was, and nothing beside it")
        void failureKeepsTheEarlierSite() throws IOException {
            Path out = render().root();
            String before = Files.readString(out.resolve("en/02-second.html"));
            small.chapter("en", "02-second.md", "Second", "A [dead link](../../figures/missing.svg).\n");
            String message = assertThrows(IllegalArgumentException.class, () -> BookSite.render(small.book(), out))
                    .getMessage();
            assertTrue(message.contains("textbook/chapters/en/02-second.md") && message.contains("missing.svg"), message);
            assertEquals(before, Files.readString(out.resolve("en/02-second.html")));
            assertEquals(List.of("site"), siblings(out));
        }

        @Test
        @DisplayName("a chapter without a title is an error that says what to add")
        void untitledChapter() {
            small.file("textbook/chapters/en/03-untitled.md", "---\nbackend: naive\n---\n\n# 3.\n");
            String message = assertThrows(IllegalArgumentException.class, () -> BookSite.render(small.book(), temp.resolve("site")))
                    .getMessage();
            assertTrue(message.contains("en/03-untitled.md has no title") && message.contains("title:"), message);
            assertFalse(Files.exists(temp.resolve("site")));
        }

        /** The names in the folder that holds {@code out}, hidden ones included. */
        private List<String> siblings(Path out) throws IOException {
            try (Stream<Path> files = Files.list(out.getParent())) {
                return files.map(file -> file.getFileName().toString()).filter(name -> !name.equals("repo")).sorted().toList();
            }
        }
    }
}
