package dev.gradbook.exercises.grading;

import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The grader's time limit for generated tests ({@code @TestFactory}), which JUnit's own timeout
 * does not cover: it times the factory method, not the tests the factory returns. A grader whose
 * tests are generated (the backend conformance kit has thousands) registers this extension, and
 * each generated test then runs in a thread of its own with the grading run's per-test limit.
 *
 * <p>When one of them is still running at the limit, it fails as timed out and is abandoned (its
 * thread is a daemon, so it cannot keep the JVM alive), and every later generated test of the
 * same grader class, or nested group, fails at once without running: code that looped forever
 * once would most likely loop again, and waiting out the limit a thousand times is no use to
 * anybody. Fixing that first loop fixes the rest.
 */
public final class DynamicTestTimeLimit implements InvocationInterceptor {

    /** The configuration parameter with the limit in milliseconds; the grader sets it. */
    public static final String PROPERTY = "gradbook.grade.timeout.millis";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamicTestTimeLimit.class);
    private static final String STUCK = "the test that did not finish";

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext context) throws Throwable {
        Objects.requireNonNull(invocation, "DynamicTestTimeLimit.interceptDynamicTest: invocation is null");
        Objects.requireNonNull(invocationContext, "DynamicTestTimeLimit.interceptDynamicTest: invocationContext is null");
        Objects.requireNonNull(context, "DynamicTestTimeLimit.interceptDynamicTest: context is null");
        ExtensionContext group = enclosingClass(context);
        Duration limit = limit(context);
        String stuck = group.getStore(NAMESPACE).get(STUCK, String.class);
        if (stuck != null) {
            invocation.skip();
            throw new AssertionError("not run: '" + stuck + "' did not finish within " + Grader.duration(limit)
                    + " and was abandoned, so the tests after it are not run; fix that loop first");
        }
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                invocation.proceed();
            } catch (Throwable failure) {
                thrown.set(failure);
            }
        }, "gradbook-grader-" + context.getDisplayName());
        runner.setDaemon(true);
        runner.start();
        runner.join(limit.toMillis());
        if (runner.isAlive()) {
            group.getStore(NAMESPACE).put(STUCK, context.getDisplayName());
            throw new TimeoutException(context.getDisplayName() + " timed out after " + Grader.duration(limit));
        }
        if (thrown.get() != null) {
            throw thrown.get();
        }
    }

    /**
     * The nearest class around the generated test (a nested group, or the grader itself). Its
     * parents are the test factory's method (a method element), perhaps an enclosing dynamic
     * container (no element), then the class (a class element).
     */
    private static ExtensionContext enclosingClass(ExtensionContext context) {
        ExtensionContext at = context;
        while (!(at.getElement().orElse(null) instanceof Class<?>) && at.getParent().isPresent()) {
            at = at.getParent().get();
        }
        return at;
    }

    private static Duration limit(ExtensionContext context) {
        return context.getConfigurationParameter(PROPERTY).map(Long::parseLong).map(Duration::ofMillis)
                .orElse(Grader.DEFAULT_TIMEOUT);
    }
}
