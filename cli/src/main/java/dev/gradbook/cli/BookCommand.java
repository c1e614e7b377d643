package dev.gradbook.cli;

import dev.gradbook.textbook.Bless;
import dev.gradbook.textbook.Chapter;
import dev.gradbook.textbook.ListingCheck;
import dev.gradbook.textbook.ListingResult;
import dev.gradbook.textbook.ListingRunner;
import dev.gradbook.textbook.Textbook;
import dev.gradbook.textbook.site.BookSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code gradbook book}: the textbook, three ways.
 *
 * <ul>
 *   <li>{@code book} renders both editions to a static site ({@link BookSite}) in
 *       {@code target/book/} of the checkout, or in {@code --out DIR}, and prints the path of its
 *       {@code index.html}, to open in a browser (from {@code file://}, no server needed).</li>
 *   <li>{@code book --check [CHAPTER...]} runs the listings as the build does and reports each one
 *       that does not print what the book shows.</li>
 *   <li>{@code book --bless [CHAPTER...]} re-records the output blocks and figures from that run
 *       instead ({@link Bless}).</li>
 * </ul>
 * Rendering shows the outputs the chapters hold; it runs no listing. That is {@code --check}'s
 * job (and {@code mvn verify}'s).
 */
@Command(name = "book",
        header = "Render the textbook as a website; --check runs its listings, --bless re-records their outputs.",
        description = {
            "Without options, renders both editions to a static site in target/book/ of the checkout (or --out DIR)"
                + " and prints the path of its index.html: open it in a browser, from the disk, offline. The folder is"
                + " replaced as a whole, and only when the new site is complete.%n",
            "--check runs every ```java listing of the chapters (all of them, or the files and folders given) in one"
                + " JShell per chapter, as `mvn verify` does, and names each listing that does not print its ```output"
                + " block, with the expected and actual output.%n",
            "--bless rewrites the output blocks and figures from such a run instead (keeping `...` lines and"
                + " ~tolerant numbers); read the prose around what changed afterwards."})
final class BookCommand implements Callable<Integer> {
    @ParentCommand
    private Gradbook gradbook;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Render the site into DIR (a new or empty folder, or an earlier site) instead of target/book/.")
    Path outDir;

    @Option(names = "--check", description = "Run the listings and report each one that prints something else.")
    boolean check;

    @Option(names = "--bless", description = "Run the listings and re-record their output blocks and figures.")
    boolean bless;

    @Parameters(paramLabel = "CHAPTER", arity = "0..*",
            description = "With --check or --bless: chapter files (e.g. textbook/chapters/en/03-tensors.md) or folders;"
                    + " none means the whole book.")
    List<Path> chapters = new ArrayList<>();

    @Override
    public Integer call() {
        if (check && bless) {
            throw new ParameterException(spec.commandLine(), "--check and --bless exclude each other: --check only"
                    + " reports, --bless rewrites the outputs");
        }
        if ((check || bless) && outDir != null) {
            throw new ParameterException(spec.commandLine(), "--out is for rendering the site; --check and --bless"
                    + " write no site");
        }
        if (!check && !bless && !chapters.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "chapters are named only with --check or --bless (the site"
                    + " always shows the whole book); did you mean 'book --check " + chapters.get(0) + "'?");
        }
        PrintStream out = gradbook.out();
        Textbook book = locate();
        if (!check && !bless) {
            return render(book, out);
        }
        List<Path> files = chapters.isEmpty() ? book.allChapterFiles() : chapterFiles(chapters);
        ListingRunner runner = ListingRunner.forThisJvm();
        if (bless) {
            Bless.Report report = Bless.bless(book, files, runner);
            report.print(out);
            return report.problems().isEmpty() ? 0 : 1;
        }
        int listings = 0;
        int failed = 0;
        for (Path file : files) {
            Chapter chapter = book.read(file);
            for (ListingResult result : runner.run(chapter)) {
                listings++;
                Optional<String> failure = ListingCheck.failure(result, book);
                if (failure.isPresent()) {
                    failed++;
                    out.println("FAILED " + failure.get());
                }
            }
        }
        out.println("book: " + files.size() + " chapter files, " + listings + " listings, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    /** Renders the site and prints where it is: a summary line, then the index page's path alone on the last line. */
    private int render(Textbook book, PrintStream printed) {
        Path folder = outDir != null ? outDir : defaultSiteFolder();
        BookSite.Report report = BookSite.render(book, folder);
        printed.println("book: " + report.summary() + " in " + report.index().getParent());
        printed.println(report.index());
        return 0;
    }

    /** {@code target/book} of the checkout the launcher runs from, else of the working directory. */
    private static Path defaultSiteFolder() {
        String home = System.getProperty("gradbook.home");
        return (home != null ? Path.of(home) : Path.of("")).resolve("target").resolve("book").toAbsolutePath();
    }

    /** The book of this checkout: the launcher says where the repository is ({@code gradbook.home}). */
    private static Textbook locate() {
        String home = System.getProperty("gradbook.home");
        if (System.getProperty("gradbook.textbook") == null && home != null
                && Files.isDirectory(Path.of(home, "textbook", "chapters"))) {
            System.setProperty("gradbook.textbook", Path.of(home, "textbook").toString());
        }
        return Textbook.locate();
    }

    private static List<Path> chapterFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException(path + " is neither a chapter file nor a folder of chapters");
            }
        }
        return files;
    }
}
