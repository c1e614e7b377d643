/**
 * Data for the networks to learn from: the IDX file format and the MNIST digits.
 *
 * <p>Start with {@link dev.gradbook.layers.data.Mnist}: {@code Mnist.bundled()} gives 10,000 real
 * handwritten digits that ship with gradbook, {@code Mnist.load(folder)} reads the full MNIST or
 * Fashion-MNIST from disk. Either way you get a {@link dev.gradbook.layers.data.MnistData} whose
 * {@code train()} and {@code test()} splits hand out plain Java arrays — images scaled to [0, 1],
 * labels one-hot encoded — that the layers wrap into tensors.
 *
 * <p>Underneath, {@link dev.gradbook.layers.data.Idx} reads and writes the IDX format itself
 * (a 4-byte magic number, the sizes, then the bytes) into an
 * {@link dev.gradbook.layers.data.IdxArray}, and every kind of damaged file is reported as an
 * {@link dev.gradbook.layers.data.IdxFormatException} naming the file and the problem.
 * {@link dev.gradbook.layers.data.NpmDigitsToIdx} is the documented tool that produced the bundled
 * files.
 *
 * <p>This package deliberately does not use the tensor API: it is plain Java, so it can be read,
 * and tested, on its own.
 */
package dev.gradbook.layers.data;
