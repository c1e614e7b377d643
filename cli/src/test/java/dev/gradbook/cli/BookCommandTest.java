package dev.gradbook.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gradbook.cli.Cli.gradbook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gradbook book}: the listings checked as the build checks them, and re-recorded with --bless. */
@DisplayName("gradbook book: check the listings, --bless re-records them")
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
                "---", "title: Sums", "---", "", "# Sums", "",
                "```java", "System.out.println(1 + 2);", "```", "```output", "4", "```", ""));
        System.setProperty("gradbook.textbook", root.resolve("textbook").toString());
    }

    @AfterEach
    void forgetBook() {
        System.clearProperty("gradbook.textbook");
    }

    @Test
    @DisplayName("a listing that prints something else fails the check (exit 1) naming it; --bless fixes the block")
    void checkThenBless() throws IOException {
        Cli.Run check = gradbook("book");
        assertEquals(1, check.status(), check.transcript());
        assertTrue(check.out().contains("FAILED") && check.out().contains("01-sums.md"), check.transcript());
        assertTrue(check.out().contains("1 listings, 1 failed"), check.transcript());

        Cli.Run bless = gradbook("book", "--bless", chapter.toString());
        assertEquals(0, bless.status(), bless.transcript());
        assertTrue(Files.readString(chapter).contains("```output\n3\n```"), Files.readString(chapter));

        Cli.Run again = gradbook("book");
        assertEquals(0, again.status(), again.transcript());
        assertTrue(again.out().contains("1 listings, 0 failed"), again.transcript());
    }

    @Test
    @DisplayName("a chapter path that does not exist is a one-line error")
    void missingChapter() {
        Cli.Run run = gradbook("book", root.resolve("nope.md").toString());
        assertEquals(1, run.status(), run.transcript());
        Cli.assertOneLineError(run, "nope.md", "neither a chapter file nor a folder");
    }
}
