package dev.gradbook.layers.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions about error messages, which in gradbook are part of the lesson. */
final class Messages {

    private Messages() {
    }

    /** The message contains every one of {@code parts}; on failure, shows the whole message. */
    static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message != null && message.contains(part),
                    () -> "expected the message to mention \"" + part + "\" but it was: "
                            + message);
        }
    }

    static void assertStartsWith(String message, String prefix) {
        assertTrue(message != null && message.startsWith(prefix),
                () -> "expected the message to start with \"" + prefix + "\" but it was: "
                        + message);
    }
}
