package dev.gradbook.textbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where the book lives on disk: {@code chapters/<edition>/NN-slug.md}, {@code figures/} and
 * {@code glossary.md} under one directory, the {@code textbook/} module.
 *
 * @param root the {@code textbook/} directory
 */
public record Textbook(Path root) {

    /**
     * Checks the root.
     *
     * @throws NullPointerException if {@code root} is null
     */
    public Textbook {
        Objects.requireNonNull(root, "Textbook: root is null");
    }

    /** The source edition; every other edition translates it. */
    public static final String SOURCE_EDITION = "en";
    /** The editions, source first. */
    public static final List<String> EDITIONS = List.of(SOURCE_EDITION, "es");

    /**
     * Finds the book from the working directory: the module directory itself (where Maven runs a
     * module's tests) or the repository root (where {@code ./gradbook} runs). The system property
     * {@code gradbook.textbook} overrides both.
     *
     * @return the book
     * @throws IllegalStateException if neither place has a {@code chapters/} directory
     */
    public static Textbook locate() {
        String configured = System.getProperty("gradbook.textbook");
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of(""), Path.of("textbook"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate.resolve("chapters"))) {
                return new Textbook(candidate.toAbsolutePath().normalize());
            }
        }
        throw new IllegalStateException("cannot find the textbook: no chapters/ directory in "
                + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + "; run from the repository root or textbook/, or set -Dgradbook.textbook=DIR");
    }

    /** The {@code chapters/} directory. */
    public Path chaptersDir() {
        return root.resolve("chapters");
    }

    /** The repository the book belongs to, which {@code quote=} paths start from: the book's parent. */
    public Path repositoryRoot() {
        Path parent = root.toAbsolutePath().getParent();
        return parent == null ? root : parent;
    }

    /** The {@code figures/} directory. */
    public Path figuresDir() {
        return root.resolve("figures");
    }

    /**
     * The chapter files of one edition, in chapter order.
     *
     * @param edition e.g. {@code en}
     * @throws NullPointerException if {@code edition} is null
     * @return the {@code .md} files of {@code chapters/<edition>/}, sorted by name
     */
    public List<Path> chapterFiles(String edition) {
        Objects.requireNonNull(edition, "Textbook.chapterFiles: edition is null");
        Path dir = chaptersDir().resolve(edition);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Every chapter file of every edition, source edition first. */
    public List<Path> allChapterFiles() {
        return EDITIONS.stream().flatMap(edition -> chapterFiles(edition).stream()).toList();
    }

    /**
     * Reads a chapter file.
     *
     * @param file a file under {@link #chaptersDir()}
     * @throws NullPointerException if {@code file} is null
     * @return the chapter
     */
    public Chapter read(Path file) {
        Objects.requireNonNull(file, "Textbook.read: file is null");
        return Chapter.read(chaptersDir(), file.toAbsolutePath().normalize());
    }
}
