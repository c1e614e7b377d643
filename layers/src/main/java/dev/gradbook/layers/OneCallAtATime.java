package dev.gradbook.layers;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets one thread at a time train, evaluate or predict with a model, and refuses a second one
 * with an error that says why, instead of letting two threads corrupt the same weights silently.
 *
 * <p>A model is not thread-safe, and making it so would not help: two threads stepping the same
 * weights at once compute nonsense even with every update locked, because each step's gradient
 * was taken at weights the other thread has already moved. The Keras methods of
 * {@link Sequential} therefore claim the model for the length of the call. The same thread may
 * claim it again inside (a callback that calls {@code evaluate} during {@code fit}); another
 * thread is refused at once. Two models on two threads are fine: each has its own claim.
 */
final class OneCallAtATime {

    private final AtomicReference<Thread> user = new AtomicReference<>();
    private volatile String userCall;

    /** What {@link #claim} returns: closing it gives the model back (a no-op for a nested claim). */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Claims the model for {@code call} on this thread.
     *
     * @throws IllegalStateException if another thread is using the model right now
     */
    Claim claim(String call) {
        Thread me = Thread.currentThread();
        if (user.get() == me) {
            return () -> { };                           // nested: the outer call gives it back
        }
        if (!user.compareAndSet(null, me)) {
            Thread other = user.get();
            throw new IllegalStateException("Sequential." + call + ": this model is in use by thread '"
                    + (other == null ? "?" : other.getName()) + "' (" + userCall + ") right now; a model is"
                    + " not thread-safe: give each thread its own model, or wait for the other call to return");
        }
        userCall = call;
        return () -> user.set(null);
    }
}
