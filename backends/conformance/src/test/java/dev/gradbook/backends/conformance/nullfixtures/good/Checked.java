package dev.gradbook.backends.conformance.nullfixtures.good;

import dev.gradbook.autograd.NullChecks;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A fixture of {@code NullPolicyCheckTest}: every parameter checked as the policy says. */
public final class Checked {
    private Checked() {
    }

    /**
     * Takes one of each kind of parameter the check fills with a null.
     *
     * @param name   a plain argument
     * @param names  a list
     * @param tags   a set
     * @param values a map
     * @param parts  an array
     */
    public static void take(String name, List<String> names, Set<String> tags, Map<String, Double> values,
                            String[] parts) {
        Objects.requireNonNull(name, "Checked.take: name is null");
        NullChecks.requireNoNullElements(names, "Checked.take", "names");
        NullChecks.requireNoNullElements(tags, "Checked.take", "tags");
        NullChecks.requireNoNullEntries(values, "Checked.take", "values");
        NullChecks.requireNoNullElements(parts, "Checked.take", "parts");
    }
}
