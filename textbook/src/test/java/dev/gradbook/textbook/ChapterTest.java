package dev.gradbook.textbook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Chapter: a chapter file read as front matter and listings")
class ChapterTest {

    @Nested
    @DisplayName("info strings")
    class InfoStrings {

        @Test
        @DisplayName("a language, then key=value, key=\"quoted value\" and flags")
        void attributes() {
            InfoString info = InfoString.parse("java expect=throws:IllegalArgumentException hidden");
            assertEquals("java", info.language());
            assertEquals("IllegalArgumentException", info.expectedException());
            assertTrue(info.isHidden());
            assertEquals("needs PyTorch, absent here", InfoString.parse("java norun=\"needs PyTorch, absent here\"").noRunReason());
            assertEquals("01-neuron.dot", InfoString.parse("java figure=01-neuron.dot").figure());
            assertTrue(InfoString.parse("output").isOutput());
            assertEquals(Map.of(), InfoString.parse("").attributes());
        }

        @Test
        @DisplayName("a java listing's typo, an unknown expect, an empty reason or an unclosed quote is an error")
        void mistakes() {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> InfoString.parse("java norn=\"x\""))
                    .getMessage().contains("unknown attribute 'norn'"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> InfoString.parse("java expect=fails"))
                    .getMessage().contains("expect=throws:ExceptionClass"));
            assertThrows(IllegalArgumentException.class, () -> InfoString.parse("java norun=\"\""));
            assertThrows(IllegalArgumentException.class, () -> InfoString.parse("java norun=\"never closed"));
            assertThrows(IllegalArgumentException.class, () -> InfoString.parse("java hidden hidden"));
            assertThrows(IllegalArgumentException.class, () -> InfoString.parse("java figure=../up.dot"));
        }

        @Test
        @DisplayName("other languages may carry any attributes: they are not listings")
        void otherLanguages() {
            assertFalse(InfoString.parse("python norun=\"needs torch\" anything=goes").isJava());
        }
    }

    @Nested
    @DisplayName("parsing")
    class Parsing {

        static final String TEXT = """
                ---
                title: Two listings
                translates: 0123456789ab
                ---
                Some prose.

                ```java
                int a = 1;
                ```
                ```output
                1
                ```

                - in a list:

                  ```java hidden
                  int b = 2;
                  ```

                ```python
                print("not a listing")
                ```
                """;

        @Test
        @DisplayName("reads the front matter, the java listings with their lines, and pairs each with its output")
        void listings() {
            Chapter chapter = Chapter.parse("es/01-two.md", TEXT);

            assertEquals("Two listings", chapter.frontMatter("title", null));
            assertEquals("0123456789ab", chapter.frontMatter(Editions.TRANSLATES, null));
            assertEquals("es", chapter.edition());
            assertEquals("01-two.md", chapter.fileName());
            List<Listing> listings = chapter.listings();
            assertEquals(2, listings.size());
            Listing first = listings.get(0);
            assertEquals(1, first.number());
            assertEquals(7, first.line());
            assertEquals(9, first.endLine());
            assertEquals("int a = 1;\n", first.code());
            assertEquals(new Listing.OutputBlock("1\n", 10, 12), first.output());
            assertEquals("es/01-two.md listing 1 (line 7)", first.displayName());
            Listing second = listings.get(1);
            assertTrue(second.info().isHidden());
            assertEquals(16, second.line());
            assertNull(second.output());
        }

        @Test
        @DisplayName("an output block must sit right under a java listing")
        void strayOutput() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Chapter.parse("en/x.md", "Text.\n\n```output\n1\n```\n"));
            assertTrue(error.getMessage().startsWith("en/x.md line 3:"), error.getMessage());
        }

        @Test
        @DisplayName("an unclosed listing is an error naming its line, not a listing that swallows the chapter")
        void unclosed() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Chapter.parse("en/x.md", "Text.\n\n```java\nint a = 1;\n"));
            assertTrue(error.getMessage().contains("line 3") && error.getMessage().contains("never closed"),
                    error.getMessage());
        }

        @Test
        @DisplayName("a malformed info string names the file and line")
        void badInfo() {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> Chapter.parse("en/x.md", "```java nrun=\"x\"\n1;\n```\n"));
            assertTrue(error.getMessage().startsWith("en/x.md line 1: "), error.getMessage());
        }
    }

    @Nested
    @DisplayName("comments, for comparing editions")
    class Comments {

        @Test
        @DisplayName("line and block comments go; strings, characters and text blocks that look like comments stay")
        void stripped() {
            String code = """
                    int a = 1; // one
                    /* a block
                       comment */ int b = 2;
                    String s = "// not a comment /* nor this */";
                    char q = '"'; String t = "\\" // still a string";
                    String block = \"""
                        // inside a text block
                        \""";
                    """;
            String expected = """
                    int a = 1;
                     int b = 2;
                    String s = "// not a comment /* nor this */";
                    char q = '"'; String t = "\\" // still a string";
                    String block = \"""
                        // inside a text block
                        \""";
                    """;
            assertEquals(expected, JavaComments.codeOnly(code));
        }

        @Test
        @DisplayName("a comment translated on more lines, or moved to its own line, makes no difference")
        void translatedComments() {
            String english = "// the gradient\nScalar y = x.mul(2); // twice x\n";
            String spanish = "// el gradiente,\n// en dos líneas\nScalar y = x.mul(2);   // el doble de x\n";
            assertEquals(JavaComments.codeOnly(english), JavaComments.codeOnly(spanish));
        }
    }
}
