package dev.gradbook.exercises.export;

/** The export refused the sources: a region is malformed, or a task has none. The message says where. */
public final class ExportException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem at one line of one file: {@code scalar/Value.java:42: region ex1.2 ...}. */
    ExportException(String file, int line, String problem) {
        super("export: " + file + ":" + line + ": " + problem);
    }

    /** A problem of the sources as a whole. */
    ExportException(String problem) {
        super("export: " + problem);
    }
}
