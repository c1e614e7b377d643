/**
 * gradbook's graded course: students rebuild gradbook's pieces, and gradbook itself checks them.
 *
 * <p>Each task ({@code ex1.1}, {@code ex3.4}, ...) is listed once, in
 * {@link dev.gradbook.exercises.grading.Course}, with its title, points and the textbook section
 * that teaches it. The reference solution of a task sits in a marked region of an ordinary class
 * ({@code // BEGIN SOLUTION ex1.1} ... {@code // END SOLUTION}); its grader is a JUnit class
 * tagged with the task's id, next to the code it grades. The exported starter is this same source
 * with every region replaced by {@code throw Todo.task("ex1.1");}.
 *
 * <ul>
 *   <li>{@code scalar}: chapters 1-2, a micrograd-style {@code Value}, its backward pass and a
 *       network of Values that learns XOR.</li>
 *   <li>{@code strided}: chapter 3, the index arithmetic of strided arrays.</li>
 *   <li>{@code tensorgrad}: chapter 4, undoing a broadcast, the backward rules of mul, div,
 *       matmul, sum and softmax, and a finite-difference gradient checker.</li>
 *   <li>{@code layers}: chapter 7, a {@code Dense} and a {@code Dropout} layer on the real
 *       {@code Layer} interface, and a softmax that does not overflow.</li>
 *   <li>{@code training}: chapter 9, cross-entropy as a {@code Loss}, SGD with momentum, RMSprop
 *       and Adam as {@code Optimizer}s, an early-stopping {@code Callback}.</li>
 *   <li>{@code grading}: the task list, the grader (JUnit Platform Launcher) and its scoreboard.</li>
 *   <li>{@code export}: the teacher's tools, the starter export and the install of gradbook's
 *       jars; not part of the starter.</li>
 * </ul>
 */
package dev.gradbook.exercises;
