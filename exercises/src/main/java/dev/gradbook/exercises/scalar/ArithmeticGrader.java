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

/** ex1.1: {@link Value#add}, {@link Value#mul}, {@link Value#sub}, {@link Value#neg}. */
@Tag("ex1.1")
@ExtendWith(Seeded.class)
@DisplayName("ex1.1 add, mul, sub, neg")
class ArithmeticGrader {

    @Test
    @DisplayName("the book's example: a = 2, b = -3")
    void example() {
        Value a = Value.of(2);
        Value b = Value.of(-3);
        Value product = a.mul(b);
        assertEquals(-6.0, product.data(), "Value.of(2).mul(Value.of(-3)).data()");
        product.setGrad(1);
        product.backwardLocal();
        assertEquals(-3.0, a.grad(), "d(a*b)/da is b = -3");
        assertEquals(2.0, b.grad(), "d(a*b)/db is a = 2");

        Value x = Value.of(2);
        Value y = Value.of(-3);
        Value difference = x.sub(y);
        assertEquals(5.0, difference.data(), "Value.of(2).sub(Value.of(-3)).data()");
        difference.setGrad(1);
        difference.backwardLocal();
        assertEquals(1.0, x.grad(), "d(x-y)/dx is 1");
        assertEquals(-1.0, y.grad(), "d(x-y)/dy is -1");

        Value sum = Value.of(2).add(Value.of(-3));
        assertEquals(-1.0, sum.data(), "Value.of(2).add(Value.of(-3)).data()");
        assertEquals(-2.0, Value.of(2).neg().data(), "Value.of(2).neg().data()");
    }

    @Test
    @DisplayName("a local backward adds to the grads already there (+=, not =)")
    void accumulates() {
        Value a = Value.of(4);
        Value b = Value.of(5);
        a.setGrad(10);
        Value product = a.mul(b);
        product.setGrad(0.5);
        product.backwardLocal();
        assertEquals(10 + 0.5 * 5, a.grad(), "a.grad was 10 before; mul's local backward should add 0.5 * b = 2.5");
        Value negated = b.neg();
        negated.setGrad(3);
        negated.backwardLocal();
        negated.backwardLocal();
        assertEquals(0.5 * 4 - 3 - 3, b.grad(), "b.grad: 2 from the product, then -3 from each of two neg steps");
    }

    @Test
    @DisplayName("a value used twice: a.add(a) and a.mul(a) pass back both contributions")
    void sameInputTwice() {
        Value a = Value.of(3);
        Value doubled = a.add(a);
        doubled.setGrad(1);
        doubled.backwardLocal();
        assertEquals(2.0, a.grad(), "d(a+a)/da = 2: each use of a adds 1");
        Value b = Value.of(3);
        Value squared = b.mul(b);
        squared.setGrad(1);
        squared.backwardLocal();
        assertEquals(6.0, b.grad(), "d(b*b)/db = 2b = 6");
    }

    @Test
    @DisplayName("random inputs: the same numbers as gradbook's Scalar and as finite differences")
    void matchesScalar(Random random) {
        for (int i = 0; i < 50; i++) {
            double x = uniform(random, -10, 10);
            double y = uniform(random, -10, 10);
            double outGrad = uniform(random, -2, 2);
            checkBinary("x.add(y)", Value::add, Scalar::add, x, y, outGrad);
            checkBinary("x.mul(y)", Value::mul, Scalar::mul, x, y, outGrad);
            checkBinary("x.sub(y)", Value::sub, Scalar::sub, x, y, outGrad);
            checkUnary("x.neg()", Value::neg, Scalar::neg, x, outGrad);
        }
    }
}
