/**
 * Chapter 4's tasks, tensor autodiff: undoing a broadcast in the backward pass (ex4.1), the
 * backward rules of mul, div, matmul, sum and softmax as plain functions (ex4.2 to ex4.4), and a
 * finite-difference gradient checker that catches wrong gradients (ex4.5). gradbook's own autograd
 * is the oracle. {@link dev.gradbook.exercises.tensorgrad.TensorChecks} holds what the tensor
 * graders of chapters 4, 7 and 9 share.
 */
package dev.gradbook.exercises.tensorgrad;
