package dev.gradbook.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.gradbook.cli.Cli.assertUsageError;
import static dev.gradbook.cli.Cli.gradbook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("gradbook: the one command line")
class GradbookTest {

    /** Every command, with the options its help must list (the options that work today). */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("mnist", List.of("--epochs", "--batch-size", "--seed", "--backend", "--data", "--synthetic",
                        "--verbose", "--dtype", "--plot", "--save-weights", "--diagram")),
                Arguments.of("demo", List.of()),
                Arguments.of("bench", List.of("--quick", "--backends", "--dtypes", "--out", "--min-seconds",
                        "--torch-threads", "--no-torch", "--filter")),
                Arguments.of("bench-epoch", List.of("--data", "--epochs", "--backend", "--dtype", "--torch-threads",
                        "--rounds", "--no-torch", "--out")),
                Arguments.of("bench-foundation", List.of("--quick")),
                Arguments.of("jmh", List.of("JMH-ARGUMENT", "-- -h")),
                Arguments.of("jshell", List.of("JSHELL-ARGUMENT", "-- --help")));
    }

    @Nested
    @DisplayName("help")
    class Help {
        @ParameterizedTest(name = "gradbook {0}")
        @ValueSource(strings = {"help", "--help", "-h", ""})
        @DisplayName("lists every command, with exit status 0 and nothing on stderr")
        void listsEveryCommand(String arg) {
            Cli.Run run = arg.isEmpty() ? gradbook() : gradbook(arg);
            assertEquals(0, run.status(), run.transcript());
            assertEquals("", run.err(), run.transcript());
            assertTrue(run.out().startsWith("Usage: gradbook [OPTIONS] [COMMAND]"), run.transcript());
            commands().forEach(command -> assertTrue(run.out().contains("\n  " + command.get()[0] + " "),
                    command.get()[0] + " is listed\n" + run.transcript()));
            assertTrue(run.out().contains("Exit status:") && run.out().contains("JAVA_OPTS"), run.transcript());
        }

        @ParameterizedTest(name = "gradbook {0} --help")
        @MethodSource("dev.gradbook.cli.GradbookTest#commands")
        @DisplayName("each command's --help exits 0 and lists its options, the shared ones and the exit codes")
        void eachCommand(String command, List<String> options) {
            Cli.Run run = gradbook(command, "--help");
            assertEquals(0, run.status(), run.transcript());
            assertEquals("", run.err(), run.transcript());
            assertTrue(run.out().contains("Usage: gradbook " + command + " ["), run.transcript());
            String text = run.out().replaceAll("\\s+", " "); // as read, whatever the line breaks
            for (String option : options) {
                assertTrue(text.contains(option), option + " is listed\n" + run.transcript());
            }
            for (String shared : List.of("--help", "--version", "--stacktrace", "Exit status:", "2 the command line is wrong")) {
                assertTrue(text.contains(shared), shared + " is listed\n" + run.transcript());
            }
        }

        @Test
        @DisplayName("'gradbook help mnist' shows what 'gradbook mnist --help' shows")
        void helpCommand() {
            Cli.Run help = gradbook("help", "mnist");
            assertEquals(0, help.status(), help.transcript());
            assertEquals(gradbook("mnist", "--help").out(), help.out());
        }

        @Test
        @DisplayName("--version names gradbook and the Java it runs on")
        void version() {
            Cli.Run run = gradbook("--version");
            assertEquals(0, run.status(), run.transcript());
            assertTrue(run.out().startsWith("gradbook ") && run.out().contains("Java " + System.getProperty("java.version")),
                    run.transcript());
        }
    }

    @Nested
    @DisplayName("a wrong command line exits with status 2 and one line on stderr")
    class UsageErrors {
        @Test
        @DisplayName("an unknown command lists the commands")
        void unknownCommand() {
            assertUsageError(gradbook("nosuch"), "gradbook: unknown command 'nosuch'", "the commands are help, mnist,"
                    + " demo, bench, bench-epoch, bench-foundation, jmh, jshell", "gradbook --help");
        }

        @Test
        @DisplayName("a misspelt command suggests the one it resembles")
        void misspeltCommand() {
            assertUsageError(gradbook("mnsit"), "unknown command 'mnsit'; did you mean mnist?");
        }

        @Test
        @DisplayName("'help' of an unknown command names it")
        void helpOfUnknownCommand() {
            assertUsageError(gradbook("help", "nosuch"), "nosuch");
        }

        @Test
        @DisplayName("an unknown option names itself and the command's help, and suggests a close option")
        void unknownOption() {
            assertUsageError(gradbook("demo", "--fast"), "gradbook demo: Unknown option: '--fast'",
                    "see 'gradbook demo --help'");
            assertUsageError(gradbook("mnist", "--epoch", "3"), "Unknown options: '--epoch', '3'",
                    "did you mean --epochs?");
        }

        @Test
        @DisplayName("an argument a command does not take is refused")
        void strayArgument() {
            assertUsageError(gradbook("demo", "extra"), "gradbook demo: Unmatched argument", "'extra'");
        }
    }
}
