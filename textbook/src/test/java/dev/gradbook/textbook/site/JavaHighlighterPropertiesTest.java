package dev.gradbook.textbook.site;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The highlighter's one promise for any input, checked on random text made of the characters
 * that matter to it (quotes, slashes, stars, backslashes, line breaks, the HTML specials) mixed
 * with letters and digits, so that strings, comments and numbers open and close everywhere.
 */
@Label("JavaHighlighter: properties")
class JavaHighlighterPropertiesTest {

    @Property(tries = 1000)
    @Label("the text a browser shows is exactly the code it was given, whatever the code")
    void shownTextIsTheCode(@ForAll @StringLength(max = 80)
                            @Chars({'"', '\'', '/', '*', '\\', '\n', '<', '>', '&', '@', '.', ' ', '_', '-', '+'})
                            @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9') String code) {
        assertEquals(code, JavaHighlighterTest.shownText(JavaHighlighter.toHtml(code)));
    }
}
