package dev.gradbook.textbook;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listing runner on a small chapter written for the purpose: one listing per thing the
 * runner must catch or allow. The chapter runs once, in one JShell, like a real one.
 */
@DisplayName("ListingRunner: every listing runs, and a broken one is caught")
class ListingRunnerTest {

    static final String CHAPTER = """
            ---
            title: A chapter for testing the runner
            seed: 7
            ---
            # Listings

            ```java
            import dev.gradbook.autograd.Scalar;
            Scalar x = Scalar.of(2.0, "x");
            System.out.println(x.mul(3).value());
            ```
            ```output
            6.0
            ```

            ```java
            System.out.println("four");
            ```
            ```output
            five
            ```

            ```java expect=throws:IllegalArgumentException
            System.out.println(x.div(4).value());
            ```

            ```java expect=throws:IllegalStateException
            x.div(0);
            ```

            ```java expect=throws:IllegalArgumentException
            System.out.println("dividing");
            x.div(0);
            System.out.println("never printed");
            ```
            ```output
            dividing
            Exception java.lang.IllegalArgumentException: div: divisor is 0.0 (dividing 2.0); division by zero is undefined
            ```

            ```java
            int wrong = "text";
            ```

            ```java
            System.out.println("start");
            for (int i = 0; i < 3; i++) System.out.println("tick " + System.nanoTime());
            System.out.println("end");
            ```
            ```output
            start
            ...
            end
            ```

            ```java
            System.out.println("pi is about " + Math.PI);
            ```
            ```output
            pi is about ~3.14
            ```

            ```java
            System.out.println("pi is about " + Math.PI);
            ```
            ```output
            pi is about ~3.3
            ```

            ```java
            System.out.println("nobody recorded this");
            ```

            ```java norun="it is not Java at all"
            this is not Java at all
            ```

            ```java
            record Point(int x, int y) { }
            int manhattan(Point p) { return Math.abs(p.x()) + Math.abs(p.y()); }
            System.out.println(manhattan(new Point(3, -4)))
            ```
            ```output
            7
            ```

            ```java
            System.out.println(SEED + " " + dev.gradbook.autograd.Backends.current().name()
                    + " " + String.format("%.1f", 0.5));
            ```
            ```output
            7 naive 0.5
            ```

            ```java
            throw new UnsupportedOperationException("not expected");
            ```

            ```java quote=nowhere/Missing.java
            private Secret() { this is quoted, not compiled }
            ```
            """;

    static List<ListingResult> results;

    @TempDir
    static Path bookRoot;

    @BeforeAll
    static void runTheChapter() {
        results = ListingRunner.forThisJvm().run(Chapter.parse("en/99-runner.md", CHAPTER));
    }

    static ListingResult listing(int number) {
        return results.get(number - 1);
    }

    static Optional<String> failureOf(int number) {
        return ListingCheck.failure(listing(number), new Textbook(bookRoot));
    }

    static void assertFailsSaying(int number, String... fragments) {
        String failure = failureOf(number).orElseThrow(() -> new AssertionError("listing " + number + " should fail"));
        for (String fragment : fragments) {
            assertTrue(failure.contains(fragment), () -> "the failure should say '" + fragment + "':\n" + failure);
        }
    }

    @Test
    @DisplayName("there is one result per java listing, in order")
    void oneResultPerListing() {
        assertEquals(15, results.size());
        for (int k = 0; k < results.size(); k++) {
            assertEquals(k + 1, results.get(k).listing().number());
        }
    }

    @Nested
    @DisplayName("listings that keep their promises pass")
    class Passing {

        @Test
        @DisplayName("a listing printing exactly its output block")
        void exactOutput() {
            assertEquals(Optional.empty(), failureOf(1));
            assertEquals("6.0\n", listing(1).output());
        }

        @Test
        @DisplayName("a listing that throws what expect=throws: says; its output ends with JShell's exception line")
        void expectedThrow() {
            assertEquals(ListingResult.Outcome.THREW, listing(5).outcome());
            assertEquals("java.lang.IllegalArgumentException", listing(5).thrownClass());
            assertEquals(Optional.empty(), failureOf(5));
        }

