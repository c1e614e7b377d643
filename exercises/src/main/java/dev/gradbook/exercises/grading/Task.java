package dev.gradbook.exercises.grading;

import dev.gradbook.autograd.NullChecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One graded task of the course: what a student builds, what it is worth, and where the textbook
 * teaches it.
 *
 * <p>A task's tests are the grader tests that carry one of its {@link #tags()}: its own graders,
 * tagged with its id, and for a task graded partly by tests it shares with gradbook (chapter 5's
 * tasks are graded by groups of the backend conformance kit, each group with a tag of its own),
 * the tags of those tests too. Each tag belongs to one task, so every test counts for one task.
 *
 * @param id      the task's id, {@code ex<chapter>.<number>} (also the JUnit tag of its graders)
 * @param title   what the student builds, in a few words
 * @param points  what the task is worth when all its tests pass (no partial credit: a task whose
 *                example passes but whose random checks fail is not done)
 * @param chapter the textbook chapter that teaches it
 * @param section the title of that chapter's section to reread, a heading of its English
 *                edition exactly as written there (a test of this module holds the textbook to it)
 * @param tags    the JUnit tags of the task's tests: its id first, then any others
 */
public record Task(String id, String title, int points, int chapter, String section, List<String> tags) {

    /** The pattern every task id follows: letters, chapter, dot, number ({@code ex1.2}). */
    public static final String ID_PATTERN = "[a-z]+\\d+\\.\\d+";

    /** A JUnit tag: no blanks, and none of the characters JUnit's tag expressions use. */
    private static final String TAG_PATTERN = "[^\\s,()&|!]+";

    /**
     * Checks the fields, so a typo in the task list fails when the course is loaded.
     *
     * @throws NullPointerException     if a field, or one of the tags, is null
     * @throws IllegalArgumentException if a field is malformed
     */
    public Task {
        Objects.requireNonNull(id, "Task: id is null");
        Objects.requireNonNull(title, "Task: title is null");
        Objects.requireNonNull(section, "Task: section is null");
        NullChecks.requireNoNullElements(tags, "Task", "tags");
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("task id '" + id + "' should look like ex1.2");
        }
        if (title.isBlank() || section.isBlank()) {
            throw new IllegalArgumentException("task " + id + " needs a title and a textbook section");
        }
        if (points <= 0 || chapter <= 0) {
            throw new IllegalArgumentException("task " + id + ": points and chapter must be positive, were "
                    + points + " and " + chapter);
        }
        tags = List.copyOf(tags);
        if (tags.isEmpty() || !tags.get(0).equals(id) || tags.stream().distinct().count() != tags.size()) {
            throw new IllegalArgumentException("task " + id + ": its tags must start with its id and not repeat, were "
                    + tags);
        }
        for (String tag : tags) {
            if (!tag.matches(TAG_PATTERN)) {
                throw new IllegalArgumentException("task " + id + ": '" + tag + "' is not a JUnit tag (no blanks, none"
                        + " of , ( ) & | !)");
            }
        }
    }

    /** A task graded by its own graders only: those tagged with its id. */
    public Task(String id, String title, int points, int chapter, String section) {
        this(id, title, points, chapter, section, List.of(Objects.requireNonNull(id, "Task: id is null")));
    }

    /**
     * This task, graded also by the tests that carry one of {@code moreTags}: groups of a test
     * suite the course shares with gradbook, such as the conformance kit's {@code conformance-map}.
     *
     * @throws NullPointerException if {@code moreTags} or one of its elements is null
     */
    public Task alsoGradedBy(String... moreTags) {
        NullChecks.requireNoNullElements(moreTags, "Task.alsoGradedBy", "moreTags");
        List<String> all = new ArrayList<>(tags);
        all.addAll(List.of(moreTags));
        return new Task(id, title, points, chapter, section, all);
    }

    /**
     * The file of each chapter of the English edition, from the repository root; the Spanish
     * edition has the same names under {@code textbook/chapters/es/}.
     */
    private static final Map<Integer, String> CHAPTER_FILES = Map.of(
            1, "01-derivatives.md", 2, "02-reverse-mode.md", 3, "03-tensors.md", 4, "04-tensor-autodiff.md",
            5, "05-backends.md", 6, "06-performance.md", 7, "07-layers.md", 8, "08-deep-learning-model.md",
            9, "09-training.md", 10, "10-experiments.md");

    /**
     * The English chapter that teaches the task, as a path from the root of a gradbook clone:
     * {@code textbook/chapters/en/03-tensors.md}, or just {@code chapter 11} for a chapter the
     * book does not have (the grader's own tests make up courses).
     */
    public String chapterFile() {
        String file = CHAPTER_FILES.get(chapter);
        return file == null ? "chapter " + chapter : "textbook/chapters/en/" + file;
    }

    /**
     * Where to read about the task, the file first so that a student can open it at once:
     * {@code textbook/chapters/en/03-tensors.md, section 'Storage, shape, strides, offset'}
     * (plain ASCII, so that every terminal shows it).
     */
    public String reading() {
        return chapterFile() + ", section '" + section + "'";
    }
}
