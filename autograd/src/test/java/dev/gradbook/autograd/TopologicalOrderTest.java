package dev.gradbook.autograd;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("TopologicalOrder: inputs first, root last")
class TopologicalOrderTest {

    /** A bare graph node for these tests: a name and a list of parents that can be added to. */
    static final class Node {
        final String name;
        final List<Node> parents = new ArrayList<>();

        Node(String name, Node... parents) {
            this.name = name;
            this.parents.addAll(List.of(parents));
        }

        @Override
        public String toString() {
            return name;
        }

        /** Deliberately equal to every other node, to prove the order goes by identity. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Node;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** Asserts each node appears once and after all of its parents. */
    static void assertTopological(List<Node> order) {
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            assertEquals(null, position.put(order.get(i), i), () -> "listed twice: " + order);
        }
        for (Node node : order) {
            for (Node parent : node.parents) {
                assertTrue(position.get(parent) < position.get(node),
                        () -> parent + " should come before " + node + " in " + order);
            }
        }
    }

    @Nested
    @DisplayName("small graphs")
    class SmallGraphs {

        @Test
        @DisplayName("a lone node is its own order")
        void single() {
            Node only = new Node("only");
            assertEquals(List.of(only), TopologicalOrder.of(only, n -> n.parents));
        }

        @Test
        @DisplayName("a diamond lists the shared input once, before both of its users")
        void diamond() {
            Node a = new Node("a");
            Node left = new Node("left", a);
            Node right = new Node("right", a);
            Node root = new Node("root", left, right);

            List<Node> order = TopologicalOrder.of(root, n -> n.parents);

            assertEquals(4, order.size());
            assertSame(a, order.get(0));
            assertSame(root, order.get(3));
            assertTopological(order);
        }

        @Test
        @DisplayName("a parent listed twice (as in a + a) still appears once")
        void repeatedParent() {
            Node a = new Node("a");
            Node twice = new Node("a+a", a, a);

            assertEquals(2, TopologicalOrder.of(twice, n -> n.parents).size());
        }

        @Test
        @DisplayName("nodes that compare equal are still different nodes (identity, not equals)")
        void identity() {
            Node x = new Node("x");
            Node y = new Node("y");
            Node root = new Node("root", x, y);

            assertEquals(3, TopologicalOrder.of(root, n -> n.parents).size());
        }

        @Test
        @DisplayName("random DAGs always come out in a valid order")
        void randomDags() {
            Random random = new Random(11);
            for (int trial = 0; trial < 50; trial++) {
                List<Node> nodes = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Node node = new Node("n" + i);
                    for (int k = 0; k < 3 && i > 0; k++) {
                        node.parents.add(nodes.get(random.nextInt(i))); // only earlier nodes: acyclic
                    }
                    nodes.add(node);
                }
                Node root = nodes.get(nodes.size() - 1);
                List<Node> order = TopologicalOrder.of(root, n -> n.parents);
                assertSame(root, order.get(order.size() - 1));
                assertTopological(order);
            }
        }
    }

    @Nested
    @DisplayName("deep graphs")
    class DeepGraphs {

        @Test
        @DisplayName("a chain of a million nodes needs no recursion, so no StackOverflowError")
        void millionChain() {
            Node first = new Node("first");
            Node last = first;
            for (int i = 0; i < 1_000_000; i++) {
                last = new Node("link", last);
            }

            List<Node> order = TopologicalOrder.of(last, n -> n.parents);

            assertEquals(1_000_001, order.size());
            assertSame(first, order.get(0));
            assertSame(last, order.get(order.size() - 1));
        }
    }

    @Nested
    @DisplayName("bad input is explained")
    class BadInput {

        @Test
        @DisplayName("a cycle is reported, since no order can put a node after itself")
        void cycle() {
            Node a = new Node("a");
            Node b = new Node("b", a);
            a.parents.add(b);

            var error = assertThrows(IllegalArgumentException.class, () -> TopologicalOrder.of(b, n -> n.parents));
            assertTrue(error.getMessage().contains("cycle"), error.getMessage());
        }

        @Test
        @DisplayName("null root, null parents function, null parent list and null parent are refused")
        void nulls() {
            Node a = new Node("a");
            Node withNullParent = new Node("x");
            withNullParent.parents.add(null);

            assertThrows(NullPointerException.class, () -> TopologicalOrder.of(null, (Node n) -> n.parents));
            assertThrows(NullPointerException.class, () -> TopologicalOrder.of(a, null));
            assertThrows(IllegalArgumentException.class, () -> TopologicalOrder.of(a, n -> null));
            var error = assertThrows(IllegalArgumentException.class,
                    () -> TopologicalOrder.of(withNullParent, n -> n.parents));
            assertTrue(error.getMessage().contains("null parent"), error.getMessage());
        }
    }
}
