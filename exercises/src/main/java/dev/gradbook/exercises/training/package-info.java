/**
 * Chapter 9's tasks, training: categorical cross-entropy as a {@link dev.gradbook.layers.losses.Loss}
 * (ex9.1), SGD with momentum (ex9.2), RMSprop and Adam (ex9.3) as
 * {@link dev.gradbook.layers.optimizers.Optimizer}s, and early stopping as a
 * {@link dev.gradbook.layers.callbacks.Callback} (ex9.4). gradbook's own loss, optimizers and
 * callback are the oracles, run side by side with the student's on the same seeded problems.
 */
package dev.gradbook.exercises.training;
