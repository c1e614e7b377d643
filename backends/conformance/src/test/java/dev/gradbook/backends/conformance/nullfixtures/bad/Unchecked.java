package dev.gradbook.backends.conformance.nullfixtures.bad;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A fixture of {@code NullPolicyCheckTest}: arguments checked, their elements not. */
public final class Unchecked {
    private Unchecked() {
    }

    /**
     * Checks the list but not its elements: a null element goes unnoticed.
     *
     * @param names a list
     */
    public static void list(List<String> names) {
        Objects.requireNonNull(names, "Unchecked.list: names is null");
    }

    /**
     * Checks the map but not its entries; a null value is then read and fails deep inside.
     *
     * @param values a map
     * @return the sum of the values
     */
    public static double map(Map<String, Double> values) {
        Objects.requireNonNull(values, "Unchecked.map: values is null");
        double sum = 0;
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            sum += entry.getValue() + entry.getKey().length();
        }
        return sum;
    }
}
