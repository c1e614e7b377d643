package dev.gradbook.layers.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that is not a valid safetensors file, or holds something gradbook cannot load (a dtype
 * other than F64/F32, a tensor too large for a Java array). The message names the file and the
 * problem, for example
 * <pre>model.safetensors: "dense/kernel": shape [784, 512] F32 needs 1605632 bytes but data_offsets span 1000</pre>
 *
 * <p>It is an {@link IOException}, so code that loads weights handles "the file is missing" and
 * "the file is broken" in one {@code catch}; catch this type to tell the two apart.
 */
public class SafeTensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Kept as a string: {@link Path} is not serializable, exceptions are. */
    private final String file;
    /** The problem alone, without the file name. */
    private final String problem;

    /**
     * A format problem in {@code file}.
     *
     * @param file    the file being read
     * @param problem what is wrong with it, in words a student can act on
     */
    public SafeTensorsFormatException(Path file, String problem) {
        super(Objects.requireNonNull(file, "SafeTensorsFormatException: file is null") + ": "
                + Objects.requireNonNull(problem, "SafeTensorsFormatException: problem is null"));
        this.file = String.valueOf(file);
        this.problem = problem;
    }

    /**
     * The file that was being read.
     *
     * @return its path, as given to the reader
     */
    public String file() {
        return file;
    }

    /**
     * What is wrong with the file.
     *
     * @return the problem alone, without the file name in front
     */
    public String problem() {
        return problem;
    }
}
