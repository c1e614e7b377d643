package dev.gradbook.exercises.scalar;

import dev.gradbook.autograd.Scalar;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Graphs for the backpropagation graders: random expressions built twice, from {@link Value}s
 * and from gradbook's {@link Scalar}s, and code run on a small call stack so that a recursive
 * walk fails the same way on every machine.
 */
final class Graphs {

    /** A stack big enough for any loop, far too small for 100,000 nested calls. */
    private static final long SMALL_STACK_BYTES = 512 * 1024;

    private Graphs() {
    }

    /**
     * The same random expression twice: leaves, the nodes in the order they were made, and the
     * root. Only ex1.1's operations are used, and earlier nodes are reused often, so that
     * gradients must add up.
     */
    record Twin(List<Value> leaves, List<Scalar> scalarLeaves, List<Value> nodes, Value root, Scalar scalarRoot,
                List<int[]> steps) {

        /** The root's value for other leaf values, in plain doubles: the forward pass again, for finite differences. */
        double evaluate(double[] leafValues) {
            List<Double> values = new ArrayList<>();
            for (double x : leafValues) {
                values.add(x);
            }
            for (int[] step : steps) {
                double a = values.get(step[1]);
                double b = values.get(step[2]);
                values.add(switch (step[0]) {
                    case 0 -> a + b;
                    case 1 -> a * b;
                    case 2 -> a - b;
                    default -> -a;
                });
            }
            return values.get(values.size() - 1);
        }
    }

    /** A random expression of {@code size} operations over {@code leafCount} leaves. */
    static Twin randomExpression(Random random, int leafCount, int size) {
        List<Value> values = new ArrayList<>();
        List<Scalar> scalars = new ArrayList<>();
        for (int i = 0; i < leafCount; i++) {
            double x = ValueChecks.uniform(random, -1.5, 1.5);
            values.add(Value.of(x));
            scalars.add(Scalar.of(x));
        }
        List<Value> leaves = List.copyOf(values);
        List<Scalar> scalarLeaves = List.copyOf(scalars);
        List<int[]> steps = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // Mostly recent nodes, sometimes any earlier one: long chains with many reuses.
            int a = pick(random, values.size());
            int b = pick(random, values.size());
            int op = random.nextInt(4);
            if (op == 1 && Math.abs(values.get(a).data() * values.get(b).data()) > 4) {
                op = 2; // products of products explode; a difference keeps the numbers (and finite differences) tame
            }
            steps.add(new int[] {op, a, b});
            switch (op) {
                case 0 -> {
                    values.add(values.get(a).add(values.get(b)));
                    scalars.add(scalars.get(a).add(scalars.get(b)));
                }
                case 1 -> {
                    values.add(values.get(a).mul(values.get(b)));
                    scalars.add(scalars.get(a).mul(scalars.get(b)));
                }
                case 2 -> {
                    values.add(values.get(a).sub(values.get(b)));
                    scalars.add(scalars.get(a).sub(scalars.get(b)));
                }
                default -> {
                    values.add(values.get(a).neg());
                    scalars.add(scalars.get(a).neg());
                }
            }
        }
        return new Twin(leaves, scalarLeaves, values, values.get(values.size() - 1), scalars.get(scalars.size() - 1),
                steps);
    }

    private static int pick(Random random, int size) {
        return random.nextInt(4) == 0 ? random.nextInt(size) : Math.max(0, size - 1 - random.nextInt(3));
    }

    /** {@code x.neg().neg()...}: a chain of {@code length} operations above one leaf. */
    static Value chain(Value leaf, int length) {
        Value x = leaf;
        for (int i = 0; i < length; i++) {
            x = x.neg();
        }
        return x;
    }

    /**
     * Runs {@code work} in a thread with a 512 KB call stack and fails with advice if it overflows
     * that stack; anything else it throws is rethrown.
     */
    static void onSmallStack(String what, Runnable work) {
        Throwable[] thrown = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                work.run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "small-stack", SMALL_STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            fail(what + ": interrupted (the time limit ran out)");
        }
        if (thrown[0] instanceof StackOverflowError) {
            fail(what + ": StackOverflowError. A method that calls itself once per node needs a call-stack frame per"
                    + " node; keep your own stack (an ArrayDeque) of the nodes still being visited instead");
        }
        if (thrown[0] instanceof RuntimeException e) {
            throw e;
        }
        if (thrown[0] instanceof Error e) {
            throw e;
        }
    }
}
