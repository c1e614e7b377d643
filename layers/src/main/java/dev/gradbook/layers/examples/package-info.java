/** Runnable programs of the textbook, starting with the seed lesson {@link dev.gradbook.layers.examples.MnistMlp}. */
package dev.gradbook.layers.examples;
