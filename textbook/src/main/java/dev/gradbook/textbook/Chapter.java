package dev.gradbook.textbook;

import dev.gradbook.autograd.NullChecks;

import org.commonmark.ext.front.matter.YamlFrontMatterExtension;
import org.commonmark.ext.front.matter.YamlFrontMatterVisitor;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chapter file of one edition, read with commonmark-java: its front matter and its java
 * listings, each paired with the output block that follows it.
 *
 * <p>A chapter starts with YAML-style front matter between two {@code ---} lines, one
 * {@code key: value} per line:
 *
 * <pre>
 * ---
 * title: Derivatives and the chain rule with scalars
 * backend: naive            (optional; the backend the listings run on, default naive)
 * seed: 42                  (optional; the value of SEED in the chapter's JShell, default 42)
 * translates: 3f2a9c1b7d40  (translations only: the English listings they follow, see Editions)
 * ---
 * </pre>
 *
 * @param name        the file's name relative to {@code chapters/}, e.g. {@code en/01-derivatives.md}
 * @param frontMatter the front matter's keys and values, in order
 * @param listings    the java listings, in order
 * @param text        the whole file
 */
public record Chapter(String name, Map<String, String> frontMatter, List<Listing> listings, String text) {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(YamlFrontMatterExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    /**
     * Makes the front matter and listings unmodifiable.
     *
     * @throws NullPointerException if a component, a key or value of {@code frontMatter}, or a
     *                              listing is null
     */
    public Chapter {
        Objects.requireNonNull(name, "Chapter: name is null");
        NullChecks.requireNoNullEntries(frontMatter, "Chapter", "frontMatter");
        NullChecks.requireNoNullElements(listings, "Chapter", "listings");
        Objects.requireNonNull(text, "Chapter: text is null");
        frontMatter = Collections.unmodifiableMap(new LinkedHashMap<>(frontMatter));
        listings = List.copyOf(listings);
    }

    /**
     * Reads a chapter file.
     *
     * @param chaptersDir the {@code chapters/} directory
     * @param file        a file under it, e.g. {@code chapters/en/01-derivatives.md}
     * @return the chapter, named by its path relative to {@code chaptersDir}
     * @throws NullPointerException     if an argument is null
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException if a block is malformed (see {@link #parse})
     */
    public static Chapter read(Path chaptersDir, Path file) {
        Objects.requireNonNull(chaptersDir, "Chapter.read: chaptersDir is null");
        Objects.requireNonNull(file, "Chapter.read: file is null");
        String name = chaptersDir.relativize(file).toString().replace('\\', '/');
        try {
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chapter " + file, e);
        }
    }

    /**
     * Parses a chapter's Markdown.
     *
     * @param name a name for messages, e.g. {@code en/01-derivatives.md}
     * @param text the Markdown
     * @return the chapter
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException naming the file and line, if an info string is malformed
     *                                  or an output block does not directly follow a java listing
     */
    public static Chapter parse(String name, String text) {
        Objects.requireNonNull(name, "Chapter.parse: name is null");
        Objects.requireNonNull(text, "Chapter.parse: text is null");
        Node document = PARSER.parse(text);
        YamlFrontMatterVisitor frontMatterVisitor = new YamlFrontMatterVisitor();
        document.accept(frontMatterVisitor);
        Map<String, String> frontMatter = new LinkedHashMap<>();
        frontMatterVisitor.getData().forEach((key, values) -> frontMatter.put(key, String.join(" ", values)));

        List<FencedCodeBlock> blocks = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                blocks.add(block);
            }
        });
        List<Listing> listings = new ArrayList<>();
        for (FencedCodeBlock block : blocks) {
            InfoString info = infoOf(name, block);
            if ((info.isJava() || info.isOutput()) && block.getClosingFenceLength() == null) {
                throw new IllegalArgumentException(name + " line " + firstLine(block) + ": the ```"
                        + info.language() + " block opened here is never closed; end it with a line of "
                        + block.getFenceCharacter().repeat(block.getOpeningFenceLength()));
            }
            if (info.isOutput()) {
                Node previous = block.getPrevious();
                if (!(previous instanceof FencedCodeBlock) || !infoOf(name, (FencedCodeBlock) previous).isJava()) {
                    throw new IllegalArgumentException(name + " line " + firstLine(block)
                            + ": this ```output block does not directly follow a ```java listing;"
                            + " put it right under the listing whose output it shows");
                }
            } else if (info.isJava()) {
                Listing.OutputBlock output = null;
                if (block.getNext() instanceof FencedCodeBlock next && infoOf(name, next).isOutput()) {
                    output = new Listing.OutputBlock(next.getLiteral(), firstLine(next), lastLine(next));
                }
                listings.add(new Listing(name, listings.size() + 1, firstLine(block), lastLine(block), info,
                        block.getLiteral(), output));
            }
        }
        return new Chapter(name, frontMatter, listings, text);
    }

    /** The edition, the directory the file sits in: {@code en}, {@code es}. */
    public String edition() {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** The file name without the edition, shared by both editions: {@code 01-derivatives.md}. */
    public String fileName() {
        return name.substring(name.indexOf('/') + 1);
    }

    /**
     * A front-matter value.
     *
     * @param key      the key
     * @param fallback what to return if the key is absent; may be {@code null}
     * @return the value, or {@code fallback}
     * @throws NullPointerException if {@code key} is null
     */
    public String frontMatter(String key, String fallback) {
        Objects.requireNonNull(key, "Chapter.frontMatter: key is null");
        return frontMatter.getOrDefault(key, fallback);
    }

    private static InfoString infoOf(String name, FencedCodeBlock block) {
        try {
            return InfoString.parse(block.getInfo());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " line " + firstLine(block) + ": " + e.getMessage(), e);
        }
    }

    private static int firstLine(Node block) {
        return block.getSourceSpans().get(0).getLineIndex() + 1;
    }

    private static int lastLine(Node block) {
        List<SourceSpan> spans = block.getSourceSpans();
        return spans.get(spans.size() - 1).getLineIndex() + 1;
    }
}
