/** Initializers: the starting values of weights, scaled to the layer's size. */
package dev.gradbook.layers.initializers;
