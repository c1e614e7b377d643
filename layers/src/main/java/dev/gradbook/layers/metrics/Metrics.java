package dev.gradbook.layers.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** The metrics by Keras name, for {@code compile(..., "accuracy")}. */
public final class Metrics {
    private static final Map<String, Supplier<Metric>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("accuracy", Accuracy::new);
        BY_NAME.put("acc", Accuracy::new);
    }

    private Metrics() {
    }

    /** A new metric called {@code name} (case-insensitive); an unknown name fails listing the valid ones. */
    public static Metric get(String name) {
        Objects.requireNonNull(name, "Metrics.get: name is null");
        Supplier<Metric> factory = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("compile: unknown metric '" + name + "'; valid names are "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return factory.get();
    }
}
