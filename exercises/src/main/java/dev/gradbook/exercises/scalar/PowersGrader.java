package dev.gradbook.exercises.scalar;

import dev.gradbook.autograd.Scalar;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.gradbook.exercises.scalar.ValueChecks.checkBinary;
import static dev.gradbook.exercises.scalar.ValueChecks.checkUnary;
import static dev.gradbook.exercises.scalar.ValueChecks.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ex1.2: {@link Value#div}, {@link Value#pow}, {@link Value#exp}, {@link Value#log}. */
@Tag("ex1.2")
@ExtendWith(Seeded.class)
@DisplayName("ex1.2 div, pow, exp, log")
class PowersGrader {

    @Test
    @DisplayName("the book's examples: 6 / 3, 3^2, e^0, ln 1")
    void examples() {
        Value a = Value.of(6);
        Value b = Value.of(3);
        Value quotient = a.div(b);
        assertEquals(2.0, quotient.data(), "Value.of(6).div(Value.of(3)).data()");
        quotient.setGrad(1);
        quotient.backwardLocal();
        assertEquals(1.0 / 3, a.grad(), 1e-15, "d(a/b)/da = 1/b = 1/3");
        assertEquals(-6.0 / 9, b.grad(), 1e-15, "d(a/b)/db = -a/b^2 = -6/9");

        Value x = Value.of(3);
        Value square = x.pow(2);
        assertEquals(9.0, square.data(), "Value.of(3).pow(2).data()");
        square.setGrad(1);
        square.backwardLocal();
        assertEquals(6.0, x.grad(), "d(x^2)/dx = 2x = 6");

        Value zero = Value.of(0);
        Value one = zero.exp();
        assertEquals(1.0, one.data(), "Value.of(0).exp().data()");
        one.setGrad(1);
        one.backwardLocal();
        assertEquals(1.0, zero.grad(), "d(e^x)/dx = e^x = 1 at x = 0");

        Value u = Value.of(1);
        Value log = u.log();
        assertEquals(0.0, log.data(), "Value.of(1).log().data()");
        log.setGrad(1);
        log.backwardLocal();
        assertEquals(1.0, u.grad(), "d(ln x)/dx = 1/x = 1 at x = 1");
    }

    @Test
    @DisplayName("x^0 is the constant 1: slope 0 everywhere, also at x = 0, where exponent · x^(exponent-1) is 0 · ∞")
    void powZero() {
        for (double x : new double[] {0, 2.5, -3}) {
            Value input = Value.of(x);
            Value one = input.pow(0);
            assertEquals(1.0, one.data(), "Value.of(" + x + ").pow(0).data()");
            one.setGrad(1);
            one.backwardLocal();
            assertEquals(0.0, input.grad(), "d(x^0)/dx at x = " + x + " is 0; at x = 0 the power rule computes"
                    + " 0 · 0^-1 = 0 · ∞ = NaN, so exponent 0 needs its own case");
        }
    }

    @Test
    @DisplayName("division by zero and the log of a non-positive number are refused, naming the operation")
    void refusesUndefined() {
        IllegalArgumentException div = assertThrows(IllegalArgumentException.class,
                () -> Value.of(1).div(Value.of(0)), "Value.of(1).div(Value.of(0)) should throw IllegalArgumentException");
        assertTrue(String.valueOf(div.getMessage()).contains("div"), "the message should name div: " + div.getMessage());
        for (double x : new double[] {0, -1}) {
            IllegalArgumentException log = assertThrows(IllegalArgumentException.class, () -> Value.of(x).log(),
                    "Value.of(" + x + ").log() should throw IllegalArgumentException");
            assertTrue(String.valueOf(log.getMessage()).contains("log"), "the message should name log: " + log.getMessage());
        }
    }

    @Test
    @DisplayName("random inputs: the same numbers as gradbook's Scalar and as finite differences")
    void matchesScalar(Random random) {
        for (int i = 0; i < 50; i++) {
            double outGrad = uniform(random, -2, 2);
            double x = uniform(random, -5, 5);
            double y = (random.nextBoolean() ? 1 : -1) * uniform(random, 0.5, 4);
            checkBinary("x.div(y)", Value::div, Scalar::div, x, y, outGrad);
            double base = uniform(random, 0.2, 4);
            double exponent = uniform(random, -3, 3);
            checkUnary("x.pow(" + exponent + ")", v -> v.pow(exponent), s -> s.pow(exponent), base, outGrad);
            int whole = random.nextInt(7) - 3;
            checkUnary("x.pow(" + whole + ")", v -> v.pow(whole), s -> s.pow(whole), y, outGrad);
            checkUnary("x.exp()", Value::exp, Scalar::exp, x, outGrad);
            checkUnary("x.log()", Value::log, Scalar::log, uniform(random, 0.05, 20), outGrad);
        }
    }
}
