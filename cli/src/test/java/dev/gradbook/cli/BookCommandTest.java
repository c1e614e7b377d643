package dev.gradbook.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.gradbook.cli.Cli.gradbook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradbook book}: the site rendered; the listings checked (--check) and re-recorded (--bless). */
@DisplayName("gradbook book: render the site; --check the listings, --bless re-records them")
class BookCommandTest {
    @TempDir
    Path root;
    private Path chapter;

    /** A one-chapter book whose only listing prints 3 while its output block claims 4. */
    @BeforeEach
    void smallBook() throws IOException {
        Path en = Files.createDirectories(root.resolve("textbook/chapters/en"));
        chapter = en.resolve("01-sums.md");
        Files.writeString(chapter, String.join("\n",
                "---", "title: Sums", "---", "", "# 1. Sums", "",
                "```java", "System.out.println(1 + 2);", "```", "```output", "4", "```", ""));
        System.setProperty("gradbook.textbook", root.resolve("textbook").toString());
    }

    @AfterEach
    void forgetBook() {
        System.clearProperty("gradbook.textbook");
        System.clearProperty("gradbook.home");
    }

    @Nested
    @DisplayName("rendering the site")
    class Rendering {

        @Test
        @DisplayName("--out DIR renders the site there and prints the path of its index.html on the last line")
        void intoAFolder() {
            Path site = root.resolve("site");
            Cli.Run run = gradbook("book", "--out", site.toString());
            assertEquals(0, run.status(), run.transcript());
            List<String> lines = run.out().lines().toList();
            assertEquals(site.resolve("index.html").toAbsolutePath().toString(), lines.get(lines.size() - 1), run.transcript());
            assertTrue(lines.get(0).startsWith("book: 1 chapter pages (en 1)"), run.transcript());
            assertTrue(Files.isRegularFile(site.resolve("en/01-sums.html")));
        }

        @Test
        @DisplayName("without --out, into target/book of the checkout the launcher names")
        void intoTheCheckout() {
            System.setProperty("gradbook.home", root.toString());
            Cli.Run run = gradbook("book");
            assertEquals(0, run.status(), run.transcript());
            Path index = root.resolve("target/book/index.html");
            assertTrue(Files.isRegularFile(index), run.transcript());
            assertTrue(run.out().strip().endsWith(index.toString()), run.transcript());
        }

        @Test
        @DisplayName("rendering runs no listing: the wrong output block is shown as the chapter has it")
        void runsNoListing() throws IOException {
            Path site = root.resolve("site");
            assertEquals(0, gradbook("book", "--out", site.toString()).status());
            assertTrue(Files.readString(site.resolve("en/01-sums.html")).contains("<pre class=\"output\"><code>4\n</code></pre>"));
        }

        @Test
        @DisplayName("a file as --out is a one-line error naming it; the file is left alone")
        void refusesAFile() throws IOException {
            Path file = Files.writeString(root.resolve("notes.txt"), "mine");
            Cli.Run run = gradbook("book", "--out", file.toString());
            assertEquals(1, run.status(), run.transcript());
            Cli.assertOneLineError(run, "gradbook book:", file.toString(), "is a file");
            assertEquals("mine", Files.readString(file));
        }
    }

    @Nested
    @DisplayName("checking and blessing the listings")
    class Listings {

        @Test
        @DisplayName("--check fails (exit 1) naming a listing that prints something else; --bless fixes its block")
        void checkThenBless() throws IOException {
            Cli.Run check = gradbook("book", "--check");
            assertEquals(1, check.status(), check.transcript());
            assertTrue(check.out().contains("FAILED") && check.out().contains("01-sums.md"), check.transcript());
            assertTrue(check.out().contains("1 listings, 1 failed"), check.transcript());

            Cli.Run bless = gradbook("book", "--bless", chapter.toString());
            assertEquals(0, bless.status(), bless.transcript());
            assertTrue(Files.readString(chapter).contains("```output\n3\n```"), Files.readString(chapter));

            Cli.Run again = gradbook("book", "--check", chapter.toString());
            assertEquals(0, again.status(), again.transcript());
            assertTrue(again.out().contains("1 listings, 0 failed"), again.transcript());
        }

        @Test
        @DisplayName("a chapter path that does not exist is a one-line error")
        void missingChapter() {
            Cli.Run run = gradbook("book", "--check", root.resolve("nope.md").toString());
            assertEquals(1, run.status(), run.transcript());
            Cli.assertOneLineError(run, "nope.md", "neither a chapter file nor a folder");
        }
    }

    @Nested
    @DisplayName("a wrong command line (exit 2)")
    class Usage {

        @Test
        @DisplayName("a chapter without --check or --bless, and says which was meant")
        void chapterWithoutCheck() throws IOException {
            Cli.Run run = gradbook("book", chapter.toString());
            Cli.assertUsageError(run, "chapters are named only with --check or --bless", "book --check");
            assertFalse(Files.exists(root.resolve("target")));
        }

        @Test
        @DisplayName("--check with --bless, and --out with either")
        void exclusiveOptions() {
            Cli.assertUsageError(gradbook("book", "--check", "--bless"), "--check and --bless exclude each other");
            Cli.assertUsageError(gradbook("book", "--check", "--out", root.resolve("x").toString()), "--out is for rendering");
        }
    }
}
