package dev.gradbook.autograd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one helper of gradbook's null policy (written out in the package documentation of
 * {@code dev.gradbook.autograd}, "Null arguments"): every public method checks each reference
 * argument at entry with {@code Objects.requireNonNull(x, "Class.method: x is null")}, and an
 * argument whose elements must not be null either — a varargs array of tensors, a list of
 * weights, a map of tensors by name — with one of these methods, so that the message also names
 * the index (or the key) of the null element:
 *
 * <pre>{@code
 * NullChecks.requireNoNullElements(tensors, "Tensor.concat", "tensors");      // an array
 * NullChecks.requireNoNullElements(weights, "Sequential.setWeights", "weights"); // a list, a set
 * NullChecks.requireNoNullEntries(tensors, "SafeTensors.write", "tensors");    // a map
 * }</pre>
 *
 * <p>Each also checks the argument itself, so one line covers both the argument and its elements.
 */
public final class NullChecks {
    private NullChecks() {
    }

    /**
     * Checks that the array {@code elements} and each of its elements is not null.
     *
     * @param elements  the argument to check
     * @param method    the method that received it, as {@code "Tensor.concat"}
     * @param parameter the parameter's name, as {@code "tensors"}
     * @param <T>       the element type
     * @return {@code elements}, for use in an expression
     * @throws NullPointerException naming the method, the parameter and the index, e.g.
     *                              {@code "Tensor.concat: tensors[1] is null"}
     */
    public static <T> T[] requireNoNullElements(T[] elements, String method, String parameter) {
        requireNames("requireNoNullElements", method, parameter);
        Objects.requireNonNull(elements, () -> method + ": " + parameter + " is null");
        for (int i = 0; i < elements.length; i++) {
            if (elements[i] == null) {
                throw nullElement(method, parameter, i);
            }
        }
        return elements;
    }

    /**
     * Checks that {@code elements} (a list, a set, any collection) and each of its elements is not
     * null. The index is the position in iteration order, which for a list is its index. A
     * collection can be walked again afterwards; for a plain {@link Iterable}, which may allow
     * only one walk, use {@link #copyOfNoNullElements} instead.
     *
     * @param elements  the argument to check
     * @param method    the method that received it, as {@code "Sequential.setWeights"}
     * @param parameter the parameter's name, as {@code "weights"}
     * @param <C>       the argument's type, returned as it is
     * @return {@code elements}, for use in an expression
     * @throws NullPointerException naming the method, the parameter and the index, e.g.
     *                              {@code "Sequential.setWeights: weights[2] is null"}
     */
    public static <C extends Collection<?>> C requireNoNullElements(C elements, String method, String parameter) {
        requireNames("requireNoNullElements", method, parameter);
        Objects.requireNonNull(elements, () -> method + ": " + parameter + " is null");
        int index = 0;
        for (Object element : elements) {
            if (element == null) {
                throw nullElement(method, parameter, index);
            }
            index++;
        }
        return elements;
    }

    /**
     * Walks {@code elements} once, checking it and each element as {@link #requireNoNullElements}
     * does, and returns what it walked as a list, for a method that takes a plain {@link Iterable}
     * (which may allow only one walk, as an iterator wrapped in a lambda does) and must walk it
     * after checking it.
     *
     * @param elements  the argument to check
     * @param method    the method that received it, as {@code "Scalar.sum"}
     * @param parameter the parameter's name, as {@code "terms"}
     * @param <T>       the element type
     * @return the elements in iteration order, in a new unmodifiable list
     * @throws NullPointerException naming the method, the parameter and the index, e.g.
     *                              {@code "Scalar.sum: terms[1] is null"}
     */
    public static <T> List<T> copyOfNoNullElements(Iterable<? extends T> elements, String method, String parameter) {
        requireNames("copyOfNoNullElements", method, parameter);
        Objects.requireNonNull(elements, () -> method + ": " + parameter + " is null");
        List<T> copy = new ArrayList<>();
        for (T element : elements) {
            if (element == null) {
                throw nullElement(method, parameter, copy.size());
            }
            copy.add(element);
        }
        return Collections.unmodifiableList(copy);
    }

    /**
     * Checks that {@code map} is not null and holds no null key and no null value.
     *
     * @param map       the argument to check
     * @param method    the method that received it, as {@code "SafeTensors.write"}
     * @param parameter the parameter's name, as {@code "tensors"}
     * @param <M>       the argument's type, returned as it is
     * @return {@code map}, for use in an expression
     * @throws NullPointerException naming the method, the parameter and the key of a null value,
     *                              e.g. {@code "SafeTensors.write: tensors[\"dense/kernel\"] is null"},
     *                              or {@code "SafeTensors.write: tensors has a null key"}
     */
    public static <M extends Map<?, ?>> M requireNoNullEntries(M map, String method, String parameter) {
        requireNames("requireNoNullEntries", method, parameter);
        Objects.requireNonNull(map, () -> method + ": " + parameter + " is null");
        // Over the entries, not with containsKey(null): some maps (TreeMap, Map.of) throw on that.
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == null) {
                throw new NullPointerException(method + ": " + parameter + " has a null key");
            }
            if (entry.getValue() == null) {
                Object key = entry.getKey();
                String shown = key instanceof CharSequence ? "\"" + key + "\"" : String.valueOf(key);
                throw new NullPointerException(method + ": " + parameter + "[" + shown + "] is null");
            }
        }
        return map;
    }

    private static void requireNames(String check, String method, String parameter) {
        Objects.requireNonNull(method, () -> "NullChecks." + check + ": method is null");
        Objects.requireNonNull(parameter, () -> "NullChecks." + check + ": parameter is null");
    }

    private static NullPointerException nullElement(String method, String parameter, int index) {
        return new NullPointerException(method + ": " + parameter + "[" + index + "] is null");
    }
}
