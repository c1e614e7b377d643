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
 * backends and the layers): <strong>a {@code null} argument fails at once with a
 * {@link java.lang.NullPointerException} whose message names the method and the
 * parameter</strong>, before anything else is checked or changed:
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
 * <p>The exceptions are parameters whose Javadoc says what {@code null} means there, such as
 * {@code LessonData.load(null)} (the bundled digits) or {@code Backends.setDefault(null)} (hand the
 * choice back to the system property). Elements of a varargs array count as arguments (the
 * message names the index); elements of a list or map are values, checked where they are used.
 * Each public method checks with {@code Objects.requireNonNull(x, "Class.method: x is null")},
 * and an array's elements with {@link dev.gradbook.autograd.NullChecks}. The rule is tested by
 * reflection over every public class (the conformance kit's {@code NullPolicyCheck}), so a new
 * method that forgets it fails the build.
 */
package dev.gradbook.autograd;
