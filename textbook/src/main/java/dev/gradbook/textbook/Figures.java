package dev.gradbook.textbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes the book's figures: the text a {@code figure=} listing prints (DOT for graphs), and,
 * where Graphviz is installed, the SVG that {@code dot} draws from it.
 *
 * <p>The text is the source of truth and is compared by the listing tests; the SVG is derived,
 * rendered only on machines with Graphviz ({@code graphviz} on Debian), and not compared, since
 * each Graphviz version lays a picture out a little differently.
 */
final class Figures {

    private Figures() {
    }

    /**
     * Writes a figure if its content changed, and its SVG if it is DOT and {@code dot} exists.
     *
     * @param file    the figure file under {@code figures/}
     * @param content its new content
     * @return a line describing what was written, or empty if nothing changed (an SVG that cannot
     *         be rendered because Graphviz is missing is reported only when the figure changed)
     */
    static Optional<String> write(Path file, String content) {
        try {
            boolean changed = !Files.exists(file)
                    || !OutputPattern.normalize(Files.readString(file, StandardCharsets.UTF_8)).equals(content);
            if (changed) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            }
            String name = file.getFileName().toString();
            Path svg = file.resolveSibling(name.replaceFirst("\\.dot$", ".svg"));
            boolean needsSvg = name.endsWith(".dot") && (changed || !Files.exists(svg));
            String svgNote = needsSvg ? renderSvg(file, svg) : "";
            if (svgNote == null) {
                svgNote = changed ? "; no SVG: Graphviz's dot is not installed (Debian: apt-get install graphviz)" : "";
            }
            if (!changed && svgNote.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("figure " + name + (changed ? " written" : " unchanged") + svgNote);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figure " + file, e);
        }
    }

    /** Renders a DOT file to SVG with Graphviz; says what happened, or returns null without Graphviz. */
    private static String renderSvg(Path dotFile, Path svg) {
        try {
            Process dot = new ProcessBuilder("dot", "-Tsvg", dotFile.toString(), "-o", svg.toString())
                    .redirectErrorStream(true).start();
            String messages = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!dot.waitFor(60, TimeUnit.SECONDS) || dot.exitValue() != 0) {
                return "; dot failed to render " + svg.getFileName() + ": " + messages.strip();
            }
            return "; " + svg.getFileName() + " rendered by Graphviz";
        } catch (IOException e) {
            return null;                                     // no Graphviz here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "; SVG rendering interrupted";
        }
    }
}
