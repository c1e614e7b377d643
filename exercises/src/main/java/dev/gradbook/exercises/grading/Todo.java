package dev.gradbook.exercises.grading;

import java.util.Objects;

/**
 * Marks code that a student still has to write. In the starter every solution is replaced by
 *
 * <pre>{@code
 * throw Todo.task("ex1.2");
 * }</pre>
 *
 * which fails with a message that names the task, the method to fill in and the textbook section
 * to read first. Replace the whole line with your code; the grader
 * ({@code ./gradbook grade ex1.2}) tells you when the task is done.
 */
public final class Todo {

    private Todo() {
    }

    /**
     * The error to throw from code that task {@code id} asks you to write.
     *
     * @param id a task of {@link Course#standard()}, e.g. {@code "ex1.2"}
     * @throws NullPointerException if {@code id} is null
     * @return the exception, for the caller to throw (so that the compiler sees the method end)
     */
    public static TaskNotDone task(String id) {
        Objects.requireNonNull(id, "Todo.task: id is null");
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElse(null);
        String where = caller == null ? "the starter"
                : simpleName(caller.getClassName()) + "." + caller.getMethodName() + " (" + caller.getFileName() + ":"
                + caller.getLineNumber() + ")";
        return new TaskNotDone(id, Course.standard().find(id).orElse(null), where);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * Thrown where a task's code is still missing. The grader recognises it, so that a task not
     * started shows as "not started", and a test that runs into an earlier task's missing code
     * says which task to do first.
     */
    public static final class TaskNotDone extends UnsupportedOperationException {
        private static final long serialVersionUID = 1L;
        private final String taskId;
        private final String where;

        TaskNotDone(String taskId, Task task, String where) {
            super(taskId + (task == null ? "" : " (" + task.title() + ")") + " is not done yet: replace"
                    + " 'throw Todo.task(\"" + taskId + "\");' in " + where + " with your code"
                    + (task == null ? "" : "; read " + task.reading()) + ", then run ./gradbook grade " + taskId);
            this.taskId = taskId;
            this.where = where;
        }

        /** The id of the task whose code is missing. */
        public String taskId() {
            return taskId;
        }

        /** The method and source line that still throws, e.g. {@code Value.div (Value.java:120)}. */
        public String where() {
            return where;
        }
    }
}
