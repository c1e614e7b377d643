package dev.gradbook.cli;

import dev.gradbook.backends.conformance.NullPolicyCheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The null policy (see the package documentation of {@code dev.gradbook.autograd}) over the
 * public API of {@code dev.gradbook.cli}, checked by reflection with the conformance kit's
 * {@link NullPolicyCheck}: each public constructor and method is called with {@code null} in one
 * parameter at a time (and in an element of {@code args}) and must throw a
 * {@code NullPointerException} naming the method and the parameter. The commands themselves are
 * package-private (picocli builds them); the public API is {@link Gradbook}'s entry points.
 */
@DisplayName("Null arguments fail at once, naming the method and the parameter")
class NullPolicyTest {

    @TestFactory
    @DisplayName("the gradbook command")
    Stream<DynamicNode> cli() {
        return NullPolicyCheck.forPackageOf(Gradbook.class).tests();
    }
}
