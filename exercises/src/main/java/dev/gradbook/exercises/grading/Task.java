package dev.gradbook.exercises.grading;

import java.util.Map;

/**
 * One graded task of the course: what a student builds, what it is worth, and where the textbook
 * teaches it.
 *
 * @param id      the task's id, {@code ex<chapter>.<number>} (also the JUnit tag of its graders)
 * @param title   what the student builds, in a few words
 * @param points  what the task is worth when all its tests pass (no partial credit: a task whose
 *                example passes but whose random checks fail is not done)
 * @param chapter the textbook chapter that teaches it
 * @param section the title of that chapter's section to reread, a heading of its English
 *                edition exactly as written there (a test of this module holds the textbook to it)
 */
public record Task(String id, String title, int points, int chapter, String section) {

    /** The pattern every task id follows: letters, chapter, dot, number ({@code ex1.2}). */
    public static final String ID_PATTERN = "[a-z]+\\d+\\.\\d+";

    /** Checks the fields, so a typo in the task list fails when the course is loaded. */
    public Task {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("task id '" + id + "' should look like ex1.2");
        }
        if (title == null || title.isBlank() || section == null || section.isBlank()) {
            throw new IllegalArgumentException("task " + id + " needs a title and a textbook section");
        }
        if (points <= 0 || chapter <= 0) {
            throw new IllegalArgumentException("task " + id + ": points and chapter must be positive, were "
                    + points + " and " + chapter);
        }
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
