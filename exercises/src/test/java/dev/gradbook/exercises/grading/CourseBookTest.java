package dev.gradbook.exercises.grading;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The course and the textbook point at each other: the scoreboard sends a student to a chapter
 * file and a section, and the chapter sends the student to the task's code. Both directions are
 * checked here against the real chapters in {@code textbook/chapters/{en,es}/}, for every task of
 * {@link Course#standard()}:
 *
 * <ol>
 *   <li>the task's chapter exists in both editions;</li>
 *   <li>its {@code section} is a heading of the English chapter;</li>
 *   <li>the chapter's Exercises section, in both editions, has a paragraph for the task (its id
 *       in bold) that links to the file of {@code exercises/} holding the task's
 *       {@code // BEGIN SOLUTION} region;</li>
 *   <li>every id that looks like a course id ({@code ex3.1}) anywhere in a chapter is a task of
 *       the course, in that task's own chapter.</li>
 * </ol>
 *
 * The checks are plain functions of the book's text ({@link Book}), so that the last group of
 * tests can feed them a broken copy of a chapter and see each one fail.
 */
@DisplayName("The course and the textbook point at each other")
class CourseBookTest {

    /** The exercises module (surefire runs in it); the repository is its parent. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Book BOOK = Book.read(REPOSITORY);
    private static final Course COURSE = Course.standard();

    @TestFactory
    @DisplayName("(a) every task's chapter exists in both editions")
    Stream<DynamicTest> chapterExists() {
        return perTask(BOOK::chapterProblems);
    }

    @TestFactory
    @DisplayName("(b) every task's section is a heading of its English chapter")
    Stream<DynamicTest> sectionIsAHeading() {
        return perTask(BOOK::sectionProblems);
    }

    @TestFactory
    @DisplayName("(c) every task has a paragraph in its chapter's Exercises section, both editions, linking to its code")
    Stream<DynamicTest> exercisesPresentTheTask() {
        return perTask(task -> Book.EDITIONS.stream().flatMap(edition -> BOOK.exercisesProblems(task, edition).stream())
                .toList());
    }

    @TestFactory
    @DisplayName("(d) every course-style id in a chapter is a task of the course, in its own chapter")
    Stream<DynamicTest> idsAreTasksOfTheirChapter() {
        return BOOK.chapters().keySet().stream().map(file -> dynamicTest(file, () -> assertNoProblems(
                BOOK.idProblems(file, COURSE))));
    }

    @Test
    @DisplayName("the chapter file the scoreboard names for each chapter number is the book's file of that chapter")
    void scoreboardNamesTheBooksFiles() {
        int checked = 0;
        for (String file : BOOK.chapters().keySet()) {
            if (file.startsWith(Book.CHAPTERS + "en/")) {
                int chapter = Book.chapterNumber(file);
                Task anyTaskOfThatChapter = new Task("ex" + chapter + ".1", "any", 1, chapter, "any");
                assertEquals(file, anyTaskOfThatChapter.chapterFile(),
                        () -> "Task.chapterFile() for chapter " + chapter + " should be " + file
                                + "; update Task's table of chapter files");
                checked++;
            }
        }
        assertTrue(checked >= 10, "the book has only " + checked + " English chapters: " + BOOK.chapters().keySet());
    }

    private static Stream<DynamicTest> perTask(Function<Task, List<String>> check) {
        return COURSE.tasks().stream()
                .map(task -> dynamicTest(task.id() + " " + task.title(), () -> assertNoProblems(check.apply(task))));
    }

    private static void assertNoProblems(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Nested
    @DisplayName("each check fails when the book is wrong")
    class ChecksCanFail {

        private final Task strides = COURSE.task("ex3.1");
        private final String tensorsEn = Book.CHAPTERS + "en/03-tensors.md";
        private final String tensorsEs = Book.CHAPTERS + "es/03-tensors.md";

        /** {@code BOOK} with one replacement in one chapter, which must change the chapter. */
        private Book mutated(String file, String from, String to) {
            String text = BOOK.chapters().get(file);
            assertTrue(text.contains(from), () -> file + " no longer contains '" + from + "'; update this test");
            return BOOK.with(file, text.replace(from, to));
        }

        private void assertProblem(List<String> problems, String expected) {
            assertFalse(problems.isEmpty(), "the check passed a broken book");
            assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                    () -> "expected a problem containing '" + expected + "', got:\n" + String.join("\n", problems));
        }

        @Test
        @DisplayName("(a) a chapter missing from the Spanish edition")
        void missingChapter() {
            assertTrue(BOOK.chapterProblems(strides).isEmpty(), "the real book passes first");
            assertProblem(BOOK.without(tensorsEs).chapterProblems(strides), tensorsEs + " does not exist");
        }

        @Test
        @DisplayName("(a) a chapter number the book does not have")
        void unknownChapter() {
            Task lost = new Task("ex11.1", "lost", 1, 11, "Nowhere");
            assertProblem(BOOK.chapterProblems(lost), "chapter 11 is not a chapter of the book");
        }

        @Test
        @DisplayName("(b) a renamed heading, and a heading that is only text inside a fenced block")
        void sectionNotAHeading() {
            assertTrue(BOOK.sectionProblems(strides).isEmpty(), "the real book passes first");
            Book renamed = mutated(tensorsEn, "## Storage, shape, strides, offset\n", "## Storage and strides\n");
            assertProblem(renamed.sectionProblems(strides),
                    "'Storage, shape, strides, offset' is not a heading of " + tensorsEn);
            Book fenced = mutated(tensorsEn, "## Storage, shape, strides, offset\n",
                    "```text\n## Storage, shape, strides, offset\n```\n");
            assertProblem(fenced.sectionProblems(strides), "is not a heading of");
        }

        @Test
        @DisplayName("(c) a task left out of the Exercises section of one edition")
        void taskLeftOut() {
            assertTrue(BOOK.exercisesProblems(strides, "es").isEmpty(), "the real book passes first");
            Book leftOut = mutated(tensorsEs, "**ex3.1**", "ex3.1");
            assertProblem(leftOut.exercisesProblems(strides, "es"), "does not present **ex3.1**");
            assertTrue(leftOut.exercisesProblems(strides, "en").isEmpty(), "the English edition is untouched");
        }

        @Test
        @DisplayName("(c) a task named in bold, but before the Exercises section")
        void taskOutsideTheSection() {
            String text = BOOK.chapters().get(tensorsEn);
            String exercises = "\n## Exercises\n";
            int start = text.indexOf(exercises);
            int end = text.indexOf("\n## ", start + exercises.length());
            assertTrue(start > 0 && end > start, "chapter 3 has an Exercises section followed by another section");
            // Move the Exercises section's text up, to before the chapter's first section.
            String section = text.substring(start + exercises.length(), end);
            String moved = text.substring(0, start + exercises.length()) + text.substring(end);
            moved = moved.replaceFirst("\n## ", "\n" + Matcher.quoteReplacement(section) + "\n## ");
            assertProblem(BOOK.with(tensorsEn, moved).exercisesProblems(strides, "en"), "does not present **ex3.1**");
        }

        @Test
        @DisplayName("(c) a chapter without an Exercises section")
        void noSection() {
            Book none = mutated(tensorsEs, "## Ejercicios\n", "## Ejercicios propuestos\n");
            assertProblem(none.exercisesProblems(strides, "es"), "has no '## Ejercicios' section");
        }

        @Test
        @DisplayName("(c) a task's paragraph that links to code without its region, or to no file at all")
        void wrongLink() {
            String strided = "../../../exercises/src/main/java/dev/gradbook/exercises/strided/";
            Book otherFile = mutated(tensorsEn, strided + "Strides.java)", strided + "StridedArray.java)");
            assertProblem(otherFile.exercisesProblems(strides, "en"), "no file of exercises/ with a '// BEGIN SOLUTION ex3.1'");
            assertProblem(otherFile.exercisesProblems(strides, "en"), "[`Strides.java`](" + strided + "Strides.java)");
            Book noFile = mutated(tensorsEn, strided + "Strides.java)", strided + "Stride.java)");
            assertProblem(noFile.exercisesProblems(strides, "en"), "Stride.java, which does not exist");
        }

        @Test
        @DisplayName("(d) an id that is no task, and a task's id in another chapter")
        void strayIds() {
            String file = Book.CHAPTERS + "en/02-reverse-mode.md";
            assertTrue(BOOK.idProblems(file, COURSE).isEmpty(), "the real book passes first");
            Book unknown = mutated(file, "## 2.8 What we have\n", "## 2.8 What we have\n\nSee ex2.9 for more.\n");
            assertProblem(unknown.idProblems(file, COURSE), "names ex2.9, which is not a task of the course");
            Book elsewhere = mutated(file, "## 2.8 What we have\n", "## 2.8 What we have\n\nex1.1 built a Value.\n");
            assertProblem(elsewhere.idProblems(file, COURSE), "names ex1.1, a task of chapter 1, in chapter 2");
        }
    }

    /**
     * The chapters of both editions, by path from the repository root
     * ({@code textbook/chapters/es/03-tensors.md}), and the four checks over them. Each check
     * returns what is wrong, one sentence per problem that says what to fix; an empty list means
     * the book is right.
     *
     * @param repository the root of the gradbook checkout: links are resolved against it
     * @param chapters   the text of every chapter file, sorted by path
     */
    record Book(Path repository, Map<String, String> chapters) {

        static final String CHAPTERS = "textbook/chapters/";
        static final List<String> EDITIONS = List.of("en", "es");
        private static final Map<String, String> EXERCISES_HEADING = Map.of("en", "## Exercises", "es", "## Ejercicios");
        private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*?)\\s*#*\\s*");
        private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)[^)]*\\)");
        /** An id of the course's form, {@code ex<chapter>.<number>} (Task.ID_PATTERN with the letters fixed). */
        private static final Pattern COURSE_ID = Pattern.compile("\\bex(\\d+)\\.\\d+\\b");

        /** Reads every chapter of both editions under {@code repository}. */
        static Book read(Path repository) {
            Map<String, String> chapters = new TreeMap<>();
            for (String edition : EDITIONS) {
                Path dir = repository.resolve(CHAPTERS + edition);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".md")).toList()) {
                        chapters.put(CHAPTERS + edition + "/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the chapters in " + dir, e);
                }
            }
            return new Book(repository, chapters);
        }

        /** This book with {@code file}'s text replaced (or added). */
        Book with(String file, String text) {
            Map<String, String> changed = new TreeMap<>(chapters);
            changed.put(file, text);
            return new Book(repository, changed);
        }

        /** This book without {@code file}. */
        Book without(String file) {
            Map<String, String> changed = new TreeMap<>(chapters);
            changed.remove(file);
            return new Book(repository, changed);
        }

        /** The chapter number in a chapter file's name: 3 for {@code .../03-tensors.md}. */
        static int chapterNumber(String file) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            return Integer.parseInt(name.substring(0, name.indexOf('-')));
        }

        // ---------------------------------------------------------------- (a)

        /** (a) The task's chapter is a file of the book, in both editions. */
        List<String> chapterProblems(Task task) {
            String english = task.chapterFile();
            if (!english.startsWith(CHAPTERS)) {
                return List.of(task.id() + " belongs to chapter " + task.chapter() + ", but chapter " + task.chapter()
                        + " is not a chapter of the book (Task.chapterFile() gives '" + english + "'): fix the"
                        + " chapter number of " + task.id() + " in Course.java, or add the chapter's file to Task");
            }
            List<String> problems = new ArrayList<>();
            for (String edition : EDITIONS) {
                String file = inEdition(english, edition);
                if (!chapters.containsKey(file)) {
                    problems.add(task.id() + " belongs to chapter " + task.chapter() + ", but " + file + " does not exist:"
                            + " write that edition of the chapter, or fix the chapter number in Course.java");
                }
            }
            return problems;
        }

        // ---------------------------------------------------------------- (b)

        /** (b) The task's section is, word for word, a heading (any level) of its English chapter. */
        List<String> sectionProblems(Task task) {
            String file = task.chapterFile();
            String text = chapters.get(file);
            if (text == null) {
                return List.of(task.id() + ": " + file + " does not exist, so its headings cannot be checked");
            }
            List<String> headings = headings(text);
            if (headings.contains(task.section())) {
                return List.of();
            }
            return List.of(task.id() + "'s section '" + task.section() + "' is not a heading of " + file
                    + ": in Course.java, give " + task.id() + " the heading that teaches it, exactly as the chapter"
                    + " writes it; the chapter's headings are " + headings);
        }

        /** The headings of a Markdown text, as written after the #s, skipping fenced blocks. */
        static List<String> headings(String text) {
            List<String> headings = new ArrayList<>();
            for (String line : outsideFences(text)) {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    headings.add(heading.group(2));
                }
            }
            return headings;
        }

        // ---------------------------------------------------------------- (c)

        /**
         * (c) The Exercises section of the task's chapter, in {@code edition}, presents the task
         * in a paragraph of its own (the id in bold), and that paragraph links to a file of
         * {@code exercises/} with the task's solution region: the file the student edits.
         */
        List<String> exercisesProblems(Task task, String edition) {
            String file = inEdition(task.chapterFile(), edition);
            String text = chapters.get(file);
            if (text == null) {
                return List.of(task.id() + ": " + file + " does not exist, so its Exercises section cannot be checked");
            }
            String heading = EXERCISES_HEADING.get(edition);
            Optional<List<String>> section = section(text, heading);
            if (section.isEmpty()) {
                return List.of(file + " has no '" + heading + "' section: add one at the end of the chapter, before"
                        + " the Javadoc list, and present " + task.id() + " there");
            }
            String bold = "**" + task.id() + "**";
            List<String> paragraphs = paragraphs(section.get()).stream().filter(p -> p.contains(bold)).toList();
            if (paragraphs.isEmpty()) {
                return List.of("the '" + heading + "' section of " + file + " does not present " + bold + ": add a"
                        + " paragraph that starts with " + bold + " and its title (" + task.title() + "), says what the"
                        + " student builds and what the grader checks, links " + suggestedLinks(file, task.id())
                        + " and says how to run it (./gradbook grade " + task.id() + ")");
            }
            List<String> targets = new ArrayList<>();
            for (String paragraph : paragraphs) {
                Matcher link = LINK.matcher(paragraph);
                while (link.find()) {
                    String target = link.group(1);
                    if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")) {
                        continue;
                    }
                    Path resolved = resolve(file, target);
                    if (!Files.isRegularFile(resolved)) {
                        return List.of("the paragraph of " + bold + " in " + file + " links to " + target + ", which"
                                + " does not exist (" + resolved + "); link " + suggestedLinks(file, task.id()));
                    }
                    if (resolved.startsWith(repository.resolve("exercises")) && hasRegion(resolved, task.id())) {
                        return List.of();
                    }
                    targets.add(target);
                }
            }
            String links = targets.isEmpty() ? " has no link to the task's code"
                    : " links to " + targets + " but to no file of exercises/ with a '// BEGIN SOLUTION " + task.id()
                    + "' region";
            return List.of("the paragraph of " + bold + " in " + file + links + "; link the file the student edits: "
                    + suggestedLinks(file, task.id()));
        }

        /** The lines of the section under {@code heading} (a level-2 heading), up to the next level-1 or -2 heading. */
        static Optional<List<String>> section(String text, String heading) {
            List<String> lines = outsideFences(text);
            int start = lines.indexOf(heading);
            if (start < 0) {
                return Optional.empty();
            }
            int end = start + 1;
            while (end < lines.size() && !lines.get(end).matches("#{1,2}\\s.*")) {
                end++;
            }
            return Optional.of(lines.subList(start + 1, end));
        }

        /** Blocks of non-blank lines, each joined into one string. */
        static List<String> paragraphs(List<String> lines) {
            List<String> paragraphs = new ArrayList<>();
            StringBuilder paragraph = new StringBuilder();
            for (String line : lines) {
                if (line.isBlank()) {
                    if (!paragraph.isEmpty()) {
                        paragraphs.add(paragraph.toString());
                        paragraph.setLength(0);
                    }
                } else {
                    paragraph.append(line).append('\n');
                }
            }
            if (!paragraph.isEmpty()) {
                paragraphs.add(paragraph.toString());
            }
            return paragraphs;
        }

        /** A link target of a chapter, as a path of the checkout (an {@code #anchor} dropped). */
        private Path resolve(String chapterFile, String target) {
            String path = target.replaceFirst("#.*$", "");
            return repository.resolve(chapterFile).getParent().resolve(path).normalize();
        }

        /** Whether {@code file} has the marker line of {@code id}'s solution region (the export's rule: a whole line). */
        private static boolean hasRegion(Path file, String id) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                return lines.anyMatch(line -> line.strip().equals("// BEGIN SOLUTION " + id));
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalStateException("cannot read " + file + " to look for the region of " + id, e);
            }
        }

        /** Markdown links, relative to {@code chapterFile}, to every source file that has {@code id}'s region. */
        private String suggestedLinks(String chapterFile, String id) {
            Path sources = repository.resolve("exercises/src/main/java");
            List<String> links;
            try (Stream<Path> walk = Files.walk(sources)) {
                Path chapterDir = repository.resolve(chapterFile).getParent();
                links = walk.filter(f -> f.toString().endsWith(".java") && hasRegion(f, id)).sorted()
                        .map(f -> "[`" + f.getFileName() + "`](" + chapterDir.relativize(f).toString().replace('\\', '/')
                                + ")")
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot search " + sources, e);
            }
            return links.isEmpty() ? "the file that will hold its region (no file of exercises/src/main/java has a"
                    + " '// BEGIN SOLUTION " + id + "' region yet)" : String.join(" and ", links);
        }

        // ---------------------------------------------------------------- (d)

        /**
         * (d) Every id of the course's form in {@code file}, prose and listings alike, is a task of
         * {@code course} and belongs to this chapter: an ungraded exercise must not borrow a
         * graded task's name, and a task is presented in its own chapter.
         */
        List<String> idProblems(String file, Course course) {
            int chapter = chapterNumber(file);
            List<String> problems = new ArrayList<>();
            String[] lines = chapters.get(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher id = COURSE_ID.matcher(lines[i]);
                while (id.find()) {
                    String where = file + " line " + (i + 1) + " names " + id.group();
                    Optional<Task> task = course.find(id.group());
                    if (task.isEmpty()) {
                        problems.add(where + ", which is not a task of the course: give an ungraded exercise a"
                                + " name instead of an id, or add the task to Course.java");
                    } else if (task.get().chapter() != chapter) {
                        problems.add(where + ", a task of chapter " + task.get().chapter() + ", in chapter " + chapter
                                + ": present each task only in its own chapter (say 'chapter " + task.get().chapter()
                                + "'s tasks' instead)");
                    }
                }
            }
            return problems;
        }

        // ---------------------------------------------------------------- helpers

        /** The English chapter's path in another edition: the same name under {@code chapters/<edition>/}. */
        static String inEdition(String englishFile, String edition) {
            return englishFile.replaceFirst("^" + Pattern.quote(CHAPTERS + "en/"), CHAPTERS + edition + "/");
        }

        /** The lines of a Markdown text with every fenced block (``` ... ```) blanked out. */
        static List<String> outsideFences(String text) {
            List<String> lines = new ArrayList<>();
            boolean fenced = false;
            for (String line : text.split("\n", -1)) {
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    lines.add("");
                } else {
                    lines.add(fenced ? "" : line);
                }
            }
            return lines;
        }
    }
}
