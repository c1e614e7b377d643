package dev.gradbook.exercises.grading;

/**
 * One graded task of the course: what a student builds, what it is worth, and where the textbook
 * teaches it.
 *
 * @param id      the task's id, {@code ex<chapter>.<number>} (also the JUnit tag of its graders)
 * @param title   what the student builds, in a few words
 * @param points  what the task is worth when all its tests pass (no partial credit: a task whose
 *                example passes but whose random checks fail is not done)
 * @param chapter the textbook chapter that teaches it
 * @param section the title of that chapter's section to reread
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

    /** Where to read about the task: {@code chapter 1, 'Local derivatives'}. */
    public String reading() {
        return "chapter " + chapter + ", '" + section + "'";
    }
}
