package dev.gradbook.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays out {@link Sequential#summary()} as Keras' classic text table: three columns ending at
 * characters 29, 55 and 65, a rule of '=' under the header and above the totals, and '_' between
 * rows. Trailing spaces are trimmed (Keras pads every line to 65 characters).
 */
final class SummaryTable {
    private static final int[] COLUMN_ENDS = {29, 55, 65};
    private static final int WIDTH = COLUMN_ENDS[COLUMN_ENDS.length - 1];

    private final String modelName;
    private final List<String[]> rows = new ArrayList<>();

    SummaryTable(String modelName) {
        this.modelName = modelName;
    }

    void addRow(String nameAndType, int[] outputShape, long params) {
        rows.add(new String[] {nameAndType, shapeString(outputShape), String.valueOf(params)});
    }

    String render(long trainable, long nonTrainable) {
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(modelName).append("\"\n");
        sb.append("_".repeat(WIDTH)).append('\n');
        sb.append(line("Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(WIDTH)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(line(rows.get(i)));
            sb.append((i < rows.size() - 1 ? "_" : "=").repeat(WIDTH)).append('\n');
        }
        if (rows.isEmpty()) {
            sb.append("=".repeat(WIDTH)).append('\n');
        }
        sb.append("Total params: ").append(thousands(trainable + nonTrainable)).append('\n');
        sb.append("Trainable params: ").append(thousands(trainable)).append('\n');
        sb.append("Non-trainable params: ").append(thousands(nonTrainable)).append('\n');
        sb.append("_".repeat(WIDTH)).append('\n');
        return sb.toString();
    }

    /** One row: each field padded to its column's end, with at least one space between fields. */
    private static String line(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            sb.append(fields[i]);
            if (sb.length() >= COLUMN_ENDS[i]) {
                sb.append(' '); // the field filled its column: keep the next one apart (Keras cuts it)
            }
            while (sb.length() < COLUMN_ENDS[i]) {
                sb.append(' ');
            }
        }
        return sb.toString().stripTrailing() + "\n";
    }

    /** A sample shape with Keras' {@code None} for the batch: {@code [512]} prints {@code (None, 512)}. */
    static String shapeString(int[] sampleShape) {
        if (sampleShape == null) {
            return "(None, ?)";
        }
        StringBuilder sb = new StringBuilder("(None");
        for (int size : sampleShape) {
            sb.append(", ").append(size);
        }
        return sb.append(')').toString();
    }

    static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