        @Test
        @DisplayName("'...' matches lines that change from run to run")
        void anyLines() {
            assertEquals(Optional.empty(), failureOf(7));
        }

        @Test
        @DisplayName("~3.14 matches 3.141592653589793 (one unit of the last digit either way)")
        void tolerantNumber() {
            assertEquals(Optional.empty(), failureOf(8));
        }

        @Test
        @DisplayName("a listing may hold records, methods and statements, one missing its semicolon")
        void severalSnippets() {
            assertEquals(Optional.empty(), failureOf(12));
        }

        @Test
        @DisplayName("state carries over between listings; SEED comes from the front matter; the backend is named")
        void setup() {
            assertEquals(Optional.empty(), failureOf(13));
        }

        @Test
        @DisplayName("a norun listing is not executed and keeps its reason")
        void norun() {
            assertEquals(ListingResult.Outcome.SKIPPED, listing(11).outcome());
            assertEquals("it is not Java at all", listing(11).detail());
            assertEquals(Optional.empty(), failureOf(11));
        }
    }

    @Nested
    @DisplayName("listings that break their promises fail, naming file, line and listing")
    class Failing {

        @Test
        @DisplayName("a wrong output, shown expected against actual")
        void wrongOutput() {
            assertFailsSaying(2, "en/99-runner.md listing 2 (line 16)", "--- expected", "five", "--- actual", "four");
        }

        @Test
        @DisplayName("a listing that should throw but completes")
        void missingThrow() {
            assertFailsSaying(3, "listing 3", "completed normally", "expect=throws:IllegalArgumentException");
        }

        @Test
        @DisplayName("a listing that throws another exception than expected")
        void otherThrow() {
            assertFailsSaying(4, "listing 4", "threw java.lang.IllegalArgumentException",
                    "expect=throws:IllegalStateException");
        }

        @Test
        @DisplayName("a listing that does not compile, with JShell's diagnostic")
        void compileError() {
            assertEquals(ListingResult.Outcome.REJECTED, listing(6).outcome());
            assertFailsSaying(6, "listing 6", "does not compile", "int wrong = \"text\";", "incompatible types");
        }

        @Test
        @DisplayName("a tolerant number outside its tolerance")
        void numberOutOfTolerance() {
            assertFailsSaying(9, "listing 9", "~3.3", "3.141592653589793");
        }

        @Test
        @DisplayName("a listing that prints without an output block")
        void unrecordedOutput() {
            assertFailsSaying(10, "listing 10", "no ```output block", "nobody recorded this");
        }

        @Test
        @DisplayName("a quotation is checked against its file, never compiled")
        void quote() {
            assertEquals(ListingResult.Outcome.SKIPPED, listing(15).outcome());
            assertFailsSaying(15, "listing 15", "quotes nowhere/Missing.java, which does not exist");
        }

        @Test
        @DisplayName("an exception nobody expected, with its stack trace and the snippet's line")
        void unexpectedThrow() {
            assertFailsSaying(14, "listing 14", "does not say it should", "UnsupportedOperationException",
                    "not expected", "snippet at line");
        }
    }

    @Nested
    @DisplayName("a listing that never ends")
    class NeverEnding {

        @Test
        @DisplayName("is stopped after the runner's time limit, and the listings after it report why they cannot run")
        void isStopped() {
            Chapter chapter = Chapter.parse("en/98-loop.md", """
                    ```java
                    System.out.println("looping");
                    while (true) { }
                    ```

                    ```java
                    System.out.println("after");
                    ```
                    """);
            ListingRunner impatient = ListingRunner.forThisJvm(java.time.Duration.ofSeconds(1));

            List<ListingResult> loop = impatient.run(chapter);

            assertEquals(ListingResult.Outcome.TIMED_OUT, loop.get(0).outcome());
            String stopped = ListingCheck.failure(loop.get(0), new Textbook(bookRoot)).orElseThrow();
            assertTrue(stopped.contains("en/98-loop.md listing 1 (line 1)") && stopped.contains("still running after 1 s"),
                    stopped);
            String after = ListingCheck.failure(loop.get(1), new Textbook(bookRoot)).orElseThrow();
            assertTrue(after.contains("listing 2") && after.contains("is gone"), after);
        }
    }
}
