package dev.gradbook.exercises.backend;

import dev.gradbook.autograd.spi.TensorBackend;
import dev.gradbook.backends.conformance.BackendConformanceKit;
import dev.gradbook.exercises.grading.DynamicTestTimeLimit;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

/**
 * gradbook's backend conformance kit, run on your {@link StudentBackend}: the same thousands of
 * checks that the naive, EJML and SIMD backends pass, each comparing a primitive of your backend
 * with the naive backend's on the same numbers, in every layout (transposed, narrowed, reversed,
 * broadcast), on odd and empty sizes, on NaN and infinities, in place, in F32 and F64.
 *
 * <p>The kit's groups are tagged, and the course hands each group to the task it checks
 * ({@link dev.gradbook.exercises.grading.Course}): {@code conformance-map}, {@code -copy},
 * {@code -fill}, {@code -gather} to ex5.1, {@code conformance-zip} and {@code -in-place} to ex5.2,
 * {@code conformance-reduce} to ex5.3, {@code conformance-matmul} to ex5.4, and
 * {@code conformance-allocate}, {@code -update} and {@code -end-to-end} (one training step through
 * {@code Tensor} on the backend registered as "student") to ex5.5. So {@code ./gradbook grade ex5.2}
 * runs the zip groups only.
 *
 * <p>A failure names the operation, dtype, shape, layout (with its strides and offset), the case's
 * seed, and the first element that differs from the naive backend. The random inputs come from
 * the grading run's seed (printed at the top of the scoreboard; {@code --seed N} replays them);
 * to rerun one case in a debugger, call the matching method of
 * {@link dev.gradbook.backends.conformance.ConformanceChecks} with the case's seed.
 */
@ExtendWith({Seeded.class, DynamicTestTimeLimit.class})
@DisplayName("the conformance kit on your backend")
class ConformanceGrader extends BackendConformanceKit {

    private long seed;

    /** Each test of the kit draws its inputs from the grading run's seed. */
    @BeforeEach
    void seedFromTheGradingRun(Random random) {
        seed = random.nextLong();
    }

    @Override
    protected long seed() {
        return seed;
    }

    @Override
    protected TensorBackend backend() {
        return new StudentBackend();
    }
}
