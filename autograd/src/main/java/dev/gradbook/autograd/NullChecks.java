package dev.gradbook.autograd;

import java.util.Objects;

/**
 * The one helper of gradbook's null policy (written out in the package documentation of
 * {@code dev.gradbook.autograd}, "Null arguments"): every public method checks each reference
 * argument at entry with {@code Objects.requireNonNull(x, "Class.method: x is null")}, and an
 * array whose elements must not be null either — a varargs list of tensors, layers or metrics —
 * with this method, so the message also names the index of the null element.
 */
public final class NullChecks {
    private NullChecks() {
    }

    /**
     * Checks that {@code array} and each of its elements is not null.
     *
     * @param array     the argument to check
     * @param method    the method that received it, as {@code "Tensor.concat"}
     * @param parameter the parameter's name, as {@code "tensors"}
     * @param <T>       the element type
     * @return {@code array}, for use in an expression
     * @throws NullPointerException naming the method, the parameter and the index, e.g.
     *                              {@code "Tensor.concat: tensors[1] is null"}
     */
    public static <T> T[] requireNoNullElements(T[] array, String method, String parameter) {
        Objects.requireNonNull(method, "NullChecks.requireNoNullElements: method is null");
        Objects.requireNonNull(parameter, "NullChecks.requireNoNullElements: parameter is null");
        Objects.requireNonNull(array, () -> method + ": " + parameter + " is null");
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException(method + ": " + parameter + "[" + i + "] is null");
            }
        }
        return array;
    }
}
