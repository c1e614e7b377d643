package dev.gradbook.cli;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./gradbook} launcher script, run for real: a copy of it in a folder whose class-path
 * file holds this test's class path and whose build stamp is fresh, so it starts the command line
 * at once instead of building (the folder has no sources that could be newer).
 */
@DisplayName("The ./gradbook launcher")
class LauncherTest {

    /** The script, from the repository root (the cli module's parent). */
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("gradbook");

    private record Run(int status, String output) {
    }

    private static Run launch(Path root, String javaOpts, String... args) throws IOException, InterruptedException {
        Files.copy(SCRIPT, root.resolve("gradbook"));
        Path launcher = Files.createDirectories(root.resolve("target/gradbook-launcher"));
        Files.writeString(launcher.resolve("classpath"), System.getProperty("java.class.path") + "\n");
        Files.writeString(launcher.resolve("built"), "");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of("bash", root.resolve("gradbook").toString())));
        builder.command().addAll(List.of(args));
        builder.environment().put("JAVA_OPTS", javaOpts);
        // The java the tests run on, first on the PATH: the script calls plain `java`.
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH"));
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    @Test
    @DisplayName("starts the JVM with the serial collector (the main job then stays near 250 MiB)")
    void serialByDefault(@TempDir Path root) throws Exception {
        Run run = launch(root, "-XX:+PrintCommandLineFlags", "--version");
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("-XX:+UseSerialGC"), run.output());
    }

    @Test
    @DisplayName("leaves the collector to JAVA_OPTS when it names one (two would stop the JVM from starting)")
    void javaOptsChooses(@TempDir Path root) throws Exception {
        Run run = launch(root, "-XX:+UseParallelGC -XX:+PrintCommandLineFlags", "--version");
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("-XX:+UseParallelGC"), run.output());
        assertFalse(run.output().contains("-XX:+UseSerialGC"), run.output());
    }
}
