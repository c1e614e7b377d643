package dev.gradbook.backends.simd;

import dev.gradbook.backends.conformance.NullPolicyCheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The null policy (see the package documentation of {@code dev.gradbook.autograd}) over this
 * backend's public classes, checked by reflection with the conformance kit's
 * {@link NullPolicyCheck}: a null argument fails at once, naming the method and the parameter.
 */
@DisplayName("Null arguments fail at once, naming the method and the parameter")
class NullPolicyTest {

    @TestFactory
    @DisplayName("the simd backend")
    Stream<DynamicNode> simdBackend() {
        return NullPolicyCheck.forPackageOf(SimdBackend.class)
                .sample(SimdBackend.class, SimdBackend::new)
                .sample(SimdBackendProvider.class, SimdBackendProvider::new)
                .tests();
    }
}
