package dev.gradbook.exercises.scalar;

import dev.gradbook.autograd.Scalar;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Random;

import static dev.gradbook.exercises.scalar.ValueChecks.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ex2.2: {@link Value#backward()} and {@link Value#zeroGrad()}. */
@Tag("ex2.2")
@ExtendWith(Seeded.class)
@DisplayName("ex2.2 backward")
class BackwardGrader {

    @Test
    @DisplayName("the book's example: L = (a*b + c) * f with a = 2, b = -3, c = 10, f = -2")
    void example() {
        Value a = Value.of(2);
        Value b = Value.of(-3);
        Value c = Value.of(10);
        Value f = Value.of(-2);
        Value e = a.mul(b);
        Value d = e.add(c);
        Value loss = d.mul(f);
        assertEquals(-8.0, loss.data(), "L = (2 * -3 + 10) * -2");
        loss.backward();
        assertEquals(1.0, loss.grad(), "dL/dL = 1: backward starts by setting the root's grad to 1");
        assertEquals(4.0, f.grad(), "dL/df = d = 4");
        assertEquals(-2.0, d.grad(), "dL/dd = f = -2");
        assertEquals(-2.0, c.grad(), "dL/dc = dL/dd * 1 = -2");
        assertEquals(-2.0, e.grad(), "dL/de = dL/dd * 1 = -2");
        assertEquals(6.0, a.grad(), "dL/da = dL/de * b = -2 * -3 = 6");
        assertEquals(-4.0, b.grad(), "dL/db = dL/de * a = -2 * 2 = -4");
    }

    @Test
    @DisplayName("a node used twice collects both contributions: d(a*a + a)/da = 2a + 1")
    void reusedNode() {
        Value a = Value.of(3);
        Value y = a.mul(a).add(a);
        y.backward();
        assertEquals(7.0, a.grad(), "d(a*a + a)/da at a = 3 is 2*3 + 1");
    }

    @Test
    @DisplayName("gradients accumulate: backward twice adds twice; a second root sharing nodes adds its own")
    void accumulation() {
        Value a = Value.of(2);
        Value b = Value.of(5);
        Value shared = a.mul(b);
        Value first = shared.add(a);   // d/da = b + 1 = 6
        Value second = shared.mul(shared); // d/da = 2 * shared * b = 100
        first.backward();
        first.backward();
        assertEquals(12.0, a.grad(), "after first.backward() twice, a.grad = 2 * 6");
        second.backward();
        assertEquals(112.0, a.grad(), "then second.backward() adds d(second)/da = 2 * a*b * b = 100; the grads that"
                + " first.backward() left in the shared node a*b must not flow again");
        first.zeroGrad();
        assertEquals(0.0, a.grad(), "zeroGrad() sets every node's grad of the graph back to 0 (a)");
        assertEquals(0.0, shared.grad(), "zeroGrad() sets every node's grad of the graph back to 0 (a*b)");
        assertEquals(0.0, first.grad(), "zeroGrad() sets the root's own grad back to 0");
    }

    @Test
    @DisplayName("random graphs: the same gradients as gradbook's Scalar, also when backward runs twice")
    void matchesScalar(Random random) {
        for (int i = 0; i < 20; i++) {
            Graphs.Twin graph = Graphs.randomExpression(random, 1 + random.nextInt(4), 1 + random.nextInt(60));
            int calls = 1 + random.nextInt(2);
            for (int call = 0; call < calls; call++) {
                graph.root().backward();
                graph.scalarRoot().backward();
            }
            for (int leaf = 0; leaf < graph.leaves().size(); leaf++) {
                assertClose(graph.scalarLeaves().get(leaf).grad(), graph.leaves().get(leaf).grad(), 1e-9,
                        "leaf " + leaf + " of a random graph of " + graph.nodes().size() + " nodes, after "
                                + calls + " backward call(s)");
            }
        }
    }

    @Test
    @DisplayName("a chain 100,000 operations deep, on a small call stack")
    void deepChain() {
        Value leaf = Value.of(1.5);
        Value root = Graphs.chain(leaf, 100_000); // an even number of negations: root = leaf
        Graphs.onSmallStack("backward() over a chain of 100,000 neg operations", () -> {
            root.backward();
            assertEquals(1.0, leaf.grad(), "d(-(-(...x)))/dx with 100,000 negations is 1");
        });
    }

    @Test
    @DisplayName("a whole random expression checked by finite differences")
    void finiteDifferences(Random random) {
        Graphs.Twin graph = Graphs.randomExpression(random, 3, 40);
        graph.root().backward();
        double[] leaves = graph.leaves().stream().mapToDouble(Value::data).toArray();
        for (int leaf = 0; leaf < leaves.length; leaf++) {
            double h = 1e-6;
            double[] up = leaves.clone();
            double[] down = leaves.clone();
            up[leaf] += h;
            down[leaf] -= h;
            double difference = (graph.evaluate(up) - graph.evaluate(down)) / (2 * h);
            assertClose(difference, graph.leaves().get(leaf).grad(), 1e-4, "leaf " + leaf + " of a random expression"
                    + " of 40 operations: backward's gradient against the finite difference (f(x+h) - f(x-h)) / 2h");
        }
    }
}
