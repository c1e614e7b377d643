package dev.gradbook.textbook;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** The book's files besides its listings: figures, links, glossary. */
@DisplayName("The book's figures, links and glossary")
class BookFilesTest {

    private final Textbook book = Textbook.locate();

    @Nested
    @DisplayName("figures")
    class Figures {

        @Test
        @DisplayName("every figure is drawn by a listing (an SVG by Graphviz from its DOT), so none is drawn by hand")
        void everyFigureHasItsSource() throws IOException {
            Set<String> drawn = new HashSet<>();
            StringBuilder code = new StringBuilder();
            for (Path file : book.chapterFiles(Textbook.SOURCE_EDITION)) {
                for (Listing listing : book.read(file).listings()) {
                    if (listing.info().figure() != null) {
                        drawn.add(listing.info().figure());
                    }
                    code.append(listing.code()).append('\n');
                }
            }
            assertFalse(drawn.isEmpty(), "no listing draws a figure");
            List<String> files;
            try (Stream<Path> listed = Files.list(book.figuresDir())) {
                files = listed.map(path -> path.getFileName().toString()).sorted().toList();
            }
            for (String file : files) {
                // An SVG is either a figure= output itself (ModelDiagram draws SVG) or Graphviz's
                // rendering of a figure= DOT; any other file must be written by a listing's own code.
                String dot = file.replaceFirst("\\.svg$", ".dot");
                boolean fromListing = drawn.contains(file) || drawn.contains(dot)
                        || code.indexOf("\"" + file + "\"") >= 0;
                assertTrue(fromListing, () -> "figures/" + file + " is drawn by no listing;"
                        + " draw it from a listing (and record it with Bless) or delete it");
            }
            for (String figure : drawn) {
                assertTrue(files.contains(figure), () -> "figures/" + figure + " is missing; record it with Bless");
            }
        }

        @Test
        @DisplayName("the autodiff graphs are DOT text, as Scalar.toDot() writes it")
        void graphsAreDot() throws IOException {
            String neuron = Files.readString(book.figuresDir().resolve("01-neuron.dot"));
            assertTrue(neuron.startsWith("digraph \"scalar\" {"), neuron);
        }
    }

    @Nested
    @DisplayName("links and images")
    class Links {

        @TestFactory
        @DisplayName("every relative link and image of every chapter points at a file that exists")
        Stream<DynamicTest> relativeLinksResolve() {
            Parser parser = Parser.builder().build();
            return book.allChapterFiles().stream().map(file -> dynamicTest(book.read(file).name(), file.toUri(), () -> {
                List<String> targets = new ArrayList<>();
                parser.parse(ListingCheck.read(file)).accept(new AbstractVisitor() {
                    @Override
                    public void visit(Link link) {
                        targets.add(link.getDestination());
                        visitChildren(link);
                    }

                    @Override
                    public void visit(Image image) {
                        targets.add(image.getDestination());
                    }
                });
                for (String target : targets) {
                    if (target.contains("://") || target.startsWith("mailto:") || target.startsWith("#")) {
                        continue;
                    }
                    Path resolved = file.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                    assertTrue(Files.exists(resolved), () -> file.getFileName() + " links to " + target
                            + ", but " + resolved + " does not exist");
                }
            }));
        }
    }

    @Nested
    @DisplayName("glossary")
    class Glossary {

        @Test
        @DisplayName("is a table of English terms and their Spanish renderings, each English term once")
        void wellFormed() {
            List<String> rows = ListingCheck.read(book.root().resolve("glossary.md")).lines()
                    .filter(line -> line.startsWith("|"))
                    .skip(2)                                   // the header and its --- line
                    .toList();
            assertTrue(rows.size() >= 20, "the glossary has only " + rows.size() + " terms");
            Set<String> english = new HashSet<>();
            for (String row : rows) {
                String[] cells = row.substring(1, row.lastIndexOf('|')).split("\\|");
                assertEquals(3, cells.length, () -> "a glossary row has English, Spanish and a note: " + row);
                assertFalse(cells[0].isBlank() || cells[1].isBlank(), () -> "a glossary row misses a term: " + row);
                assertTrue(english.add(cells[0].strip().toLowerCase()), () -> "listed twice: " + row);
            }
        }
    }
}
