package dev.gradbook.textbook.site;

import dev.gradbook.textbook.InfoString;
import org.commonmark.ext.front.matter.YamlFrontMatterExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomNode;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns one Markdown file of the book (a chapter, the glossary) into the HTML that goes inside its
 * page's {@code <main>}, with commonmark-java and three extensions: the front matter is read and
 * not shown, tables become tables, and every heading gets an {@code id} to link to.
 *
 * <p>Two things differ from plain Markdown rendering:
 * <ul>
 *   <li>Every link and image goes through {@link SiteLinks}, so it points into the site; the files
 *       it needs (figures, source pages) are reported to the caller, who puts them there.</li>
 *   <li>Fenced code blocks are rendered as the book means them (see {@link InfoString}): a
 *       {@code java} listing highlighted by {@link JavaHighlighter}, with a note when it is
 *       quoted, must throw or is not run; its {@code output} block styled as output; a
 *       {@code java hidden} listing, and its output, not at all.</li>
 * </ul>
 * Raw HTML in the Markdown is escaped, not passed through, and so is every piece of text: what a
 * chapter writes is shown, never run as markup.
 */
final class MarkdownBody {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(YamlFrontMatterExtension.create(), TablesExtension.create(),
                    HeadingAnchorExtension.create()))
            .build();

    private MarkdownBody() {
    }

    /**
     * Renders one file.
     *
     * @param markdown the file's text
     * @param file     the file, for resolving its relative links
     * @param page     the site path of the page it becomes, e.g. {@code en/01-derivatives.html}
     * @param links    the site's links
     * @param labels   the words for the listing notes
     * @param needs    told every repository file the rendered HTML links to
     * @return the HTML
     */
    static String render(String markdown, Path file, String page, SiteLinks links, Labels labels,
                         Consumer<SiteLinks.SiteFile> needs) {
        Node document = PARSER.parse(markdown);
        rewriteLinks(document, file, page, links, needs);
        HtmlRenderer renderer = HtmlRenderer.builder()
                .extensions(List.of(TablesExtension.create(), HeadingAnchorExtension.create()))
                .escapeHtml(true)
                .sanitizeUrls(true)
                .percentEncodeUrls(true)
                .nodeRendererFactory(context -> new CodeBlockRenderer(context, page, links, labels, needs))
                .nodeRendererFactory(RepositoryPathRenderer::new)
                .build();
        return renderer.render(document);
    }

    /** Points every link and image into the site; a link to a folder becomes a {@link RepositoryPath}. */
    private static void rewriteLinks(Node document, Path file, String page, SiteLinks links,
                                     Consumer<SiteLinks.SiteFile> needs) {
        Map<Link, String> folderLinks = new LinkedHashMap<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                SiteLinks.Resolved resolved = links.resolve(file, page, link.getDestination());
                if (resolved.href() == null) {
                    folderLinks.put(link, resolved.repositoryPath()); // replaced after the walk, not during it
                } else {
                    link.setDestination(resolved.href());
                    needs(resolved);
                }
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                SiteLinks.Resolved resolved = links.resolve(file, page, image.getDestination());
                if (resolved.href() == null) {
                    throw new IllegalArgumentException(file + ": the image '" + image.getDestination()
                            + "' is a folder; an image must name a picture file");
                }
                image.setDestination(resolved.href());
                needs(resolved);
            }

            private void needs(SiteLinks.Resolved resolved) {
                if (resolved.target() != null) {
                    needs.accept(resolved.target());
                }
            }
        });
        folderLinks.forEach((link, path) -> {
            RepositoryPath reference = new RepositoryPath(path);
            Node child = link.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                reference.appendChild(child);
                child = next;
            }
            link.insertBefore(reference);
            link.unlink();
        });
    }

    /** What a link to a folder becomes: its text, marked as a path of the repository, without a link. */
    static final class RepositoryPath extends CustomNode {
        private final String path;

        RepositoryPath(String path) {
            this.path = path;
        }
    }

    private static final class RepositoryPathRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;

        RepositoryPathRenderer(HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(RepositoryPath.class);
        }

        @Override
        public void render(Node node) {
            RepositoryPath reference = (RepositoryPath) node;
            HtmlWriter html = context.getWriter();
            html.tag("span", Map.of("class", "repository-path", "title", reference.path + " (a folder of the repository)"));
            Node child = node.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                context.render(child);
                child = next;
            }
            html.tag("/span");
        }
    }

    /** Renders fenced code blocks as the book means them: listings, outputs, other code. */
    private static final class CodeBlockRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final String page;
        private final SiteLinks links;
        private final Labels labels;
        private final Consumer<SiteLinks.SiteFile> needs;

        CodeBlockRenderer(HtmlNodeRendererContext context, String page, SiteLinks links, Labels labels,
                          Consumer<SiteLinks.SiteFile> needs) {
            this.context = context;
            this.page = page;
            this.links = links;
            this.labels = labels;
            this.needs = needs;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(FencedCodeBlock.class);
        }

        @Override
        public void render(Node node) {
            FencedCodeBlock block = (FencedCodeBlock) node;
            InfoString info = InfoString.parse(block.getInfo());
            HtmlWriter html = context.getWriter();
            if (info.isOutput()) {
                if (!followsHiddenListing(block)) {
                    html.line();
                    html.raw("<pre class=\"output\"><code>" + Html.escape(block.getLiteral()) + "</code></pre>");
                    html.line();
                }
            } else if (info.isJava()) {
                if (!info.isHidden()) {
                    html.line();
                    html.raw(listing(info, block.getLiteral()));
                    html.line();
                }
            } else {
                String language = info.language().isEmpty() ? "" : " class=\"language-" + Html.escape(info.language()) + "\"";
                html.line();
                html.raw("<pre class=\"code\"><code" + language + ">" + Html.escape(block.getLiteral()) + "</code></pre>");
                html.line();
            }
        }

        /** Whether the block right above is a {@code java hidden} listing, whose output is hidden too. */
        private static boolean followsHiddenListing(FencedCodeBlock block) {
            if (!(block.getPrevious() instanceof FencedCodeBlock previous)) {
                return false;
            }
            InfoString above = InfoString.parse(previous.getInfo());
            return above.isJava() && above.isHidden();
        }

        private String listing(InfoString info, String code) {
            StringBuilder html = new StringBuilder("<div class=\"listing\">");
            if (info.quotedFile() != null) {
                SiteLinks.SiteFile quoted = links.repositoryFile(info.quotedFile());
                needs.accept(quoted);
                html.append("<p class=\"listing-note\">").append(Html.escape(labels.quotedFrom())).append(" <a href=\"")
                        .append(Html.escape(SiteLinks.relative(page, quoted.sitePath()))).append("\"><code>")
                        .append(Html.escape(info.quotedFile())).append("</code></a></p>");
            }
            if (info.expectedException() != null) {
                html.append("<p class=\"listing-note\">").append(Html.escape(labels.mustThrow())).append(" <code>")
                        .append(Html.escape(info.expectedException())).append("</code></p>");
            }
            if (info.noRunReason() != null) {
                html.append("<p class=\"listing-note\">").append(Html.escape(labels.notRun())).append(' ')
                        .append(Html.escape(info.noRunReason())).append("</p>");
            }
            html.append("<pre class=\"code\"><code class=\"language-java\">").append(JavaHighlighter.toHtml(code))
                    .append("</code></pre></div>");
            return html.toString();
        }
    }
}
