/** Metrics: numbers reported during training, such as accuracy, that are never differentiated. */
package dev.gradbook.layers.metrics;
