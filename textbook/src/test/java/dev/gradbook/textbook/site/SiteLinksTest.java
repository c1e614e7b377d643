package dev.gradbook.textbook.site;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("SiteLinks: a link written for the repository host becomes a link inside the site")
class SiteLinksTest {

    @TempDir
    Path repository;
    private SiteLinks links;
    private Path chapter;

    /** A repository with a book of two English chapters, one Spanish, a glossary, figures, an image and code. */
    @BeforeEach
    void repositoryWithABook() throws Exception {
        SmallBook small = new SmallBook(repository)
                .chapter("en", "01-first.md", "First", "# 1. First\n")
                .chapter("en", "02-second.md", "Second", "# 2. Second\n")
                .chapter("es", "01-first.md", "Primero", "# 1. Primero\n")
                .file("textbook/glossary.md", "# Glossary\n")
                .file("textbook/figures/01-graph.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
                .file("textbook/figures/01-graph.dot", "digraph { a -> b }")
                .file("docs/img/chart.png", "not really a PNG, but named like one")
                .file("docs/notes with space.txt", "text")
                .file("autograd/src/main/java/Scalar.java", "class Scalar {}");
        Files.createDirectories(repository.resolve("exercises"));
        links = new SiteLinks(small.book());
        chapter = repository.resolve("textbook/chapters/en/01-first.md");
    }

    private SiteLinks.Resolved fromFirstChapter(String destination) {
        return links.resolve(chapter, "en/01-first.html", destination);
    }

    @Nested
    @DisplayName("pages of the book")
    class Pages {

        @Test
        @DisplayName("a chapter of the same edition: the next page, with its #anchor")
        void sameEdition() {
            SiteLinks.Resolved link = fromFirstChapter("02-second.md#the-idea");
            assertEquals("02-second.html#the-idea", link.href());
            assertEquals(SiteLinks.Kind.PAGE, link.target().kind());
            assertEquals("en/02-second.html", link.target().sitePath());
        }

        @Test
        @DisplayName("the same chapter of the other edition, and the glossary")
        void otherEditionAndGlossary() {
            assertEquals("../es/01-first.html", fromFirstChapter("../es/01-first.md").href());
            assertEquals("../glossary.html", fromFirstChapter("../../glossary.md").href());
        }
    }

    @Nested
    @DisplayName("files of the repository")
    class RepositoryFiles {

        @Test
        @DisplayName("a figure is copied into figures/ beside the editions")
        void figure() {
            SiteLinks.Resolved link = fromFirstChapter("../../figures/01-graph.svg");
            assertEquals("../figures/01-graph.svg", link.href());
            assertEquals(new SiteLinks.SiteFile(repository.resolve("textbook/figures/01-graph.svg"),
                    "figures/01-graph.svg", SiteLinks.Kind.COPY), link.target());
        }

        @Test
        @DisplayName("another image of the repository is copied under files/, at its repository path")
        void image() {
            SiteLinks.Resolved link = fromFirstChapter("../../../docs/img/chart.png");
            assertEquals("../files/docs/img/chart.png", link.href());
            assertEquals(SiteLinks.Kind.COPY, link.target().kind());
        }

        @Test
        @DisplayName("a source file (and a figure's DOT text) becomes a page under source/ that shows it")
        void sourceFiles() {
            SiteLinks.Resolved code = fromFirstChapter("../../../autograd/src/main/java/Scalar.java");
            assertEquals("../source/autograd/src/main/java/Scalar.java.html", code.href());
            assertEquals(SiteLinks.Kind.SOURCE_PAGE, code.target().kind());
            assertEquals("../source/textbook/figures/01-graph.dot.html", fromFirstChapter("../../figures/01-graph.dot").href());
        }

        @Test
        @DisplayName("a %-escaped name is found on disk")
        void escapedName() {
            assertEquals("source/docs/notes with space.txt.html",
                    fromFirstChapter("../../../docs/notes%20with%20space.txt").target().sitePath());
        }

        @Test
        @DisplayName("the file a quote= listing names is found from the repository root")
        void quotedFile() {
            assertEquals("source/autograd/src/main/java/Scalar.java.html",
                    links.repositoryFile("autograd/src/main/java/Scalar.java").sitePath());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> links.repositoryFile("autograd/Missing.java"))
                    .getMessage().contains("there is no file autograd/Missing.java"));
        }

        @Test
        @DisplayName("a folder cannot be a page: no link, its repository path is shown instead")
        void folder() {
            SiteLinks.Resolved link = fromFirstChapter("../../../exercises/");
            assertNull(link.href());
            assertNull(link.target());
            assertEquals("exercises", link.repositoryPath());
        }
    }

    @Nested
    @DisplayName("links left alone")
    class Unchanged {

        @Test
        @DisplayName("links with a scheme, protocol-relative links and anchors on the same page")
        void external() {
            for (String link : new String[] {"https://keras.io/", "mailto:someone@example.org", "//example.org/x", "#top"}) {
                SiteLinks.Resolved resolved = fromFirstChapter(link);
                assertEquals(link, resolved.href());
                assertNull(resolved.target());
            }
        }
    }

    @Nested
    @DisplayName("dead links are errors that name the page and the link")
    class Errors {

        @Test
        @DisplayName("a file that does not exist")
        void missing() {
            String message = assertThrows(IllegalArgumentException.class, () -> fromFirstChapter("../../figures/nope.svg"))
                    .getMessage();
            assertTrue(message.contains("textbook/chapters/en/01-first.md"), message);
            assertTrue(message.contains("'../../figures/nope.svg'") && message.contains("does not exist"), message);
        }

        @Test
        @DisplayName("a path out of the repository, and one from the root")
        void outside() {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> fromFirstChapter("../../../../elsewhere.txt"))
                    .getMessage().contains("leads out of the repository"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> fromFirstChapter("/docs/img/chart.png"))
                    .getMessage().contains("relative to"));
        }
    }

    @Nested
    @DisplayName("relative paths between two files of the site")
    class Relative {

        @Test
        @DisplayName("same folder, down, up, up and down again")
        void paths() {
            assertEquals("02-second.html", SiteLinks.relative("en/01-first.html", "en/02-second.html"));
            assertEquals("en/index.html", SiteLinks.relative("index.html", "en/index.html"));
            assertEquals("../style.css", SiteLinks.relative("en/01-first.html", "style.css"));
            assertEquals("../../es/01-first.html", SiteLinks.relative("source/docs/a.txt.html", "es/01-first.html"));
            assertEquals("b.java.html", SiteLinks.relative("source/a/a.java.html", "source/a/b.java.html"));
            assertEquals("../c/d.html", SiteLinks.relative("source/a/x.html", "source/c/d.html"));
        }
    }
}
