package dev.gradbook.textbook.site;

import dev.gradbook.autograd.NullChecks;
import dev.gradbook.textbook.Chapter;
import dev.gradbook.textbook.Textbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The textbook as a static website: both editions, every chapter a page, readable offline from
 * {@code file://} with no JavaScript and nothing fetched from the network.
 *
 * <pre>
 * index.html                 the front page: offers both editions
 * en/index.html              an edition's contents: every chapter, its number and title
 * en/01-derivatives.html     a chapter: previous / next, the same chapter in the other edition
 * glossary.html              the glossary
 * figures/, files/           images the chapters show, copied
 * source/...java.html        the repository files the chapters link to or quote, shown as pages
 * style.css                  the one stylesheet
 * .gradbook-site             marks the folder as a rendered site, which the next rendering may replace
 * </pre>
 *
 * A chapter's number comes from its file name ({@code 03-tensors.md} is chapter 3) and its title
 * from its front matter; the chapters of an edition are read from its folder, so a new chapter
 * appears in the site as soon as its file exists. {@link SiteLinks} says where each linked file
 * goes; {@link MarkdownBody} renders each page's Markdown.
 *
 * <p>The site is written into a fresh folder beside the target and moved into place only when it
 * is complete, so a failed rendering (a dead link, say) leaves the previous site as it was.
 */
public final class BookSite {

    /** The file that marks a folder as a site this class wrote (and may therefore replace). */
    public static final String MARKER = ".gradbook-site";
    private static final String STYLESHEET = "style.css";
    private static final String STYLESHEET_RESOURCE = "/dev/gradbook/textbook/site/style.css";

    private final Textbook book;
    private final SiteLinks links;
    private final Map<String, SiteLinks.SiteFile> needed = new TreeMap<>();

    private BookSite(Textbook book) {
        this.book = book;
        this.links = new SiteLinks(book);
    }

    /**
     * What a rendering wrote.
     *
     * @param index       the front page, {@code DIR/index.html}
     * @param chapters    the number of chapter pages per edition, in edition order
     * @param sourcePages the number of pages showing repository files
     * @param copiedFiles the number of images copied
     */
    public record Report(Path index, Map<String, Integer> chapters, int sourcePages, int copiedFiles) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code index} or {@code chapters}, or a key or value of
         *                              {@code chapters}, is null
         */
        public Report {
            Objects.requireNonNull(index, "BookSite.Report: index is null");
            NullChecks.requireNoNullEntries(chapters, "BookSite.Report", "chapters");
        }

        /** A line for the terminal: {@code 20 chapter pages (en 10, es 10), the glossary, 31 source pages, 12 images}. */
        public String summary() {
            int total = chapters.values().stream().mapToInt(Integer::intValue).sum();
            List<String> perEdition = new ArrayList<>();
            chapters.forEach((edition, count) -> perEdition.add(edition + " " + count));
            return total + " chapter pages (" + String.join(", ", perEdition) + "), " + sourcePages + " source pages, "
                    + copiedFiles + " images";
        }
    }

    /** One chapter as the site shows it. */
    private record Entry(String edition, String fileName, String number, String title, Path file) {
        String page() {
            return SiteLinks.chapterPage(edition, fileName);
        }

        /** {@code 3. Tensors}, or the title alone for a file name without a number. */
        String numberedTitle() {
            return number.isEmpty() ? title : number + ". " + title;
        }
    }

    /**
     * Renders the book into a folder.
     *
     * @param book   the book
     * @param outDir the folder: created if missing; an earlier site there is replaced
     * @return what was written
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code outDir} is a file, or a folder with other files
     *                                  in it than an earlier site; or if a chapter has no title
     *                                  or a link to a file that does not exist
     * @throws UncheckedIOException     if a file cannot be read or written
     */
    public static Report render(Textbook book, Path outDir) {
        Objects.requireNonNull(book, "BookSite.render: book is null");
        Objects.requireNonNull(outDir, "BookSite.render: outDir is null");
        BookSite site = new BookSite(book);
        Path target = outDir.toAbsolutePath().normalize();
        SiteFolder.replace(target, site::writeInto);
        return site.report(target);
    }

    private Report report(Path target) {
        Map<String, Integer> chapters = new LinkedHashMap<>();
        for (String edition : Textbook.EDITIONS) {
            int count = book.chapterFiles(edition).size();
            if (count > 0) {
                chapters.put(edition, count);
            }
        }
        long sources = needed.values().stream().filter(file -> file.kind() == SiteLinks.Kind.SOURCE_PAGE).count();
        long copies = needed.values().stream().filter(file -> file.kind() == SiteLinks.Kind.COPY).count();
        return new Report(target.resolve("index.html"), chapters, (int) sources, (int) copies);
    }

    private void writeInto(Path site) throws IOException {
        Map<String, List<Entry>> editions = new LinkedHashMap<>();
        for (String edition : Textbook.EDITIONS) {
            List<Entry> entries = book.chapterFiles(edition).stream().map(this::entry).toList();
            if (!entries.isEmpty()) {
                editions.put(edition, entries);
            }
        }
        if (editions.isEmpty()) {
            throw new IllegalArgumentException("the book in " + book.root() + " has no chapters: no chapters/"
                    + String.join("/, chapters/", Textbook.EDITIONS) + "/ with .md files");
        }
        Optional<Path> glossary = Optional.of(book.root().resolve("glossary.md")).filter(Files::isRegularFile);
        editions.forEach((edition, entries) -> {
            write(site, SiteLinks.contentsPage(edition), contentsPage(edition, entries, editions, glossary.isPresent()));
            for (int k = 0; k < entries.size(); k++) {
                write(site, entries.get(k).page(), chapterPage(entries, k, editions, glossary.isPresent()));
            }
        });
        glossary.ifPresent(file -> write(site, SiteLinks.GLOSSARY_PAGE, glossaryPage(file, editions)));
        write(site, "index.html", frontPage(editions, glossary.isPresent()));
        for (SiteLinks.SiteFile file : needed.values()) {
            if (file.kind() == SiteLinks.Kind.COPY) {
                Path copy = site.resolve(file.sitePath());
                Files.createDirectories(copy.getParent());
                Files.copy(file.file(), copy);
            } else if (file.kind() == SiteLinks.Kind.SOURCE_PAGE) {
                write(site, file.sitePath(), sourcePage(file));
            }
        }
        try (InputStream css = BookSite.class.getResourceAsStream(STYLESHEET_RESOURCE)) {
            if (css == null) {
                throw new IllegalStateException("the stylesheet " + STYLESHEET_RESOURCE + " is missing from the class path;"
                        + " rebuild the textbook module");
            }
            Files.copy(css, site.resolve(STYLESHEET));
        }
        Files.writeString(site.resolve(MARKER), "A site rendered by `gradbook book` from " + book.root()
                + ".\nRendering the book again replaces this whole folder.\n");
    }

    private Entry entry(Path file) {
        Chapter chapter = book.read(file);
        String title = chapter.frontMatter("title", "").strip();
        if (title.isEmpty()) {
            throw new IllegalArgumentException(chapter.name() + " has no title: add 'title: ...' to its front matter");
        }
        String fileName = chapter.fileName();
        int digits = 0;
        while (digits < fileName.length() && Character.isDigit(fileName.charAt(digits))) {
            digits++;
        }
        String number = digits == 0 ? "" : String.valueOf(Integer.parseInt(fileName.substring(0, digits)));
        return new Entry(chapter.edition(), fileName, number, title, file.toAbsolutePath().normalize());
    }

    // ---------------------------------------------------------------- the pages

    private String chapterPage(List<Entry> entries, int k, Map<String, List<Entry>> editions, boolean glossary) {
        Entry entry = entries.get(k);
        Labels labels = Labels.of(entry.edition());
        String page = entry.page();
        StringBuilder top = new StringBuilder(homeLink(page))
                .append(link(page, SiteLinks.contentsPage(entry.edition()), "rel=\"contents\"", labels.contents()));
        if (glossary) {
            top.append(link(page, SiteLinks.GLOSSARY_PAGE, "", labels.glossary()));
        }
        editions.forEach((edition, others) -> {
            if (!edition.equals(entry.edition())) {
                others.stream().filter(other -> other.fileName().equals(entry.fileName())).findFirst()
                        .ifPresent(other -> top.append(languageLink(page, other.page(), edition)));
            }
        });
        StringBuilder pager = new StringBuilder();
        if (k > 0) {
            Entry previous = entries.get(k - 1);
            pager.append("<a rel=\"prev\" href=\"").append(Html.escape(SiteLinks.relative(page, previous.page())))
                    .append("\"><span class=\"direction\">← ").append(Html.escape(labels.previous()))
                    .append("</span> <span class=\"title\">").append(Html.escape(previous.numberedTitle()))
                    .append("</span></a>");
        }
        if (k < entries.size() - 1) {
            Entry next = entries.get(k + 1);
            pager.append("<a rel=\"next\" href=\"").append(Html.escape(SiteLinks.relative(page, next.page())))
                    .append("\"><span class=\"direction\">").append(Html.escape(labels.next()))
                    .append(" →</span> <span class=\"title\">").append(Html.escape(next.numberedTitle()))
                    .append("</span></a>");
        }
        String body = MarkdownBody.render(read(entry.file()), entry.file(), page, links, labels, this::need);
        return document(entry.edition(), entry.numberedTitle() + " · " + labels.bookTitle(), page, top.toString(),
                "<main class=\"chapter\">\n" + body + "</main>\n<footer><nav class=\"pager\">" + pager + "</nav></footer>\n");
    }

    private String contentsPage(String edition, List<Entry> entries, Map<String, List<Entry>> editions, boolean glossary) {
        Labels labels = Labels.of(edition);
        String page = SiteLinks.contentsPage(edition);
        StringBuilder top = new StringBuilder(homeLink(page));
        if (glossary) {
            top.append(link(page, SiteLinks.GLOSSARY_PAGE, "", labels.glossary()));
        }
        for (String other : editions.keySet()) {
            if (!other.equals(edition)) {
                top.append(languageLink(page, SiteLinks.contentsPage(other), other));
            }
        }
        StringBuilder list = new StringBuilder("<ol class=\"contents\">\n");
        for (Entry entry : entries) {
            list.append("<li><a href=\"").append(Html.escape(SiteLinks.relative(page, entry.page())))
                    .append("\"><span class=\"number\">").append(Html.escape(entry.number()))
                    .append("</span> <span class=\"title\">").append(Html.escape(entry.title())).append("</span></a></li>\n");
        }
        list.append("</ol>\n");
        return document(edition, labels.contents() + " · " + labels.bookTitle(), page, top.toString(),
                "<main class=\"contents-page\">\n<h1>" + Html.escape(labels.bookTitle()) + "</h1>\n<h2>"
                        + Html.escape(labels.contents()) + "</h2>\n" + list + "</main>\n");
    }

    private String frontPage(Map<String, List<Entry>> editions, boolean glossary) {
        String page = "index.html";
        StringBuilder body = new StringBuilder("<main class=\"front-page\">\n<h1>gradbook</h1>\n<ul class=\"editions\">\n");
        editions.forEach((edition, entries) -> {
            Labels labels = Labels.of(edition);
            body.append("<li lang=\"").append(Html.escape(edition)).append("\"><a class=\"edition\" href=\"")
                    .append(Html.escape(SiteLinks.relative(page, SiteLinks.contentsPage(edition)))).append("\">")
                    .append("<span class=\"title\">").append(Html.escape(labels.bookTitle())).append("</span> ")
                    .append("<span class=\"language\">").append(Html.escape(labels.language())).append(" · ")
                    .append(entries.size()).append(' ').append(Html.escape(labels.chapters())).append("</span></a></li>\n");
        });
        body.append("</ul>\n");
        if (glossary) {
            String words = String.join(" · ", editions.keySet().stream().map(e -> Labels.of(e).glossary()).toList());
            body.append("<p class=\"glossary-link\">").append(link(page, SiteLinks.GLOSSARY_PAGE, "", words)).append("</p>\n");
        }
        body.append("</main>\n");
        String title = String.join(" · ", editions.keySet().stream().map(e -> Labels.of(e).bookTitle()).toList());
        return document(Textbook.SOURCE_EDITION, title, page, "", body.toString());
    }

    private String glossaryPage(Path file, Map<String, List<Entry>> editions) {
        String page = SiteLinks.GLOSSARY_PAGE;
        StringBuilder top = new StringBuilder(homeLink(page));
        for (String edition : editions.keySet()) {
            Labels labels = Labels.of(edition);
            top.append("<a href=\"").append(Html.escape(SiteLinks.relative(page, SiteLinks.contentsPage(edition))))
                    .append("\" lang=\"").append(Html.escape(edition)).append("\">").append(Html.escape(labels.contents()))
                    .append(" (").append(Html.escape(labels.language())).append(")</a>");
        }
        Labels labels = Labels.of(Textbook.SOURCE_EDITION);
        String body = MarkdownBody.render(read(file), file, page, links, labels, this::need);
        String title = String.join(" · ", editions.keySet().stream().map(e -> Labels.of(e).glossary()).toList());
        return document(Textbook.SOURCE_EDITION, title + " · gradbook", page, top.toString(),
                "<main class=\"glossary\">\n" + body + "</main>\n");
    }

    private String sourcePage(SiteLinks.SiteFile file) {
        String page = file.sitePath();
        String path = book.repositoryRoot().toAbsolutePath().normalize().relativize(file.file()).toString().replace('\\', '/');
        String text = read(file.file());
        String code = path.endsWith(".java") ? "<code class=\"language-java\">" + JavaHighlighter.toHtml(text)
                : "<code>" + Html.escape(text);
        return document(Textbook.SOURCE_EDITION, path + " · gradbook", page, homeLink(page),
                "<main class=\"source\">\n<h1><code>" + Html.escape(path) + "</code></h1>\n"
                        + "<p class=\"source-note\">This file of the repository, as it was when the book was rendered.</p>\n"
                        + "<pre class=\"code source-file\">" + code + "</code></pre>\n</main>\n");
    }

    // ---------------------------------------------------------------- page parts

    /** A whole HTML document: the head with the stylesheet, the top navigation, the body. */
    private static String document(String lang, String title, String page, String navigation, String body) {
        return "<!DOCTYPE html>\n<html lang=\"" + Html.escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"generator\" content=\"gradbook book\">\n"
                + "<title>" + Html.escape(title) + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + Html.escape(SiteLinks.relative(page, STYLESHEET)) + "\">\n"
                + "</head>\n<body>\n"
                + (navigation.isEmpty() ? "" : "<header><nav class=\"site\">" + navigation + "</nav></header>\n")
                + body + "</body>\n</html>\n";
    }

    private static String homeLink(String page) {
        return "<a class=\"home\" href=\"" + Html.escape(SiteLinks.relative(page, "index.html")) + "\">gradbook</a>";
    }

    private static String link(String page, String to, String attributes, String text) {
        return "<a href=\"" + Html.escape(SiteLinks.relative(page, to)) + "\"" + (attributes.isEmpty() ? "" : " " + attributes)
                + ">" + Html.escape(text) + "</a>";
    }

    /** The switch to another edition, named in that edition's language. */
    private static String languageLink(String page, String to, String edition) {
        return "<a class=\"language\" rel=\"alternate\" hreflang=\"" + Html.escape(edition) + "\" lang=\""
                + Html.escape(edition) + "\" href=\"" + Html.escape(SiteLinks.relative(page, to)) + "\">"
                + Html.escape(Labels.of(edition).language()) + "</a>";
    }

    // ---------------------------------------------------------------- files

    private void need(SiteLinks.SiteFile file) {
        needed.putIfAbsent(file.sitePath(), file);
    }

    private static void write(Path site, String sitePath, String html) {
        Path file = site.resolve(sitePath);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text, so the site cannot show it as a page;"
                    + " link an image or a text file instead", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
