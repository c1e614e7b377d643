package dev.gradbook.layers.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers only ever see the old complete file or the new complete file,
 * never half of one.
 *
 * <h2>Why</h2>
 * Training for an hour and then crashing (or pressing Ctrl-C) in the middle of saving the weights
 * must not destroy the weights saved an epoch earlier. Writing straight into {@code model.safetensors}
 * would do exactly that: the old bytes are truncated first and the new ones are not all there yet.
 *
 * <h2>How</h2>
 * <ol>
 *   <li>The bytes go to a hidden temporary file in the <em>same directory</em>
 *       ({@code .model.safetensors.3fa9c1d2.tmp}); the same directory matters because a rename is
 *       only atomic within one file system.</li>
 *   <li>The temporary file is flushed to the disk ({@link FileChannel#force(boolean) fsync}) and
 *       closed, so a power cut after the rename cannot leave a renamed but empty file.</li>
 *   <li>It is renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}; where the file
 *       system cannot do that, with a plain replacing move.</li>
 * </ol>
 * If anything fails on the way — the writer throws, the disk is full, the move is refused — the
 * temporary file is deleted and the exception propagates; an existing target is left untouched.
 * (If the target is a symbolic link, the link itself is replaced by the new file.)
 *
 * <h2>A process killed halfway</h2>
 * A process that is killed (or loses power) while writing cannot delete its temporary file. The
 * name says whose it is — {@code .model.safetensors.<pid>.<random>.tmp}, with the writing
 * process's id — so the next save to the same target removes every such file whose process is no
 * longer running, and never one that another live process is still writing.
 */
public final class AtomicFiles {

    /** What to write: receives the stream of the temporary file and writes the whole content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the complete content to {@code out}. Closing {@code out} is neither needed nor
         * harmful: {@link AtomicFiles} flushes and closes the file itself.
         *
         * @param out the (buffered) stream of the temporary file
         * @throws IOException if writing fails; the target is then left untouched
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Atomically replaces (or creates) {@code target} with the bytes {@code content} writes.
     *
     * @param target  the file to create or replace; its directory must exist
     * @param content writes the new content
     * @throws IOException              if the temporary file cannot be created or written, or the
     *                                  move fails; {@code target} is then unchanged and no temporary
     *                                  file is left behind
     * @throws NullPointerException if {@code target} or {@code content} is null
     */
    public static void write(Path target, Content content) throws IOException {
        Objects.requireNonNull(target, "AtomicFiles.write: target is null");
        Objects.requireNonNull(content, "AtomicFiles.write: content is null");
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || absolute.getFileName() == null) {
            throw new IOException("atomic write: " + target + " names no file inside a directory");
        }
        String fileName = absolute.getFileName().toString();
        removeStaleTemporaries(directory, fileName);
        Path temp = directory.resolve(temporaryName(fileName));
        // CREATE_NEW rather than Files.createTempFile: the latter makes the file owner-only
        // (rw-------), and after the rename the saved weights would silently keep that mode.
        // Opened outside the try below so that a failure here never deletes a file we did not make.
        FileChannel opened;
        try {
            opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) { // its message would name the hidden temporary file, not the user's
            throw new IOException("cannot write " + absolute + ": " + reason(e), e);
        }
        try {
            try (FileChannel channel = opened) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new KeepOpen(buffered));
                buffered.flush();
                channel.force(true);
            }
            try {
                try {
                    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new IOException("cannot replace " + absolute + ": " + reason(e), e);
            }
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        syncDirectory(directory);
    }

    /**
     * Atomically replaces (or creates) {@code target} with {@code bytes}.
     *
     * @param target the file to create or replace; its directory must exist
     * @param bytes  the complete new content
     * @throws IOException as {@link #write(Path, Content)}
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "AtomicFiles.write: bytes is null"); // the lambda reads it later
        write(target, out -> out.write(bytes));
    }

    /** {@code .name.<pid>.<16 hex digits>.tmp}: hidden, recognisable, whose, and unlikely to collide. */
    private static String temporaryName(String fileName) {
        return "." + fileName + "." + ProcessHandle.current().pid() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp";
    }

    /**
     * Deletes the temporary files of earlier writes to {@code fileName} whose process has died (killed
     * halfway through a save). Best effort: a file that cannot be listed or deleted is left alone.
     */
    private static void removeStaleTemporaries(Path directory, String fileName) {
        removeStaleTemporaries(directory, fileName::equals);
    }

    /**
     * Deletes, in {@code directory}, the temporary files that a write to a target named as
     * {@code targetNames} accepts left behind when its process died. A writer whose targets change
     * name (a checkpoint per epoch: {@code weights-06.safetensors}) calls this once before it starts,
     * since no later write to the same name would clean up after the killed one. Temporary files of
     * live processes, and of targets {@code targetNames} refuses, are never touched. Best effort: a
     * file that cannot be listed or deleted is left alone.
     *
     * @param directory   the folder the targets are written to
     * @param targetNames which target file names (without folder) are the caller's
     */
    public static void removeStaleTemporaries(Path directory, java.util.function.Predicate<String> targetNames) {
        Objects.requireNonNull(directory, "AtomicFiles.removeStaleTemporaries: directory is null");
        Objects.requireNonNull(targetNames, "AtomicFiles.removeStaleTemporaries: targetNames is null");
        try (var entries = Files.newDirectoryStream(directory, ".*.tmp")) {
            for (Path entry : entries) {
                java.util.regex.Matcher m = TEMPORARY.matcher(entry.getFileName().toString());
                if (m.matches() && targetNames.test(m.group(1)) && !isRunning(Long.parseLong(m.group(2)))) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: leftovers are harmless, and the save itself must not fail because of them
        }
    }

    /** A name {@link #temporaryName} makes: the target's name, the writer's pid, 16 hex digits. */
    private static final java.util.regex.Pattern TEMPORARY =
            java.util.regex.Pattern.compile("\\.(.+)\\.(\\d+)\\.[0-9a-f]{16}\\.tmp");

    private static boolean isRunning(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }


    /** What went wrong, in words: the exception's own message, or its kind when it has none. */
    private static String reason(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e instanceof java.nio.file.NoSuchFileException ? "the folder does not exist"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e.getMessage() != null ? e.getMessage() : kind;
    }

    /**
     * Makes the rename itself durable by syncing the directory entry. Only some platforms (Linux,
     * macOS) allow opening a directory for that; elsewhere the rename is still atomic, just not
     * yet guaranteed on disk, so failure here is not an error.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    /** Lets a writer call close() (as some libraries do) without closing the file too early. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
