package dev.gradbook.backends.conformance;

import dev.gradbook.backends.conformance.nullfixtures.bad.Unchecked;
import dev.gradbook.backends.conformance.nullfixtures.good.Checked;
import dev.gradbook.backends.conformance.nullfixtures.unbuildable.Opaque;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NullPolicyCheck} itself, on small fixture classes (in {@code nullfixtures}, compiled with
 * the tests): its cases pass on a class that checks what the policy asks for, and fail, saying
 * why, on one that checks its arguments but not their elements. Each case is run here by hand and
 * its outcome recorded, so that a check that stopped failing would fail this test.
 */
@DisplayName("NullPolicyCheck: passes a class that follows the policy, fails one that does not")
class NullPolicyCheckTest {

    /** Runs every dynamic test; display name (with its containers') → what it threw, or null. */
    private static Map<String, Throwable> run(Stream<DynamicNode> nodes) {
        Map<String, Throwable> outcomes = new LinkedHashMap<>();
        nodes.forEach(node -> run(node, "", outcomes));
        return outcomes;
    }

    private static void run(DynamicNode node, String prefix, Map<String, Throwable> outcomes) {
        String name = prefix + node.getDisplayName();
        if (node instanceof DynamicContainer container) {
            container.getChildren().forEach(child -> run(child, name + " / ", outcomes));
        } else {
            Throwable thrown = null;
            try {
                ((DynamicTest) node).getExecutable().execute();
            } catch (Throwable t) {
                thrown = t;
            }
            outcomes.put(name, thrown);
        }
    }

    private static Throwable outcome(Map<String, Throwable> outcomes, String endOfName) {
        List<String> matching = outcomes.keySet().stream().filter(name -> name.endsWith(endOfName)).toList();
        assertEquals(1, matching.size(), "one case named ..." + endOfName + " among " + outcomes.keySet());
        return outcomes.get(matching.get(0));
    }

    @Test
    @DisplayName("a class that checks every argument, element, key and value: all 10 cases pass")
    void followsThePolicy() {
        Map<String, Throwable> outcomes = run(NullPolicyCheck.forPackageOf(Checked.class).tests());
        // name; names, names[1]; tags, tags[1]; values, values[key], a null key; parts, parts[1]; plus
        // the two checks of the scan itself
        assertEquals(12, outcomes.size(), outcomes.keySet().toString());
        outcomes.forEach((name, thrown) -> assertNull(thrown, name + " failed: " + thrown));
    }

    @Test
    @DisplayName("skipPackage leaves a sub-package's classes out, and an entry that matches no class fails the run")
    void skipPackage() {
        String fixtures = Checked.class.getPackageName().replace(".good", "");
        Map<String, Throwable> outcomes = run(NullPolicyCheck.forPackage(fixtures, Checked.class)
                .skipPackage(fixtures + ".bad", "a fixture that breaks the policy on purpose")
                .skipPackage(fixtures + ".unbuildable", "a fixture whose element type has no sample")
                .tests());
        assertEquals(12, outcomes.size(), "only Checked's 10 cases and the scan's two: " + outcomes.keySet());
        outcomes.forEach((name, thrown) -> assertNull(thrown, name + " failed: " + thrown));

        Map<String, Throwable> stale = run(NullPolicyCheck.forPackageOf(Checked.class)
                .skipPackage(fixtures + ".gone", "no such package").tests());
        Throwable thrown = outcome(stale, "every entry matches a member of " + Checked.class.getPackageName());
        assertTrue(thrown != null && thrown.getMessage().contains(fixtures + ".gone"), String.valueOf(thrown));
    }

    @Nested
    @DisplayName("a class that checks its arguments but not their elements")
    class Elements {
        private final Map<String, Throwable> outcomes = run(NullPolicyCheck.forPackageOf(Unchecked.class).tests());

        @Test
        @DisplayName("the null arguments pass")
        void argumentsPass() {
            assertNull(outcome(outcomes, "Unchecked.list(List names): names = null"));
            assertNull(outcome(outcomes, "Unchecked.map(Map values): values = null"));
        }

        @Test
        @DisplayName("a null list element that goes unnoticed fails: the method returned normally")
        void listElement() {
            Throwable thrown = outcome(outcomes, "Unchecked.list(List names): names[1] = null");
            assertTrue(thrown instanceof AssertionError, String.valueOf(thrown));
            assertTrue(thrown.getMessage().contains("with names[1] = null returned normally"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("\"list:\" and \"names[1]\""), thrown.getMessage());
        }

        @Test
        @DisplayName("a null map value and a null key fail: the JVM's message names neither the method nor the key")
        void mapValueAndKey() {
            Throwable value = outcome(outcomes, "Unchecked.map(Map values): values[key] = null");
            assertTrue(value.getMessage().contains("must name the method \"map\" and \"values[\"x\"]\""), value.getMessage());
            Throwable key = outcome(outcomes, "Unchecked.map(Map values): values holds a null key");
            assertTrue(key.getMessage().contains("must name the method \"map\" and \"values has a null key\""),
                    key.getMessage());
        }

        @Test
        @DisplayName("pendingFix turns a failing case into one that must keep failing")
        void pendingFix() {
            Map<String, Throwable> pending = run(NullPolicyCheck.forPackageOf(Unchecked.class)
                    .pendingFix("Unchecked.list(names[])", "a fixture that never checks its elements").tests());
            assertNull(outcome(pending, "names[1] = null (still fails: pending a fix)"));
        }
    }

    @Test
    @DisplayName("pendingFix on a case that already passes fails, asking for the entry to go")
    void pendingFixOnAFixedCase() {
        Map<String, Throwable> outcomes = run(NullPolicyCheck.forPackageOf(Checked.class)
                .pendingFix("Checked.take(names[])", "fixed already").tests());
        Throwable thrown = outcome(outcomes, "names[1] = null (still fails: pending a fix)");
        assertTrue(thrown instanceof AssertionError, String.valueOf(thrown));
        assertTrue(thrown.getMessage().contains("Checked.take(names[]) now follows the null policy"), thrown.getMessage());
    }

    @Test
    @DisplayName("an element type nobody can build fails its case, naming the type; the null argument still passes")
    void unbuildableElement() {
        Map<String, Throwable> outcomes = run(NullPolicyCheck.forPackageOf(Opaque.class).tests());
        assertNull(outcome(outcomes, "Opaque.take(List items): items = null"));
        Throwable thrown = outcome(outcomes, "Opaque.take(List items): items[1] = null");
        assertTrue(thrown instanceof AssertionError, String.valueOf(thrown));
        assertTrue(thrown.getMessage().contains("no sample value of type " + Opaque.class.getName()), thrown.getMessage());
    }
}
