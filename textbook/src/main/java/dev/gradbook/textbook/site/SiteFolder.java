package dev.gradbook.textbook.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Puts a whole site in place at once, so a reader never finds half a site and a failed rendering
 * never destroys the last good one.
 *
 * <p>The site is written into a fresh hidden folder beside the target ({@code .book.rendering-…}),
 * only when the writer has finished does the old site move aside and the new one move into its
 * place, two renames within one folder, then the old one is deleted. If the writer fails, its
 * folder is deleted and the target is untouched.
 *
 * <p>Replacing a folder deletes what was in it, so the target must be new, empty, or a site
 * written here before (it holds {@link BookSite#MARKER}); anything else is refused, so that
 * {@code --out ~} cannot delete a home folder.
 */
final class SiteFolder {

    /** Writes the files of a site into a folder. */
    @FunctionalInterface
    interface Writer {
        void writeInto(Path folder) throws IOException;
    }

    private SiteFolder() {
    }

    /**
     * Writes a site with {@code writer} and puts it at {@code target}.
     *
     * @param target the site's folder, absolute
     * @param writer writes every file of the site into the folder it is given
     * @throws IllegalArgumentException if the target is a file, or a folder that is neither empty
     *                                  nor an earlier site
     */
    static void replace(Path target, Writer writer) {
        checkReplaceable(target);
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path fresh = createFreshFolder(parent, "." + name + ".rendering-");
        try {
            writer.writeInto(fresh);
        } catch (IOException e) {
            deleteQuietly(fresh);
            throw new UncheckedIOException("cannot write the site: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(fresh);
            throw e;
        }
        try {
            if (Files.exists(target)) {
                Path old = parent.resolve("." + name + ".replaced-" + fresh.getFileName().toString().replaceAll(".*\\.rendering-", ""));
                move(target, old);
                try {
                    move(fresh, target);
                } catch (IOException e) {
                    move(old, target); // put the earlier site back before reporting the failure
                    throw e;
                }
                deleteQuietly(old);
            } else {
                move(fresh, target);
            }
        } catch (IOException e) {
            deleteQuietly(fresh);
            throw new UncheckedIOException("cannot move the rendered site into " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new, empty folder {@code prefix + number} in {@code parent}. Not
     * {@code Files.createTempDirectory}: that one is readable by its owner only, and the site
     * should get the usual permissions of a new folder, as if it were made by {@code mkdir}.
     */
    private static Path createFreshFolder(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            for (int attempt = 0; ; attempt++) {
                Path candidate = parent.resolve(prefix + ProcessHandle.current().pid() + "-" + System.nanoTime());
                try {
                    return Files.createDirectory(candidate);
                } catch (FileAlreadyExistsException taken) {
                    if (attempt == 100) {
                        throw taken;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder in " + parent + " to render the site into: " + e.getMessage(), e);
        }
    }

    private static void checkReplaceable(Path target) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException("cannot write the site to " + target + ": it is a file, not a folder;"
                    + " name a folder (it is created if missing)");
        }
        if (Files.isDirectory(target) && !Files.isRegularFile(target.resolve(BookSite.MARKER)) && !isEmpty(target)) {
            throw new IllegalArgumentException("cannot write the site to " + target + ": that folder holds other files"
                    + " and no earlier site (no " + BookSite.MARKER + " file), and rendering replaces the whole folder;"
                    + " name a new or empty folder");
        }
        if (target.getParent() == null) {
            throw new IllegalArgumentException("cannot write the site to " + target + ", the root of the file system;"
                    + " name a folder inside it");
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to); // same folder, so this is a rename anyway on every common file system
        }
    }

    /** Deletes a folder and everything in it, as far as it can: a leftover is harmless, a second error is not helpful. */
    static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    try {
                        Files.delete(dir);
                    } catch (DirectoryNotEmptyException ignored) {
                        // a file that could not be deleted stays, and with it its folder
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort, see above
        }
    }
}
