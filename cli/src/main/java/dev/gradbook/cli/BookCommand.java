package dev.gradbook.cli;

import dev.gradbook.textbook.Bless;
import dev.gradbook.textbook.Chapter;
import dev.gradbook.textbook.ListingCheck;
import dev.gradbook.textbook.ListingResult;
import dev.gradbook.textbook.ListingRunner;
import dev.gradbook.textbook.Textbook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

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
 * {@code gradbook book}: runs the textbook's listings as the build does and reports each one that
 * does not print what the book shows; with {@code --bless}, re-records the output blocks and
 * figures from that run instead ({@link Bless}).
 */
@Command(name = "book",
        header = "Run the textbook's listings; --bless re-records their outputs and figures.",
        description = {
            "Runs every ```java listing of the chapters (all of them, or the files and folders given) in one JShell"
                + " per chapter, as `mvn verify` does, and names each listing that does not print its ```output"
                + " block, with the expected and actual output.",
            "With --bless, rewrites the output blocks and figures from the run instead (keeping `...` lines and"
                + " ~tolerant numbers); read the prose around what changed afterwards."})
final class BookCommand implements Callable<Integer> {
    @ParentCommand
    private Gradbook gradbook;

    @Option(names = "--bless", description = "Re-record the output blocks and figures from this run.")
    boolean bless;

    @Parameters(paramLabel = "CHAPTER", arity = "0..*",
            description = "Chapter files (e.g. textbook/chapters/en/03-tensors.md) or folders; none means the whole book.")
    List<Path> chapters = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream out = gradbook.out();
        Textbook book = locate();
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
