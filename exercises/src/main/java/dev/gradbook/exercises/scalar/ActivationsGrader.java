package dev.gradbook.exercises.scalar;

import dev.gradbook.autograd.Scalar;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.gradbook.exercises.scalar.ValueChecks.checkUnary;
import static dev.gradbook.exercises.scalar.ValueChecks.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ex1.3: {@link Value#tanh}, {@link Value#sigmoid}, {@link Value#relu}. */
@Tag("ex1.3")
@ExtendWith(Seeded.class)
@DisplayName("ex1.3 tanh, sigmoid, relu")
class ActivationsGrader {

    @Test
    @DisplayName("the book's examples at 0 and at 2")
    void examples() {
        Value zero = Value.of(0);
        Value t = zero.tanh();
        assertEquals(0.0, t.data(), "Value.of(0).tanh().data()");
        t.setGrad(1);
        t.backwardLocal();
        assertEquals(1.0, zero.grad(), "tanh'(0) = 1 - tanh(0)^2 = 1");

        Value z = Value.of(0);
        Value s = z.sigmoid();
        assertEquals(0.5, s.data(), "Value.of(0).sigmoid().data()");
        s.setGrad(1);
        s.backwardLocal();
        assertEquals(0.25, z.grad(), "sigmoid'(0) = 0.5 * (1 - 0.5) = 0.25");

        Value two = Value.of(2);
        Value r = two.relu();
        assertEquals(2.0, r.data(), "Value.of(2).relu().data()");
        r.setGrad(1);
        r.backwardLocal();
        assertEquals(1.0, two.grad(), "relu'(2) = 1");
        Value minusTwo = Value.of(-2);
        Value off = minusTwo.relu();
        assertEquals(0.0, off.data(), "Value.of(-2).relu().data()");
        off.setGrad(1);
        off.backwardLocal();
        assertEquals(0.0, minusTwo.grad(), "relu'(-2) = 0");
    }

    @Test
    @DisplayName("relu at its kink, x = 0: output 0 and slope 0 (the usual choice, and gradbook's)")
    void reluAtZero() {
        Value zero = Value.of(0);
        Value r = zero.relu();
        assertEquals(0.0, r.data(), "Value.of(0).relu().data()");
        r.setGrad(1);
        r.backwardLocal();
        assertEquals(0.0, zero.grad(), "relu'(0): the slope counts as 1 only for a positive input, so at exactly 0"
                + " it is 0 (test x > 0, not x >= 0)");
    }

    @Test
    @DisplayName("sigmoid of a large input neither overflows nor gives NaN")
    void sigmoidExtremes() {
        for (double x : new double[] {-800, 800}) {
            Value input = Value.of(x);
            Value s = input.sigmoid();
            assertEquals(x > 0 ? 1.0 : 0.0, s.data(), 1e-300, "Value.of(" + x + ").sigmoid().data()"
                    + " (e^800 overflows to Infinity: use the form that exponentiates a negative number)");
            s.setGrad(1);
            s.backwardLocal();
            assertEquals(0.0, input.grad(), 1e-300, "sigmoid'(" + x + ") is (almost exactly) 0, not NaN");
        }
    }

    @Test
    @DisplayName("random inputs: the same numbers as gradbook's Scalar and as finite differences")
    void matchesScalar(Random random) {
        for (int i = 0; i < 50; i++) {
            double outGrad = uniform(random, -2, 2);
            checkUnary("x.tanh()", Value::tanh, Scalar::tanh, uniform(random, -4, 4), outGrad);
            checkUnary("x.sigmoid()", Value::sigmoid, Scalar::sigmoid, uniform(random, -15, 15), outGrad);
            double x = uniform(random, 0.01, 5) * (random.nextBoolean() ? 1 : -1); // away from relu's kink
            checkUnary("x.relu()", Value::relu, Scalar::relu, x, outGrad);
        }
    }
}
