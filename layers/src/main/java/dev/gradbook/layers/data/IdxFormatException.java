package dev.gradbook.layers.data;

import java.io.IOException;
import java.util.Objects;

/**
 * A data file could be read, but its bytes are not what the format promises.
 *
 * <p>Every reader in this package throws this one type for bad <em>content</em>: a wrong magic
 * number, a header whose dimensions do not match the data behind it, a corrupt gzip stream, image
 * and label files that disagree on how many examples there are, a label outside 0..9. Problems
 * with the file system itself (a missing file, no permission) stay ordinary {@link IOException}s
 * such as {@link java.nio.file.NoSuchFileException}, so a caller can tell "fix the file" from "fix
 * the path".
 *
 * <p>It is a checked exception on purpose: reading a file can always fail, and Java makes the
 * caller decide what to do about it. The message always has the form
 * {@code <source>: <problem>}, where the source is the file name (or {@code "stream"} when the
 * data came from an anonymous {@link java.io.InputStream}), and the problem says what was
 * expected, what was found and, where we can guess, how to fix it:
 *
 * <pre>
 * train-images-idx3-ubyte.gz: truncated IDX data: header promises 8000×28×28 = 6272000 bytes
 * but only 1000 were present
 * </pre>
 */
public class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file, resource or {@code "stream"} the bad content came from. */
    private final String source;
    /** What is wrong, without the source in front. */
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param source  the file name, or {@code "stream"}; it starts the message
     * @param problem what is wrong, what was expected and what was found
     */
    public IdxFormatException(String source, String problem) {
        this(source, problem, null);
    }

    /**
     * Creates the exception with the lower-level exception that revealed the problem, for example
     * the {@link java.util.zip.ZipException} of a corrupt gzip stream.
     *
     * @param source  the file name, or {@code "stream"}; it starts the message
     * @param problem what is wrong, what was expected and what was found
     * @param cause   the exception that revealed the problem, or {@code null}
     */
    public IdxFormatException(String source, String problem, Throwable cause) {
        super(Objects.requireNonNull(source, "IdxFormatException: source is null") + ": "
                + Objects.requireNonNull(problem, "IdxFormatException: problem is null"), cause);
        this.source = source;
        this.problem = problem;
    }

    /**
     * The file (or {@code "stream"}) whose content is wrong.
     *
     * @return the source named at the start of the message
     */
    public String source() {
        return source;
    }

    /**
     * The problem alone, without the source in front.
     *
     * @return what is wrong, what was expected and what was found
     */
    public String problem() {
        return problem;
    }
}
