package dev.gradbook.textbook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bless on a book of one chapter, written to a temporary directory: the real book is never touched. */
@DisplayName("Bless: re-records output blocks and figures from a run, keeping '...' and '~'")
class BlessTest {

    static final String BEFORE = """
            ---
            title: A chapter to bless
            ---
            ```java
            import dev.gradbook.autograd.Scalar;
            System.out.println("value " + Scalar.of(2).mul(3).value());
            ```
            ```output
            value 5.0
            ```

            ```java
            System.out.println("start");
            System.out.println(System.nanoTime());
            System.out.println("end");
            ```
            ```output
            begin
            ...
            end
            ```

            ```java
            System.out.println("pi " + Math.PI + " e " + Math.E);
            ```
            ```output
            pi ~3.0 e ~2.71828
            ```

            ```java
            System.out.println("unrecorded");
            ```

            ```java expect=throws:IllegalArgumentException
            Scalar.of(1).div(0);
            ```

            ```java
            int broken = "text";
            ```
            ```output
            stays as it is
            ```

            ```java figure=bless-test.dot
            System.out.print(Scalar.of(1.0, "x").mul(2).toDot());
            ```

            - a listing in a list:

              ```java
              System.out.println("indented");
              ```
            """;

    static final String AFTER = """
            ---
            title: A chapter to bless
            ---
            ```java
            import dev.gradbook.autograd.Scalar;
            System.out.println("value " + Scalar.of(2).mul(3).value());
            ```
            ```output
            value 6.0
            ```

            ```java
            System.out.println("start");
            System.out.println(System.nanoTime());
            System.out.println("end");
            ```
            ```output
            start
            ...
            end
            ```

            ```java
            System.out.println("pi " + Math.PI + " e " + Math.E);
            ```
            ```output
            pi ~3.1 e ~2.71828
            ```

            ```java
            System.out.println("unrecorded");
            ```
            ```output
            unrecorded
            ```

            ```java expect=throws:IllegalArgumentException
            Scalar.of(1).div(0);
            ```
            ```output
            Exception java.lang.IllegalArgumentException: div: divisor is 0.0 (dividing 1.0); division by zero is undefined
            ```

            ```java
            int broken = "text";
            ```
            ```output
            stays as it is
            ```

            ```java figure=bless-test.dot
            System.out.print(Scalar.of(1.0, "x").mul(2).toDot());
            ```

            - a listing in a list:

              ```java
              System.out.println("indented");
              ```
              ```output
              indented
              ```
            """;

    @TempDir
    Path root;

    @Test
    @DisplayName("records what the listings print, reports the one that does not compile, and is a no-op the second time")
    void blessesACopy() throws IOException {
        Path chapterFile = root.resolve("chapters/en/01-bless.md");
        Files.createDirectories(chapterFile.getParent());
        Files.writeString(chapterFile, BEFORE, StandardCharsets.UTF_8);
        Textbook book = new Textbook(root);
        ListingRunner runner = ListingRunner.forThisJvm();

        Bless.Report first = Bless.bless(book, List.of(chapterFile), runner);

        assertEquals(AFTER, Files.readString(chapterFile, StandardCharsets.UTF_8));
        String dot = Files.readString(book.figuresDir().resolve("bless-test.dot"), StandardCharsets.UTF_8);
        assertTrue(dot.startsWith("digraph \"scalar\" {") && dot.contains("value 2.0000"), dot);
        assertTrue(first.changes().contains("en/01-bless.md re-recorded"), first.changes().toString());
        assertEquals(1, first.problems().size(), first.problems().toString());
        assertTrue(first.problems().get(0).contains("en/01-bless.md listing 6") && first.problems().get(0).contains("does not compile"),
                first.problems().get(0));
        assertTrue(first.notes().get(0).matches("en/01-bless.md listings revision [0-9a-f]{12}"), first.notes().toString());

        Bless.Report second = Bless.bless(book, List.of(chapterFile), runner);

        assertEquals(List.of(), second.changes(), "everything was recorded the first time");
        assertEquals(AFTER, Files.readString(chapterFile, StandardCharsets.UTF_8));
    }
}
