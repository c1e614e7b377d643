package dev.gradbook.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import jdk.jshell.tool.JavaShellToolBuilder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

import static dev.gradbook.cli.Cli.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("gradbook jmh and jshell: other tools' command lines, passed on")
class PassThroughCommandTest {

    @Nested
    @DisplayName("jmh")
    class Jmh {
        @Test
        @DisplayName("passes every argument to JMH in order, options and their values alike")
        void passesArguments() {
            assertEquals(List.of("MatmulBenchmark", "-p", "backend=simd,ejml", "-wi", "3", "-f", "1", "-prof", "gc"),
                    parsed(JmhCommand.class, "jmh", "MatmulBenchmark", "-p", "backend=simd,ejml", "-wi", "3", "-f",
                            "1", "-prof", "gc").jmhArguments);
        }

        @Test
        @DisplayName("passes JMH's own -h after --, since -h alone is gradbook's help")
        void jmhHelp() {
            assertEquals(List.of("-h"), parsed(JmhCommand.class, "jmh", "--", "-h").jmhArguments);
        }
    }

    @Nested
    @DisplayName("jshell")
    class JShell {
        @Test
        @DisplayName("starts JShell with this JVM's class path and the Vector API, then the user's arguments")
        void arguments() {
            List<String> arguments = parsed(JShellCommand.class, "jshell", "-q", "--startup", "PRINTING").arguments();
            assertEquals(List.of("--class-path", System.getProperty("java.class.path"), "--add-modules",
                    "jdk.incubator.vector", "-R--add-modules=jdk.incubator.vector"), arguments.subList(0, 5));
            assertEquals(List.of("-q", "--startup", "PRINTING"), arguments.subList(arguments.size() - 3,
                    arguments.size()));
        }

        @Test
        @DisplayName("runs snippets that see gradbook's classes, and exits with the status /exit gives")
        void runsSnippets() throws Exception {
            String script = "System.out.println(\"epochs \" + dev.gradbook.layers.examples.SeedLesson.Options.recipe()"
                    + ".epochs())\n/exit 3\n";
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            JavaShellToolBuilder shell = JavaShellToolBuilder.builder()
                    .in(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), null)
                    .out(new PrintStream(output, true, StandardCharsets.UTF_8))
                    .persistence(new HashMap<>()) // leave the user's JShell settings alone
                    .interactiveTerminal(false);

            int status = parsed(JShellCommand.class, "jshell", "-q").start(shell);

            String text = output.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("epochs 20"), text);
            assertEquals(3, status, text);
        }

        @Test
        @DisplayName("passes gradbook's system properties on to the JVM that runs the snippets")
        void systemProperties() {
            String previous = System.getProperty("gradbook.backend");
            System.setProperty("gradbook.backend", "naive");
            try {
                assertTrue(parsed(JShellCommand.class, "jshell").arguments().contains("-R-Dgradbook.backend=naive"));
            } finally {
                if (previous == null) {
                    System.clearProperty("gradbook.backend");
                } else {
                    System.setProperty("gradbook.backend", previous);
                }
            }
        }
    }
}
