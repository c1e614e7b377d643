package dev.gradbook.layers;

import java.util.Objects;

/**
 * What the built-in layers share: a name and a trainable switch. Extend it (or implement
 * {@link Layer} directly) to write your own layer.
 */
public abstract class AbstractLayer implements Layer {
    private String name;
    private boolean trainable = true;

    /** The layer's name: the one you chose, the one its model gave it, or null before either. */
    @Override
    public String name() {
        return name;
    }

    /**
     * Names this layer, e.g. {@code "hidden"}; names must be unique within a model. Returns this
     * layer, for chaining.
     */
    public AbstractLayer name(String name) {
        Objects.requireNonNull(name, "AbstractLayer.name: name is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException(typeName() + ": a layer name must not be blank");
        }
        this.name = name;
        return this;
    }

    /** Called by {@link Sequential} to record the name it generated for an unnamed layer. */
    void assignName(String generated) {
        if (name == null) {
            name = generated;
        }
    }

    @Override
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes this layer: a frozen layer's parameters count as
     * "Non-trainable params" in the summary and the optimizer leaves them alone.
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    /** How error messages refer to this layer, e.g. {@code Dense 'dense_1'}. */
    protected String describe() {
        return name == null ? typeName() : typeName() + " '" + name + "'";
    }

    @Override
    public String toString() {
        return describe();
    }
}
