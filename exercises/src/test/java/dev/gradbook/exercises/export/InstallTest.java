package dev.gradbook.exercises.export;

import dev.gradbook.exercises.grading.Course;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The path a student takes, exactly: {@code ./gradbook exercises install} into a Maven repository, then the
 * exported starter's own {@code ./gradbook grade}, which builds it with Maven. The repository is
 * a fresh directory: the gradbook jars come only from the install, everything else (Maven's
 * plugins, JUnit) is linked from the user's repository so that Maven can run offline.
 */
@DisplayName("./gradbook exercises install, then the starter's ./gradbook grade")
class InstallTest {

    private static final Path HOME = ExportTest.MODULE.getParent();
    private static final Path USER_REPOSITORY = Path.of(System.getProperty("user.home"), ".m2", "repository");

    @Test
    @DisplayName("builds and grades the starter with gradbook's jars from the installed repository")
    void studentPath(@TempDir Path starter) throws Exception {
        // Not a @TempDir: JUnit warns about every symbolic link it deletes there.
        Path repository = ExportTest.MODULE.resolve("target/install-test-repository");
        deleteLinksAndFiles(repository);
        String version = Export.versions().getProperty("gradbook.version");
        assumeTrue(Files.isRegularFile(HOME.resolve("autograd/target/gradbook-autograd-" + version + ".jar"))
                && Files.isRegularFile(HOME.resolve("backends/naive/target/gradbook-backend-naive-" + version + ".jar"))
                && Files.isRegularFile(HOME.resolve("backends/conformance/target/gradbook-backend-conformance-" + version
                        + ".jar"))
                && Files.isRegularFile(HOME.resolve("layers/target/gradbook-layers-" + version + ".jar")),
                "the jars are built (mvn package or verify from the root)");
        assumeTrue(Files.isDirectory(USER_REPOSITORY), "a local Maven repository to borrow plugins from");
        linkEverythingButGradbook(repository);

        assertEquals(9, Install.install(HOME, repository).size(), "the parent pom, four poms and four jars");
        assertTrue(Files.isRegularFile(repository.resolve("dev/gradbook/gradbook-autograd/" + version
                + "/gradbook-autograd-" + version + ".jar")));

        Export.export(ExportTest.MODULE, starter, Course.standard(), java.util.Set.of("ex3.1"));
        ProcessBuilder builder = new ProcessBuilder(starter.resolve("gradbook").toString(), "grade", "ex3.1", "ex3.2",
                "--seed", "3").directory(starter.toFile()).redirectErrorStream(true);
        builder.environment().put("GRADBOOK_MAVEN_OPTS", "-o -Dmaven.repo.local=" + repository);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        assertEquals(1, status, output);
        assertTrue(output.contains("ex3.1  strides of a shape, position of an index    3/3     5/5  done"), output);
        assertTrue(output.contains("ex3.2  ravel and unravel                           0/3     0/5  not started"), output);
        assertTrue(Files.exists(starter.resolve("grades/grades.json")), output);
    }

    /** Deletes {@code dir} if present; links are removed, never followed. */
    private static void deleteLinksAndFiles(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A repository of symbolic links to the user's, without dev/gradbook (the only thing install must supply). */
    private static void linkEverythingButGradbook(Path repository) throws IOException {
        Files.createDirectories(repository);
        try (Stream<Path> groups = Files.list(USER_REPOSITORY)) {
            for (Path group : groups.toList()) {
                if (!group.getFileName().toString().equals("dev")) {
                    Files.createSymbolicLink(repository.resolve(group.getFileName()), group);
                }
            }
        }
        Path dev = USER_REPOSITORY.resolve("dev");
        Files.createDirectories(repository.resolve("dev"));
        if (Files.isDirectory(dev)) {
            try (Stream<Path> groups = Files.list(dev)) {
                for (Path group : groups.toList()) {
                    if (!group.getFileName().toString().equals("gradbook")) {
                        Files.createSymbolicLink(repository.resolve("dev").resolve(group.getFileName()), group);
                    }
                }
            }
        }
    }
}
