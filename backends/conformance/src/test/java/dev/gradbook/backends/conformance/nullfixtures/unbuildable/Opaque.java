package dev.gradbook.backends.conformance.nullfixtures.unbuildable;

import dev.gradbook.autograd.NullChecks;

import java.util.List;

/** A fixture of {@code NullPolicyCheckTest}: a list of a type the check has no sample of. */
public final class Opaque {
    private Opaque() {
    }

    /**
     * Takes a list of {@code Opaque}, which nobody told the check how to build.
     *
     * @param items a list
     */
    public static void take(List<Opaque> items) {
        NullChecks.requireNoNullElements(items, "Opaque.take", "items");
    }
}
