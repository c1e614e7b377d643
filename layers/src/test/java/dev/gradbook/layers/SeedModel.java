package dev.gradbook.layers;

/** The seed lesson's model, shared by several tests. */
final class SeedModel {
    private SeedModel() {
    }

    /** Dense(512, input 784) → relu → Dropout(0.2) → Dense(512) → relu → Dropout(0.2) → Dense(10) → softmax. */
    static Sequential build(long seed) {
        Sequential model = new Sequential(seed);
        model.add(new Dense(512, 784));
        model.add(new Activation("relu"));
        model.add(new Dropout(0.2));
        model.add(new Dense(512));
        model.add(new Activation("relu"));
        model.add(new Dropout(0.2));
        model.add(new Dense(10));
        model.add(new Activation("softmax"));
        return model;
    }
}
