package dev.gradbook.layers.optimizers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** The optimizers by Keras name, each with Keras' default hyperparameters: {@code compile("rmsprop", ...)}. */
public final class Optimizers {
    private static final Map<String, Supplier<Optimizer>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("sgd", SGD::new);
        BY_NAME.put("rmsprop", RMSprop::new);
        BY_NAME.put("adam", Adam::new);
    }

    private Optimizers() {
    }

    /** A new optimizer called {@code name} (case-insensitive); an unknown name fails listing the valid ones. */
    public static Optimizer get(String name) {
        Objects.requireNonNull(name, "Optimizers.get: name is null");
        Supplier<Optimizer> factory = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("compile: unknown optimizer '" + name + "'; valid names are "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return factory.get();
    }
}
