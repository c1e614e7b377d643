/**
 * gradbook's automatic differentiation: the {@link dev.gradbook.autograd.Scalar} engine (one
 * number per node, as in micrograd), the {@link dev.gradbook.autograd.Tensor} engine over
 * strided n-dimensional arrays, and the choice of backend that does a tensor's arithmetic
 * ({@link dev.gradbook.autograd.Backends}); the service-provider interface a backend implements
 * is in {@link dev.gradbook.autograd.spi}.
 *
 * <h2>Null arguments</h2>
 *
 * <p>One rule holds for every public constructor and method of gradbook (this module, the
 * backends, the layers, the textbook's tools, the exercises and the command line):
 * <strong>a {@code null} argument fails at once with a {@link java.lang.NullPointerException}
 * whose message names the method and the parameter</strong>, before anything else is checked or
 * changed:
 *
 * <pre>{@code
 * model.setWeights(null);   // NullPointerException: Sequential.setWeights: weights is null
 * Tensor.concat(0, a, null) // NullPointerException: Tensor.concat: tensors[1] is null
 * }</pre>
 *
 * <p>Why a {@code NullPointerException} and not an {@code IllegalArgumentException}: it is what
 * Java's own {@link java.util.Objects#requireNonNull(Object, String)} throws, so the check is one
 * standard line at the top of a method, and a student can tell a missing value (a bug in the
 * calling code) from a value of the wrong size or range (an {@code IllegalArgumentException}).
 * Why at once: a null noticed three calls deeper gives the JVM's {@code Cannot invoke ...
 * because "x" is null} about a variable the caller never saw.
 *
 * <p>The elements of an argument count as arguments too: a {@code null} element of an array
 * (varargs included), a {@code List}, {@code Set}, {@code Collection} or {@code Iterable}, and a
 * {@code null} key or value of a {@code Map}, fail at once in the same way, and the message says
 * where the null is — the index, in iteration order, or the key:
 *
 * <pre>{@code
 * model.setWeights(Arrays.asList(kernel, bias, null)) // Sequential.setWeights: weights[2] is null
 * SafeTensors.write(file, tensorsWithANullValue)      // SafeTensors.write: tensors["dense/bias"] is null
 * SafeTensors.write(file, tensorsWithANullKey)        // SafeTensors.write: tensors has a null key
 * }</pre>
 *
 * This goes one level deep: what the elements hold (the numbers in each list of a history map,
 * say) is data, checked where it is read.
 *
 * <p>The exceptions are parameters whose Javadoc says what {@code null} means there, such as
 * {@code LessonData.load(null)} (the bundled digits) or {@code Backends.setDefault(null)} (hand the
 * choice back to the system property). Each public method checks with
 * {@code Objects.requireNonNull(x, "Class.method: x is null")}, and an argument with elements with
 * one line of {@link dev.gradbook.autograd.NullChecks} ({@code requireNoNullElements} for arrays
 * and collections, {@code requireNoNullEntries} for maps), which checks the argument too. The rule
 * is tested by reflection over every public class of those modules (the conformance kit's
 * {@code NullPolicyCheck}, which also passes each array, collection and map with one null inside),
 * so a new method that forgets it fails the build.
 */
package dev.gradbook.autograd;
