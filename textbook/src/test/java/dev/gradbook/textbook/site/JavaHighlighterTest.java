package dev.gradbook.textbook.site;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("JavaHighlighter: Java source as escaped HTML with a span per keyword, string, number, comment")
class JavaHighlighterTest {

    private static final Pattern SPAN = Pattern.compile("<span class=\"(\\w+)\">(.*?)</span>", Pattern.DOTALL);

    /** The highlighted tokens, as {@code class:text} with the text unescaped. */
    static List<String> tokens(String code) {
        List<String> tokens = new ArrayList<>();
        Matcher span = SPAN.matcher(JavaHighlighter.toHtml(code));
        while (span.find()) {
            tokens.add(span.group(1) + ":" + unescape(span.group(2)));
        }
        return tokens;
    }

    /** What a browser shows: the tags dropped, the character references turned back into characters. */
    static String shownText(String html) {
        return unescape(html.replaceAll("<[^>]*>", ""));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    @Nested
    @DisplayName("the token kinds")
    class Kinds {

        @Test
        @DisplayName("keywords, the literals and var are kw; other names are left plain")
        void keywords() {
            assertEquals(List.of("kw:double", "kw:new", "kw:double", "num:3", "kw:var", "kw:null", "kw:true"),
                    tokens("double[] xs = new double[3]; var doubled = null; boolean_flag = true;"));
        }

        @Test
        @DisplayName("strings, characters and text blocks are str, with their escapes inside")
        void strings() {
            assertEquals(List.of("str:\"a \\\"quoted\\\" word\"", "str:'\\''", "str:'\"'"),
                    tokens("s = \"a \\\"quoted\\\" word\"; c = '\\''; d = '\"';"));
            assertEquals(List.of("kw:var", "str:\"\"\"\n    for \"x\" 42\n    \"\"\""),
                    tokens("var t = \"\"\"\n    for \"x\" 42\n    \"\"\";"));
        }

        @Test
        @DisplayName("numbers in every form Java writes them are num")
        void numbers() {
            assertEquals(List.of("num:42", "num:1e-6", "num:0x1F", "num:0b1010", "num:1_000L", "num:3.5f", "num:.25",
                            "num:2.0E+3", "num:7d"),
                    tokens("f(42, 1e-6, 0x1F, 0b1010, 1_000L, 3.5f, .25, 2.0E+3, 7d)"));
        }

        @Test
        @DisplayName("line and block comments are com; Javadoc too")
        void comments() {
            assertEquals(List.of("com:// one line", "kw:int", "com:/* a\n   block */", "com:/** doc */"),
                    tokens("// one line\nint x; /* a\n   block */ /** doc */"));
        }

        @Test
        @DisplayName("annotations are an")
        void annotations() {
            assertEquals(List.of("an:@Override", "kw:public", "kw:void"), tokens("@Override public void run() {}"));
        }
    }

    @Nested
    @DisplayName("telling the pieces apart")
    class Boundaries {

        @Test
        @DisplayName("a keyword inside a string or a comment stays part of it")
        void keywordsInsideStringsAndComments() {
            assertEquals(List.of("str:\"new int\"", "com:// return 3 while true"),
                    tokens("print(\"new int\"); // return 3 while true"));
        }

        @Test
        @DisplayName("a comment marker inside a string is no comment, a quote inside a comment no string")
        void markersInsideOthers() {
            assertEquals(List.of("str:\"// not a comment\"", "com:/* \"not a string */"),
                    tokens("s = \"// not a comment\"; /* \"not a string */"));
        }

        @Test
        @DisplayName("digits inside names and keywords inside names are not highlighted")
        void namesWithDigitsAndKeywords() {
            assertEquals(List.of(), tokens("h2 = x1 + newValue + classes + interval;"));
        }

        @Test
        @DisplayName("an unclosed string stops at the end of its line; an unclosed comment runs to the end")
        void unclosed() {
            assertEquals(List.of("str:\"open", "kw:int", "com:/* never closed\nint"),
                    tokens("s = \"open\nint y; /* never closed\nint"));
        }
    }

    @Nested
    @DisplayName("escaping")
    class Escaping {

        @Test
        @DisplayName("< > & and quotes are escaped everywhere, inside tokens and out")
        void escapes() {
            String html = JavaHighlighter.toHtml("List<String> a = x < 3 && y > 2 ? \"<b>&\" : '<'; // <script>");
            assertFalse(html.contains("<String>") || html.contains("<b>") || html.contains("<script>"), html);
            assertTrue(html.contains("List&lt;String&gt;"), html);
            assertTrue(html.contains("&amp;&amp;"), html);
            assertTrue(html.contains("<span class=\"str\">&quot;&lt;b&gt;&amp;&quot;</span>"), html);
        }

        @Test
        @DisplayName("the text a browser shows is exactly the code, for a real listing")
        void roundTripOfAListing() {
            String listing = """
                    // f(x) = x² + 3x, an ordinary Java method on doubles
                    double f(double x) {
                        return x * x + 3 * x;
                    }
                    Map<String, List<Integer>> m = new HashMap<>(); // "generic" <T>
                    System.out.printf("h = %.0e%n", 1e-2);
                    """;
            assertEquals(listing, shownText(JavaHighlighter.toHtml(listing)));
        }
    }
}
