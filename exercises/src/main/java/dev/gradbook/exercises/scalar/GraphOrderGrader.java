package dev.gradbook.exercises.scalar;

import dev.gradbook.autograd.TopologicalOrder;
import dev.gradbook.exercises.grading.Seeded;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** ex2.1: {@link GraphOrder#of}, an order of the nodes with every node after its parents. */
@Tag("ex2.1")
@ExtendWith(Seeded.class)
@DisplayName("ex2.1 topological order")
class GraphOrderGrader {

    /** Fails unless {@code order} holds exactly the nodes of {@code root}'s graph, each once, parents first. */
    static void assertTopological(Value root, List<Value> order, String graph) {
        assertTrue(order != null && !order.isEmpty(), graph + ": GraphOrder.of returned no nodes");
        assertSame(root, order.get(order.size() - 1), graph + ": the root must be the last node of the order");
        Map<Value, Integer> place = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            if (place.put(order.get(i), i) != null) {
                fail(graph + ": node " + order.get(i) + " is in the order twice (at " + place.get(order.get(i)) + " and "
                        + i + "); remember the nodes already visited, by identity");
            }
        }
        List<Value> expected = TopologicalOrder.of(root, Value::parents);
        assertEquals(expected.size(), order.size(), graph + ": the number of nodes in the graph (gradbook's"
                + " TopologicalOrder finds " + expected.size() + ")");
        for (Value node : expected) {
            Integer at = place.get(node);
            if (at == null) {
                fail(graph + ": node " + node + " is missing from the order");
            }
            for (Value parent : node.parents()) {
                if (place.get(parent) > at) {
                    fail(graph + ": node " + node + " is at position " + at + " but its parent " + parent
                            + " comes later, at " + place.get(parent) + "; every node must come after its parents");
                }
            }
        }
    }

    @Test
    @DisplayName("the book's example: d = a*b + a")
    void example() {
        Value a = Value.of(2);
        Value b = Value.of(3);
        Value ab = a.mul(b);
        Value d = ab.add(a);
        List<Value> order = GraphOrder.of(d);
        assertEquals(4, order.size(), "d = a*b + a has 4 nodes: a, b, a*b, d (a once, though it is used twice)");
        assertTopological(d, order, "d = a*b + a");
    }

    @Test
    @DisplayName("a leaf alone is its own order; two leaves holding the same number are two nodes")
    void identity() {
        Value leaf = Value.of(1);
        assertEquals(List.of(leaf), GraphOrder.of(leaf), "GraphOrder.of(a leaf) is just that leaf");
        Value one = Value.of(1);
        Value otherOne = Value.of(1);
        Value sum = one.add(otherOne);
        assertEquals(3, GraphOrder.of(sum).size(), "Value.of(1).add(Value.of(1)) has 3 nodes: equal numbers are"
                + " still different nodes (compare with ==, or use an IdentityHashMap)");
        assertTopological(sum, GraphOrder.of(sum), "1 + 1");
    }

    @Test
    @DisplayName("random graphs with many reused nodes: the same nodes as gradbook's TopologicalOrder, parents first")
    void randomGraphs(Random random) {
        for (int i = 0; i < 20; i++) {
            Graphs.Twin graph = Graphs.randomExpression(random, 1 + random.nextInt(4), 1 + random.nextInt(300));
            assertTopological(graph.root(), GraphOrder.of(graph.root()),
                    "a random graph of " + graph.nodes().size() + " nodes");
        }
    }

    @Test
    @DisplayName("a chain 100,000 operations deep, on a small call stack")
    void deepChain() {
        Value leaf = Value.of(1);
        Value root = Graphs.chain(leaf, 100_000);
        Graphs.onSmallStack("GraphOrder.of(a chain of 100,000 neg operations)", () -> {
            List<Value> order = GraphOrder.of(root);
            assertEquals(100_001, order.size(), "the chain's number of nodes");
            assertSame(leaf, order.get(0), "the chain's only leaf must come first");
            assertSame(root, order.get(order.size() - 1), "the root must come last");
        });
    }
}
