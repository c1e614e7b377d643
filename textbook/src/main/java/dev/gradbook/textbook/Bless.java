package dev.gradbook.textbook;

import dev.gradbook.autograd.NullChecks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-records the book's output blocks and figures from a real run of its listings.
 *
 * <p>Outputs are never typed by hand: write a listing, run Bless, read what it printed, and write
 * the prose about it. For every listing that ran as its info string says (completed, or threw
 * the exception it expects), Bless
 *
 * <ul>
 *   <li>rewrites its {@code ```output} block from what it printed, keeping the block's {@code ...}
 *       lines and {@code ~} tolerant numbers (see {@link OutputPattern#bless});</li>
 *   <li>adds an output block under a listing that printed something but had none;</li>
 *   <li>writes a {@code figure=} listing's output to {@code figures/} (and, if Graphviz's
 *       {@code dot} is installed, the SVG beside a {@code .dot} figure).</li>
 * </ul>
 *
 * A listing that does not compile, throws unexpectedly or fails to throw is left as it is and
 * reported; Bless then exits with status 1. It also prints each English chapter's
 * {@link Editions#listingsRevision listings revision}, and says which translations no longer
 * follow it (their {@code translates:} is updated by hand, after the translation is).
 *
 * <p>Run it from the repository root or from {@code textbook/}, with gradbook and its backends on
 * the class path (the JShell that runs the listings uses the same class path):
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CLASSPATH dev.gradbook.textbook.Bless [CHAPTER.md | DIR]...
 * </pre>
 * With no arguments it re-records every chapter of every edition.
 */
public final class Bless {

    private Bless() {
    }

    /**
     * Re-records the chapters named in {@code args} (files or directories; none means all) and
     * exits with the status of {@link #run}.
     *
     * @param args chapter files or directories of chapters
     * @throws NullPointerException if {@code args} or one of its elements is null
     */
    public static void main(String[] args) {
        NullChecks.requireNoNullElements(args, "Bless.main", "args");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Re-records the chapters named in {@code args} and prints what it did: the entry point for
     * a command line ({@code ./gradbook book --bless}).
     *
     * @param args chapter files or directories of chapters; none means every chapter
     * @param out  receives the report
     * @param err  receives a one-line error for bad arguments
     * @return 0 if every listing could be recorded, 1 if some could not, 2 for bad arguments
     * @throws NullPointerException if an argument or an element of {@code args} is null
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        NullChecks.requireNoNullElements(args, "Bless.run", "args");
        Objects.requireNonNull(out, "Bless.run: out is null");
        Objects.requireNonNull(err, "Bless.run: err is null");
        try {
            Textbook book = Textbook.locate();
            List<Path> files = args.length == 0 ? book.allChapterFiles() : chapterFiles(args);
            Report report = bless(book, files, ListingRunner.forThisJvm());
            report.print(out);
            return report.problems().isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("bless: " + e.getMessage());
            return 2;
        }
    }

    /**
     * What a bless run did.
     *
     * @param changes  one line per file written
     * @param problems one message per listing that could not be recorded, or per stale translation
     * @param notes    revisions and other information
     */
    public record Report(List<String> changes, List<String> problems, List<String> notes) {
        /**
         * Checks the lists.
         *
         * @param changes  one line per file written
         * @param problems one message per listing that could not be recorded
         * @param notes    revisions and other information
         * @throws NullPointerException if a list or one of its elements is null
         */
        public Report {
            NullChecks.requireNoNullElements(changes, "Bless.Report", "changes");
            NullChecks.requireNoNullElements(problems, "Bless.Report", "problems");
            NullChecks.requireNoNullElements(notes, "Bless.Report", "notes");
        }

        /**
         * Prints the report.
         *
         * @param out where to print it
         */
        public void print(PrintStream out) {
            Objects.requireNonNull(out, "Bless.Report.print: out is null");
            changes.forEach(change -> out.println("bless: " + change));
            notes.forEach(note -> out.println("bless: " + note));
            problems.forEach(problem -> out.println("bless: NOT RECORDED: " + problem));
            if (changes.isEmpty() && problems.isEmpty()) {
                out.println("bless: every output block and figure is already up to date");
            }
        }
    }

    /**
     * Runs and re-records chapters.
     *
     * @param book   the book (for its figures directory and its editions)
     * @param files  the chapter files to re-record
     * @param runner runs the listings
     * @return what changed and what could not be recorded
     * @throws NullPointerException if an argument or one of the files is null
     */
    public static Report bless(Textbook book, List<Path> files, ListingRunner runner) {
        Objects.requireNonNull(book, "Bless.bless: book is null");
        NullChecks.requireNoNullElements(files, "Bless.bless", "files");
        Objects.requireNonNull(runner, "Bless.bless: runner is null");
        List<String> changes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path file : files) {
            Chapter chapter = book.read(file);
            List<ListingResult> results = runner.run(chapter);
            String blessed = rewrite(chapter, results, book, problems);
            if (!blessed.equals(chapter.text())) {
                write(file, blessed);
                changes.add(chapter.name() + " re-recorded");
            }
            for (ListingResult result : results) {
                String figure = result.listing().info().figure();
                if (figure != null && isRecordable(result)) {
                    Figures.write(book.figuresDir().resolve(figure), OutputPattern.normalize(result.output()))
                            .ifPresent(changes::add);
                }
            }
        }
        for (Path file : files) {
            Chapter chapter = book.read(file);
            if (chapter.edition().equals(Textbook.SOURCE_EDITION)) {
                notes.add(chapter.name() + " listings revision " + Editions.listingsRevision(chapter));
            } else {
                Path source = book.chaptersDir().resolve(Textbook.SOURCE_EDITION).resolve(chapter.fileName());
                if (Files.exists(source)) {
                    problems.addAll(Editions.differences(book.read(source), chapter));
                }
            }
        }
        return new Report(changes, problems, notes);
    }

    /**
     * A chapter's text with its output blocks re-recorded from {@code results}.
     *
     * @param chapter  the chapter as it was run
     * @param results  its listings' results, in order
     * @param book     the book, for messages
     * @param problems receives a message for each listing that cannot be recorded
     * @return the new text (equal to the old if nothing changed)
     */
    static String rewrite(Chapter chapter, List<ListingResult> results, Textbook book, List<String> problems) {
        List<String> lines = new ArrayList<>(Arrays.asList(chapter.text().split("\n", -1)));
        // Bottom up, so the line numbers of the blocks still to do stay valid.
        for (int k = results.size() - 1; k >= 0; k--) {
            ListingResult result = results.get(k);
            Listing listing = result.listing();
            if (result.outcome() == ListingResult.Outcome.SKIPPED) {
                continue;
            }
            if (!isRecordable(result)) {
                Optional<String> failure = ListingCheck.failure(result, book);
                problems.add(failure.orElse(listing.displayName() + " did not run as its info string says"));
                continue;
            }
            String printed = OutputPattern.normalize(result.output());
            String indent = leadingWhitespace(lines.get(listing.line() - 1)); // a listing inside a list item
            if (listing.output() != null) {
                String content = OutputPattern.of(listing.output().text()).bless(result.output());
                List<String> block = outputBlock(content, indent);
                int from = listing.output().line() - 1;
                int to = listing.output().closeLine();
                if (!lines.subList(from, to).equals(block)) {
                    lines.subList(from, to).clear();
                    lines.addAll(from, block);
                }
            } else if (!printed.isEmpty() && listing.info().figure() == null) {
                lines.addAll(listing.endLine(), outputBlock(printed, indent));
            }
        }
        return String.join("\n", lines);
    }

    /** Whether the listing ran the way its info string says, so that its output can be recorded. */
    private static boolean isRecordable(ListingResult result) {
        String expected = result.listing().info().expectedException();
        return switch (result.outcome()) {
            case COMPLETED -> expected == null;
            case THREW -> expected != null && ListingCheck.sameException(result.thrownClass(), expected);
            default -> false;
        };
    }

    /**
     * The lines of an output block, indented like its listing and fenced with more backticks than
     * any line of it starts with.
     */
    private static List<String> outputBlock(String content, String indent) {
        List<String> body = OutputPattern.normalizedLines(content);
        int longestRun = 2;
        for (String line : body) {
            int run = 0;
            while (run < line.length() && line.charAt(run) == '`') {
                run++;
            }
            longestRun = Math.max(longestRun, run);
        }
        String fence = "`".repeat(longestRun + 1);
        List<String> block = new ArrayList<>();
        block.add(indent + fence + InfoString.OUTPUT);
        body.forEach(line -> block.add(line.isEmpty() ? "" : indent + line));
        block.add(indent + fence);
        return block;
    }

    private static String leadingWhitespace(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    private static List<Path> chapterFiles(String[] args) {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (var stream = Files.walk(path)) {
                    stream.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException(arg + " is neither a chapter file nor a directory of chapters");
            }
        }
        return files;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
