package dev.gradbook.textbook.site;

import dev.gradbook.textbook.Textbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A made-up repository with a small book in it, file by file, for tests that need exact control. */
final class SmallBook {
    private final Path repository;

    SmallBook(Path repository) {
        this.repository = repository;
    }

    /** Writes a file, given by its path from the repository root; returns this, to chain. */
    SmallBook file(String path, String text) {
        Path file = repository.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A chapter file {@code textbook/chapters/EDITION/NAME} with a title in its front matter. */
    SmallBook chapter(String edition, String name, String title, String body) {
        return file("textbook/chapters/" + edition + "/" + name, "---\ntitle: " + title + "\n---\n\n" + body);
    }

    /** The book, whose root is {@code textbook/} of the repository. */
    Textbook book() {
        return new Textbook(repository.resolve("textbook"));
    }

    Path repository() {
        return repository;
    }
}
