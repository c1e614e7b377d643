package dev.gradbook.layers.losses;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** The losses by the names Keras gives them, for {@code compile("rmsprop", "categorical_crossentropy")}. */
public final class Losses {
    private static final Map<String, Supplier<Loss>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("categorical_crossentropy", CategoricalCrossentropy::new);
        BY_NAME.put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::new);
        BY_NAME.put("binary_crossentropy", BinaryCrossentropy::new);
        BY_NAME.put("mean_squared_error", MeanSquaredError::new);
        BY_NAME.put("mse", MeanSquaredError::new);
    }

    private Losses() {
    }

    /** A new loss called {@code name} (case-insensitive); an unknown name fails listing the valid ones. */
    public static Loss get(String name) {
        Objects.requireNonNull(name, "Losses.get: name is null");
        Supplier<Loss> factory = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException("compile: unknown loss '" + name + "'; valid names are "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return factory.get();
    }
}
