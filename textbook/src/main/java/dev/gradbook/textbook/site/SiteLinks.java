package dev.gradbook.textbook.site;

import dev.gradbook.textbook.Textbook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where every file of the book lives in the site, and what a link written in a chapter becomes.
 *
 * <p>The chapters link the way Markdown on the repository host needs: relative to the chapter's
 * own file ({@code ../../figures/01-neuron.svg}, {@code 02-reverse-mode.md},
 * {@code ../../../autograd/src/main/java/dev/gradbook/autograd/Scalar.java}). The site keeps
 * every such link working, and keeps it inside the site, so the site can be copied anywhere and
 * opened from {@code file://}:
 *
 * <pre>
 * in the repository                          in the site
 * textbook/chapters/en/01-derivatives.md     en/01-derivatives.html         a chapter page
 * textbook/glossary.md                       glossary.html                  a page
 * textbook/figures/01-neuron.svg             figures/01-neuron.svg          copied
 * docs/img/bench.png (any other image)       files/docs/img/bench.png       copied
 * autograd/.../Scalar.java (any other file)  source/autograd/.../Scalar.java.html
 *                                                                           a page showing the file
 * a folder                                   no link: the text stays, marked as a repository path
 * </pre>
 *
 * A link's {@code #anchor} is kept. Links with a scheme ({@code https:}, {@code mailto:}) and
 * links to an anchor of the same page are left as they are. A link to a file that does not exist,
 * or outside the repository, is an error that names the page and the link: a site with a dead
 * link is never written.
 */
public final class SiteLinks {

    /** Files a browser shows as pictures: copied into the site as they are. */
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "svg", "jpg", "jpeg", "gif", "webp");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Textbook book;
    private final Path repository;

    /**
     * The links of one book.
     *
     * @throws NullPointerException if {@code book} is null
     * @param book the book; its parent folder is the repository its links may point into
     */
    public SiteLinks(Textbook book) {
        Objects.requireNonNull(book, "SiteLinks: book is null");
        this.book = book;
        this.repository = book.repositoryRoot().toAbsolutePath().normalize();
    }

    /** How the site serves a file of the repository. */
    public enum Kind {
        /** A page the site renders from Markdown anyway: a chapter or the glossary. */
        PAGE,
        /** A file copied into the site byte for byte: an image. */
        COPY,
        /** A page the site writes to show a text file: source code, a DOT graph, a README. */
        SOURCE_PAGE
    }

    /**
     * A repository file as the site serves it.
     *
     * @param file     the file in the repository, absolute
     * @param sitePath where it is in the site, with {@code /} separators, e.g. {@code figures/01-neuron.svg}
     * @param kind     how the site serves it
     */
    public record SiteFile(Path file, String sitePath, Kind kind) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if a component is null
         */
        public SiteFile {
            Objects.requireNonNull(file, "SiteLinks.SiteFile: file is null");
            Objects.requireNonNull(sitePath, "SiteLinks.SiteFile: sitePath is null");
            Objects.requireNonNull(kind, "SiteLinks.SiteFile: kind is null");
        }
    }

    /**
     * What a link of a page becomes.
     *
     * @param href           the link for the page, relative to it; {@code null} when the link
     *                       cannot be a link in the site (a folder)
     * @param target         the repository file the link needs in the site; {@code null} for an
     *                       external link, an anchor on the same page, or a folder
     * @param repositoryPath for a folder, its path from the repository root, to show instead;
     *                       {@code null} for anything else
     */
    public record Resolved(String href, SiteFile target, String repositoryPath) {
        static Resolved unchanged(String destination) {
            return new Resolved(destination, null, null);
        }
    }

    /**
     * The site path of a chapter page.
     *
     * @param edition  e.g. {@code en}
     * @param fileName the chapter's file name, e.g. {@code 01-derivatives.md}
     * @throws NullPointerException if an argument is null
     * @return e.g. {@code en/01-derivatives.html}
     */
    public static String chapterPage(String edition, String fileName) {
        Objects.requireNonNull(edition, "SiteLinks.chapterPage: edition is null");
        Objects.requireNonNull(fileName, "SiteLinks.chapterPage: fileName is null");
        return edition + "/" + withoutExtension(fileName) + ".html";
    }

    /**
     * The site path of an edition's contents page, e.g. {@code en/index.html}.
     *
     * @throws NullPointerException if {@code edition} is null
     */
    public static String contentsPage(String edition) {
        Objects.requireNonNull(edition, "SiteLinks.contentsPage: edition is null");
        return edition + "/index.html";
    }

    /** The site path of the glossary page. */
    public static final String GLOSSARY_PAGE = "glossary.html";

    /**
     * Resolves a link written in a Markdown file of the book.
     *
     * @param from        the Markdown file the link is written in (a chapter, the glossary)
     * @param fromPage    the site path of the page rendered from it, e.g. {@code en/01-derivatives.html}
     * @param destination the link as written, e.g. {@code ../../figures/01-neuron.svg#top}
     * @return the link for the page
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException naming the file and the link, if it points at a file that
     *                                  does not exist, outside the repository, or from the
     *                                  repository root ({@code /...})
     */
    public Resolved resolve(Path from, String fromPage, String destination) {
        Objects.requireNonNull(from, "SiteLinks.resolve: from is null");
        Objects.requireNonNull(fromPage, "SiteLinks.resolve: fromPage is null");
        Objects.requireNonNull(destination, "SiteLinks.resolve: destination is null");
        if (destination.isEmpty() || destination.startsWith("#") || destination.startsWith("//")
                || SCHEME.matcher(destination).find()) {
            return Resolved.unchanged(destination);
        }
        String where = repository.relativize(from.toAbsolutePath().normalize()).toString().replace('\\', '/');
        if (destination.startsWith("/")) {
            throw new IllegalArgumentException(where + ": the link '" + destination + "' starts at the root;"
                    + " write it relative to " + where + "'s folder, as the repository host reads it");
        }
        int hash = destination.indexOf('#');
        String path = decode(hash < 0 ? destination : destination.substring(0, hash));
        String fragment = hash < 0 ? "" : destination.substring(hash);
        Path file = from.toAbsolutePath().normalize().getParent().resolve(path).normalize();
        if (!file.startsWith(repository)) {
            throw new IllegalArgumentException(where + ": the link '" + destination + "' leads out of the repository ("
                    + file + "); the site can only serve files of the repository " + repository);
        }
        if (Files.isDirectory(file)) {
            return new Resolved(null, null, repositoryPath(file));
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(where + ": the link '" + destination + "' points at " + file
                    + ", which does not exist; fix the link (it is relative to " + where + "'s folder)");
        }
        SiteFile target = siteFileOf(file);
        return new Resolved(relative(fromPage, target.sitePath()) + fragment, target, null);
    }

    /**
     * The site page that shows a repository file, e.g. the file a {@code quote=} listing quotes.
     *
     * @param repositoryPath a path from the repository root, e.g. {@code autograd/src/main/java/dev/gradbook/autograd/Scalar.java}
     * @return how the site serves it
     * @throws NullPointerException if {@code repositoryPath} is null
     * @throws IllegalArgumentException if there is no such file in the repository
     */
    public SiteFile repositoryFile(String repositoryPath) {
        Objects.requireNonNull(repositoryPath, "SiteLinks.repositoryFile: repositoryPath is null");
        Path file = repository.resolve(repositoryPath).normalize();
        if (!file.startsWith(repository) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("there is no file " + repositoryPath + " in the repository " + repository);
        }
        return siteFileOf(file);
    }

    /**
     * Where the site serves a file of the repository (see the table in the class comment).
     *
     * @param file an existing file under the repository root
     * @throws NullPointerException if {@code file} is null
     * @return its place in the site
     */
    public SiteFile siteFileOf(Path file) {
        Objects.requireNonNull(file, "SiteLinks.siteFileOf: file is null");
        Path absolute = file.toAbsolutePath().normalize();
        Path bookRoot = book.root().toAbsolutePath().normalize();
        if (absolute.startsWith(bookRoot)) {
            String inBook = bookRoot.relativize(absolute).toString().replace('\\', '/');
            String[] parts = inBook.split("/");
            if (parts.length == 3 && parts[0].equals("chapters") && Textbook.EDITIONS.contains(parts[1])
                    && parts[2].endsWith(".md")) {
                return new SiteFile(absolute, chapterPage(parts[1], parts[2]), Kind.PAGE);
            }
            if (inBook.equals("glossary.md")) {
                return new SiteFile(absolute, GLOSSARY_PAGE, Kind.PAGE);
            }
            if (parts.length == 2 && parts[0].equals("figures") && isImage(absolute)) {
                return new SiteFile(absolute, inBook, Kind.COPY);
            }
        }
        String inRepository = repositoryPath(absolute);
        return isImage(absolute) ? new SiteFile(absolute, "files/" + inRepository, Kind.COPY)
                : new SiteFile(absolute, "source/" + inRepository + ".html", Kind.SOURCE_PAGE);
    }

    /**
     * The path from one page of the site to another file of the site.
     *
     * @param fromPage a site path, e.g. {@code en/01-derivatives.html}
     * @param to       a site path, e.g. {@code figures/01-neuron.svg}
     * @throws NullPointerException if an argument is null
     * @return the relative link, e.g. {@code ../figures/01-neuron.svg}
     */
    public static String relative(String fromPage, String to) {
        Objects.requireNonNull(fromPage, "SiteLinks.relative: fromPage is null");
        Objects.requireNonNull(to, "SiteLinks.relative: to is null");
        String[] from = fromPage.split("/");
        String[] target = to.split("/");
        int common = 0;
        while (common < from.length - 1 && common < target.length - 1 && from[common].equals(target[common])) {
            common++;
        }
        StringBuilder link = new StringBuilder();
        for (int up = common; up < from.length - 1; up++) {
            link.append("../");
        }
        for (int down = common; down < target.length; down++) {
            link.append(target[down]);
            if (down < target.length - 1) {
                link.append('/');
            }
        }
        return link.toString();
    }

    private String repositoryPath(Path file) {
        return repository.relativize(file).toString().replace('\\', '/');
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String withoutExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    /** Undoes {@code %20}-style escapes in a link; a {@code +} stays a plus, as in a path. */
    private static String decode(String path) {
        return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
