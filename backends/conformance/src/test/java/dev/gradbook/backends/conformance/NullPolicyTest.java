package dev.gradbook.backends.conformance;

import dev.gradbook.autograd.Tensor;
import dev.gradbook.backends.naive.NaiveBackend;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The null policy (see the package documentation of {@code dev.gradbook.autograd}) over the
 * public API of autograd (with its SPI and examples), the naive backend and this kit, checked by
 * reflection with {@link NullPolicyCheck}. It runs here rather than in autograd's own tests
 * because calling {@code Tensor}'s methods needs a backend, and this is the first module that
 * sees autograd and the naive backend together; the EJML and SIMD backends run the same check
 * in their own modules.
 */
@DisplayName("Null arguments fail at once, naming the method and the parameter")
class NullPolicyTest {

    @TestFactory
    @DisplayName("autograd and autograd.spi")
    Stream<DynamicNode> autograd() {
        return NullPolicyCheck.forPackageOf(Tensor.class)
                .allowNull("Backends.setDefault(name)", "null hands the choice back to the system property,"
                        + " the environment and the priorities")
                .allowNull("BackendRegistry.setDefault(name)", "null hands the choice back to the system property,"
                        + " the environment and the priorities")
                .allowNull("NullChecks.requireNoNullElements(elements)", "a null argument is the very error it"
                        + " reports, in the words of its caller: the method and parameter names it is given")
                .allowNull("NullChecks.requireNoNullElements(elements[])", "a null element is the very error it"
                        + " reports, in the words of its caller")
                .allowNull("NullChecks.copyOfNoNullElements(elements)", "a null argument is the very error it"
                        + " reports, in the words of its caller")
                .allowNull("NullChecks.copyOfNoNullElements(elements[])", "a null element is the very error it"
                        + " reports, in the words of its caller")
                .allowNull("NullChecks.requireNoNullEntries(map)", "a null map is the very error it reports,"
                        + " in the words of its caller")
                .allowNull("NullChecks.requireNoNullEntries(map[])", "a null key or value is the very error it"
                        + " reports, in the words of its caller")
                                .allowNull("Tensor.label(name)", "null removes the label, as before any was given")
                .allowNull("View.str(shape)", "formats shapes for error messages; null prints as \"null\"")
                .tests();
    }

    @TestFactory
    @DisplayName("the naive backend")
    Stream<DynamicNode> naiveBackend() {
        return NullPolicyCheck.forPackageOf(NaiveBackend.class).tests();
    }

    @TestFactory
    @DisplayName("the conformance kit")
    Stream<DynamicNode> conformanceKit() {
        return NullPolicyCheck.forPackageOf(NullPolicyCheck.class)
                .sample(ConformanceChecks.class, () -> new ConformanceChecks(new NaiveBackend()))
                .sample(NullPolicyCheck.class, () -> NullPolicyCheck.forPackageOf(Tensor.class))
                .sample(Class.class, () -> String.class)
                .tests();
    }
}
