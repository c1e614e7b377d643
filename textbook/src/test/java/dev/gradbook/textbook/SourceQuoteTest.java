package dev.gradbook.textbook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("SourceQuote: a quoted method must be in its file, as written")
class SourceQuoteTest {

    static final String SOURCE = """
            package demo;

            final class Counter {
                private int count;

                /**
                 * Adds one.
                 */
                int increment() {
                    count++;
                    return count;
                }
            }
            """;

    @TempDir
    Path repository;

    private Optional<String> check(String quotation) throws IOException {
        Files.createDirectories(repository.resolve("src"));
        Files.writeString(repository.resolve("src/Counter.java"), SOURCE);
        Listing listing = Chapter.parse("en/01-q.md", "```java quote=src/Counter.java\n" + quotation + "```\n")
                .listings().get(0);
        return SourceQuote.failure(listing, repository);
    }

    @Test
    @DisplayName("consecutive lines pass, indented or not; '// ...' skips lines")
    void faithful() throws IOException {
        assertEquals(Optional.empty(), check("int increment() {\n    count++;\n    return count;\n}\n"));
        assertEquals(Optional.empty(), check("        int increment() {\n            count++;\n"));
        assertEquals(Optional.empty(), check("final class Counter {\n    // ...\n    int increment() {\n    // ...\n}\n"));
    }

    @Test
    @DisplayName("a changed line, lines out of order, or a missing file fail, saying what to do")
    void unfaithful() throws IOException {
        String changed = check("int increment() {\n    count += 2;\n").orElseThrow();
        assertTrue(changed.contains("en/01-q.md listing 1 (line 1) quotes src/Counter.java, but these lines are not in it")
                && changed.contains("count += 2;"), changed);
        assertTrue(check("return count;\ncount++;\n").isPresent());
        Listing missing = Chapter.parse("en/01-q.md", "```java quote=src/Gone.java\nint x;\n```\n").listings().get(0);
        assertTrue(SourceQuote.failure(missing, repository).orElseThrow().contains("does not exist"));
    }
}
