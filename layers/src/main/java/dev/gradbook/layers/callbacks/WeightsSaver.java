package dev.gradbook.layers.callbacks;

import dev.gradbook.autograd.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a model's weights to a file: the seam between {@link ModelCheckpoint} and a file format.
 * The weights arrive by name ({@code dense/kernel}, {@code dense/bias}, ...), in layer order, so a
 * format such as safetensors can store them as they are.
 */
@FunctionalInterface
public interface WeightsSaver {

    /** Saves {@code weights} to {@code path}. */
    void save(Path path, Map<String, Tensor> weights) throws IOException;
}
