package dev.gradbook.textbook.site;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A rendered site as the tests read it: every HTML page parsed with jsoup, and the check that
 * every link and every embedded file of every page leads somewhere.
 */
final class RenderedSite {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Path root;
    private final Map<Path, Document> pages = new HashMap<>();

    RenderedSite(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Every {@code .html} file of the site, sorted. */
    List<Path> pageFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".html")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page, parsed once. */
    Document page(String sitePath) {
        return page(root.resolve(sitePath));
    }

    Document page(Path file) {
        return pages.computeIfAbsent(file.toAbsolutePath().normalize(), path -> {
            try {
                return Jsoup.parse(path.toFile(), "UTF-8");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse " + path, e);
            }
        });
    }

    /**
     * Every internal {@code href} and {@code src} of one page that leads nowhere: to no file of the
     * site, out of the site, or to an {@code #anchor} that no element of the target page has as its
     * id. Also every embedded resource (stylesheet, image, script) that would be fetched from the
     * network.
     *
     * @return one line per problem; empty when every link resolves
     */
    List<String> brokenLinks(Path pageFile) {
        List<String> problems = new ArrayList<>();
        Document page = page(pageFile);
        String name = root.relativize(pageFile).toString();
        for (Element element : page.select("[href], [src]")) {
            String attribute = element.hasAttr("href") ? "href" : "src";
            String link = element.attr(attribute);
            boolean embedded = !element.tagName().equals("a");
            if (SCHEME.matcher(link).find() || link.startsWith("//")) {
                if (embedded) {
                    problems.add(name + ": <" + element.tagName() + " " + attribute + "=\"" + link
                            + "\"> loads from the network; the site must work offline");
                }
                continue;
            }
            int hash = link.indexOf('#');
            String path = hash < 0 ? link : link.substring(0, hash);
            String fragment = hash < 0 ? null : decode(link.substring(hash + 1));
            Path target = path.isEmpty() ? pageFile : pageFile.getParent().resolve(decode(path)).normalize();
            if (!target.startsWith(root)) {
                problems.add(name + ": " + link + " leads out of the site");
            } else if (!Files.isRegularFile(target)) {
                problems.add(name + ": " + link + " leads to " + root.relativize(target) + ", which is not there");
            } else if (fragment != null && !fragment.isEmpty()) {
                if (!target.toString().endsWith(".html")) {
                    problems.add(name + ": " + link + " has an anchor, but its target is no page");
                } else if (page(target).getElementById(fragment) == null) {
                    problems.add(name + ": " + link + " points at #" + fragment + ", but " + root.relativize(target)
                            + " has no element with that id");
                }
            }
        }
        return problems;
    }

    /** The file a link of a page leads to, its anchor dropped. */
    Path target(Path pageFile, String link) {
        String path = link.replaceFirst("#.*$", "");
        return pageFile.getParent().resolve(decode(path)).normalize();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
