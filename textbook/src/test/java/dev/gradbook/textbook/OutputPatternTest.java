package dev.gradbook.textbook;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("OutputPattern: what an output block promises, and how bless re-records it")
class OutputPatternTest {

    private static boolean matches(String expected, String actual) {
        return OutputPattern.of(expected).matches(actual);
    }

    @Nested
    @DisplayName("matching")
    class Matching {

        @Test
        @DisplayName("plain lines must be equal; trailing spaces and trailing blank lines do not count")
        void plainLines() {
            assertTrue(matches("a\nb\n", "a  \nb\n\n\n"));
            assertTrue(matches("a\r\nb", "a\nb\n"));
            assertFalse(matches("a\nb\n", "a\nc\n"));
            assertFalse(matches("a\n\nb\n", "a\nb\n"), "a blank line inside the output counts");
            assertFalse(matches(" a\n", "a\n"), "leading spaces count");
        }

        @Test
        @DisplayName("'...' matches any run of lines, none included")
        void anyLines() {
            assertTrue(matches("start\n...\nend\n", "start\nend\n"));
            assertTrue(matches("start\n...\nend\n", "start\n1\n2\n3\nend\n"));
            assertTrue(matches("...\n", "anything\nat all\n"));
            assertTrue(matches("...\n", ""));
            assertFalse(matches("start\n...\nend\n", "start\n1\n"));
            assertTrue(matches("a\n...\nb\n...\nc\n", "a\nx\nb\ny\nb\nc\n"), "backtracks to the right 'b'");
        }

        @Test
        @DisplayName("~N matches a number within one unit of N's last digit; the rest of the line is exact")
        void tolerantNumbers() {
            assertTrue(matches("loss ~0.123\n", "loss 0.12349\n"));
            assertTrue(matches("loss ~0.123\n", "loss 0.122\n"));
            assertTrue(matches("loss ~0.123\n", "loss 0.124\n"));
            assertFalse(matches("loss ~0.123\n", "loss 0.1251\n"));
            assertFalse(matches("loss ~0.123\n", "gain 0.123\n"));
            assertTrue(matches("~12 ms, ~-0.5\n", "11 ms, -0.46\n"));
            assertTrue(matches("tiny ~0.00001\n", "tiny 1.0E-5\n"), "Java's E notation is read as a number");
            assertFalse(matches("x ~1.5\n", "x NaN\n"));
        }

        @Test
        @DisplayName("a number without ~ is plain text")
        void untildedNumbersAreExact() {
            assertFalse(matches("0.123\n", "0.1234\n"));
        }
    }

    @Nested
    @DisplayName("blessing")
    class Blessing {

        @Test
        @DisplayName("a block that still matches is returned unchanged, tildes and dots included")
        void unchangedWhenMatching() {
            String block = "start\n...\nloss ~0.12\n";
            assertSame(block, OutputPattern.of(block).bless("start\n9 ms\nloss 0.1234\n"));
        }

        @Test
        @DisplayName("a changed line is re-recorded in place")
        void changedLine() {
            assertEquals("a\nB\nc\n", OutputPattern.of("a\nb\nc\n").bless("a\nB\nc\n"));
        }

        @Test
        @DisplayName("new and vanished lines are recorded; a block that was empty gets the whole output")
        void insertedAndDeleted() {
            assertEquals("a\nb\nc\n", OutputPattern.of("a\nc\n").bless("a\nb\nc\n"));
            assertEquals("a\nc\n", OutputPattern.of("a\nb\nc\n").bless("a\nc\n"));
            assertEquals("x\ny\n", OutputPattern.of("").bless("x\ny\n"));
        }

        @Test
        @DisplayName("'...' lines stay, and keep absorbing what changes around them")
        void keepsAnyLines() {
            String blessed = OutputPattern.of("start\n...\nend\n").bless("begin\n3 ms\n4 ms\nend\n");
            assertEquals("begin\n...\nend\n", blessed);
            assertTrue(OutputPattern.of(blessed).matches("begin\n3 ms\n4 ms\nend\n"));
        }

        @Test
        @DisplayName("a line that changed after a '...' is re-recorded rather than swallowed")
        void changedLineAfterAnyLines() {
            assertEquals("a\n...\nc\n", OutputPattern.of("a\n...\nb\n").bless("a\nx\ny\nc\n"));
        }

        @Test
        @DisplayName("tolerant numbers keep their tilde and their precision")
        void keepsTolerantNumbers() {
            String blessed = OutputPattern.of("step 1 loss ~0.50\nstep 2 loss ~0.25\n")
                    .bless("step 1 loss 0.61234\nstep 2 loss 0.2501\n");
            assertEquals("step 1 loss ~0.61\nstep 2 loss ~0.25\n", blessed);
        }

        @Test
        @DisplayName("a tolerant line whose text changed is recorded as printed")
        void tolerantLineWithNewText() {
            assertEquals("gain 0.5\n", OutputPattern.of("loss ~0.50\n").bless("gain 0.5\n"));
        }
    }
}
