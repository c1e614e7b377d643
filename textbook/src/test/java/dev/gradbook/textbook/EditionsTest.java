package dev.gradbook.textbook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

@DisplayName("Editions: both editions show the same listings, and a translation says which English it follows")
class EditionsTest {

    @Nested
    @DisplayName("the book")
    class TheBook {

        private final Textbook book = Textbook.locate();

        @Test
        @DisplayName("every chapter exists in every edition, under the same file name")
        void sameChapters() {
            List<String> english = fileNames(Textbook.SOURCE_EDITION);
            assertFalse(english.isEmpty(), "the book has no English chapters in " + book.chaptersDir());
            for (String edition : Textbook.EDITIONS) {
                assertEquals(english, fileNames(edition), "chapters of edition " + edition);
            }
        }

        @TestFactory
        @DisplayName("each translated chapter follows its English listings")
        Stream<DynamicTest> translationsFollow() {
            List<DynamicTest> tests = new ArrayList<>();
            for (Path source : book.chapterFiles(Textbook.SOURCE_EDITION)) {
                for (String edition : Textbook.EDITIONS.subList(1, Textbook.EDITIONS.size())) {
                    Path translation = book.chaptersDir().resolve(edition).resolve(source.getFileName());
                    tests.add(dynamicTest(edition + "/" + source.getFileName() + " follows en/" + source.getFileName(),
                            translation.toUri(), () -> {
                                assertTrue(Files.exists(translation), translation + " is missing");
                                List<String> problems = Editions.differences(book.read(source), book.read(translation));
                                assertTrue(problems.isEmpty(), () -> String.join("\n\n", problems));
                            }));
                }
            }
            return tests.stream();
        }

        private List<String> fileNames(String edition) {
            return book.chapterFiles(edition).stream().map(file -> file.getFileName().toString()).toList();
        }
    }

    @Nested
    @DisplayName("comparing two editions of a chapter")
    class Comparing {

        static final String ENGLISH = """
                ---
                title: Adding
                ---
                We add two numbers.

                ```java
                int sum = 2 + 3; // the sum
                System.out.println(sum);
                ```
                ```output
                5
                ```
                """;

        static String spanish(String translates, String code, String output) {
            return "---\ntitle: Sumar\ntranslates: " + translates + "\n---\nSumamos dos números.\n\n```java\n"
                    + code + "```\n```output\n" + output + "```\n";
        }

        static final String SPANISH_CODE = "// la suma,\n// en dos líneas\nint sum = 2 + 3;\nSystem.out.println(sum);\n";

        private final Chapter english = Chapter.parse("en/01-adding.md", ENGLISH);
        private final String revision = Editions.listingsRevision(english);

        @Test
        @DisplayName("a faithful translation, comments translated, agrees")
        void agree() {
            Chapter translation = Chapter.parse("es/01-adding.md", spanish(revision, SPANISH_CODE, "5\n"));
            assertEquals(List.of(), Editions.differences(english, translation));
        }

        @Test
        @DisplayName("the revision is 12 hex digits and ignores prose and comments, not code or output")
        void revision() {
            assertTrue(revision.matches("[0-9a-f]{12}"), revision);
            String otherProse = ENGLISH.replace("We add two numbers.", "Two numbers are added.").replace("the sum", "sum");
            assertEquals(revision, Editions.listingsRevision(Chapter.parse("en/01-adding.md", otherProse)));
            assertNotEquals(revision, Editions.listingsRevision(Chapter.parse("en/01-adding.md", ENGLISH.replace("2 + 3", "2 + 4"))));
            assertNotEquals(revision, Editions.listingsRevision(Chapter.parse("en/01-adding.md", ENGLISH.replace("5\n```", "6\n```"))));
            assertNotEquals(revision, Editions.listingsRevision(Chapter.parse("en/01-adding.md", ENGLISH.replace("```java", "```java hidden"))));
        }

        @Test
        @DisplayName("different code, output or info string is named, with both versions")
        void differences() {
            Chapter translation = Chapter.parse("es/01-adding.md",
                    spanish(revision, SPANISH_CODE.replace("2 + 3", "3 + 2"), "five\n").replace("```java", "```java hidden"));
            String problems = String.join("\n", Editions.differences(english, translation));
            assertTrue(problems.contains("the info strings differ"), problems);
            assertTrue(problems.contains("the code differs") && problems.contains("3 + 2"), problems);
            assertTrue(problems.contains("the output blocks differ") && problems.contains("five"), problems);
        }

        @Test
        @DisplayName("a missing listing is counted")
        void missingListing() {
            Chapter translation = Chapter.parse("es/01-adding.md", "---\ntranslates: " + revision + "\n---\nNada.\n");
            assertTrue(Editions.differences(english, translation).get(0).contains("has 1 listings but es/01-adding.md has 0"));
        }

        @Test
        @DisplayName("a changed English listing fails the translation until it follows, saying how to update it")
        void staleTranslation() {
            Chapter changedEnglish = Chapter.parse("en/01-adding.md", ENGLISH.replace("2 + 3", "2 + 4").replace("5\n```", "6\n```"));
            String newRevision = Editions.listingsRevision(changedEnglish);
            Chapter oldTranslation = Chapter.parse("es/01-adding.md", spanish(revision, SPANISH_CODE, "5\n"));

            List<String> problems = Editions.differences(changedEnglish, oldTranslation);

            String stamp = problems.get(problems.size() - 1);
            assertTrue(stamp.contains("translates revision " + revision) && stamp.contains("now at " + newRevision)
                    && stamp.contains("set 'translates: " + newRevision + "'"), stamp);
            Chapter followed = Chapter.parse("es/01-adding.md",
                    spanish(newRevision, SPANISH_CODE.replace("2 + 3", "2 + 4"), "6\n"));
            assertEquals(List.of(), Editions.differences(changedEnglish, followed));
        }

        @Test
        @DisplayName("a translation without translates: is told the revision to record")
        void noStamp() {
            Chapter translation = Chapter.parse("es/01-adding.md",
                    spanish(revision, SPANISH_CODE, "5\n").replace("translates: " + revision + "\n", ""));
            List<String> problems = Editions.differences(english, translation);
            assertEquals(1, problems.size());
            assertTrue(problems.get(0).contains("add 'translates: " + revision + "'"), problems.get(0));
        }
    }
}
