package dev.gradbook.autograd;

/**
 * Whether operations record the graph that {@code backward()} walks. Recording costs memory (every
 * intermediate result is kept alive for the backward pass), so evaluation and optimizer updates
 * switch it off:
 *
 * <pre>{@code
 * try (var off = GradMode.noGrad()) {
 *     Tensor prediction = model.apply(x);   // no graph is built
 * }
 * }</pre>
 *
 * Scopes nest and are per thread.
 */
public final class GradMode {
    private static final ThreadLocal<int[]> DISABLED_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private GradMode() {
    }

    /** True unless some {@link #noGrad()} scope is open on this thread. */
    public static boolean isEnabled() {
        return DISABLED_DEPTH.get()[0] == 0;
    }

    /** Stops recording on this thread until the returned scope is closed. */
    public static Scope noGrad() {
        int[] depth = DISABLED_DEPTH.get();
        depth[0]++;
        boolean[] closed = {false};
        return () -> {
            if (!closed[0]) { // closing twice must not switch recording off for good
                closed[0] = true;
                depth[0]--;
            }
        };
    }
}
