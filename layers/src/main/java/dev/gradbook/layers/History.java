package dev.gradbook.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Sequential#fit} returns: for every logged quantity ({@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}) the list of its values, one per epoch, like Keras'
 * {@code history.history}. Plot {@code get("loss")} against {@code get("val_loss")} to see
 * whether the model over- or under-fits.
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();

    /** Records the logs of one finished epoch. */
    void append(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** Every quantity's per-epoch values, in logging order (read-only). */
    public Map<String, List<Double>> history() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** The per-epoch values of {@code key}, e.g. {@code get("val_accuracy")}. */
    public List<Double> get(String key) {
        Objects.requireNonNull(key, "History.get: key is null");
        List<Double> list = values.get(key);
        if (list == null) {
            throw new IllegalArgumentException("History: no values for '" + key + "'; recorded: "
                    + String.join(", ", values.keySet()));
        }
        return Collections.unmodifiableList(list);
    }

    /** The value of {@code key} after the last epoch run. */
    public double last(String key) {
        Objects.requireNonNull(key, "History.last: key is null");
        List<Double> list = get(key);
        return list.get(list.size() - 1);
    }

    /** The epochs run, counted from 0 (fewer than asked for if training stopped early). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    @Override
    public String toString() {
        return "History" + values;
    }
}
