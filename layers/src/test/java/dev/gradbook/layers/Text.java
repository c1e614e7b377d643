package dev.gradbook.layers;

import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on the text of messages: errors are part of the lesson, so their words are tested. */
public final class Text {
    private Text() {
    }

    /** Fails unless {@code actual} contains every one of {@code parts}, showing the whole text. */
    public static void assertContainsAll(String actual, String... parts) {
        for (String part : parts) {
            if (actual == null || !actual.contains(part)) {
                fail("expected the text to contain \"" + part + "\" but it was:\n" + actual);
            }
        }
    }
}
