/**
 * Runnable programs, starting with the seed lesson
 * {@link dev.gradbook.layers.examples.SeedLesson}. They are plain Java: options come in as a record,
 * output goes to a {@link java.io.PrintStream}; the {@code gradbook} command line (module
 * {@code gradbook-cli}) reads the options and calls them.
 */
package dev.gradbook.layers.examples;
