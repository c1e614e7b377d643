package dev.gradbook.exercises.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code ./gradbook exercises install}: puts the gradbook jars that the exported starter depends on into a
 * local Maven repository ({@code ~/.m2/repository} unless told otherwise), where the starter's
 * {@code pom.xml} finds them.
 *
 * <p>It does what {@code mvn install} does for these modules, without rebuilding or testing them:
 * it copies each module's {@code pom.xml} and its built jar from {@code target/} (the
 * {@code ./gradbook} launcher builds them before any command runs) to the repository's layout,
 * {@code dev/gradbook/ARTIFACT/VERSION/ARTIFACT-VERSION.jar}, together with the parent pom they
 * inherit from. The solutions (the exercises module) are not installed.
 */
public final class Install {

    /** The modules the starter needs, by directory under gradbook's root; "" is the parent pom. */
    static final List<String> MODULES = List.of("", "autograd", "backends/naive", "backends/conformance", "layers");

    private Install() {
    }

    /** The user's local Maven repository: {@code maven.repo.local}, else {@code ~/.m2/repository}. */
    public static Path defaultRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * Installs the starter's gradbook artifacts from the gradbook checkout at {@code home}.
     *
     * @return the files written, in order
     * @throws NullPointerException if an argument is null
     * @throws IllegalStateException when a jar has not been built yet
     * @throws UncheckedIOException  when copying fails
     */
    public static List<Path> install(Path home, Path repository) {
        Objects.requireNonNull(home, "Install.install: home is null");
        Objects.requireNonNull(repository, "Install.install: repository is null");
        String version = Export.versions().getProperty("gradbook.version");
        List<Path> written = new ArrayList<>();
        try {
            for (String module : MODULES) {
                Path pom = home.resolve(module).resolve("pom.xml");
                if (!Files.isRegularFile(pom)) {
                    throw new IllegalStateException("install: " + pom + " does not exist; is " + home
                            + " a gradbook checkout?");
                }
                String artifact = artifactId(Files.readString(pom), pom);
                Path dir = repository.resolve("dev/gradbook").resolve(artifact).resolve(version);
                Files.createDirectories(dir);
                String base = artifact + "-" + version;
                written.add(Files.copy(pom, dir.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING));
                if (!module.isEmpty()) {
                    Path jar = home.resolve(module).resolve("target").resolve(base + ".jar");
                    if (!Files.isRegularFile(jar)) {
                        throw new IllegalStateException("install: " + jar + " has not been built; run ./gradbook (which"
                                + " builds gradbook) or mvn -DskipTests package in " + home + " first");
                    }
                    written.add(Files.copy(jar, dir.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("install: cannot copy into " + repository + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** The project's own artifactId: the first one after the parent block (if any). */
    static String artifactId(String pom, Path file) {
        int from = pom.contains("</parent>") ? pom.indexOf("</parent>") : 0;
        int start = pom.indexOf("<artifactId>", from);
        int end = pom.indexOf("</artifactId>", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("install: " + file + " names no artifactId");
        }
        return pom.substring(start + "<artifactId>".length(), end).strip();
    }
}
