package dev.gradbook.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Puts the nodes of a computation graph in an order where every node comes after all of its
 * parents (its inputs): the leaves first, the root last.
 *
 * <p>Backpropagation needs this order. A node may only pass its gradient on to its inputs once it
 * has received <em>every</em> contribution from the nodes that use it, and the nodes that use a
 * node always come later in this list. So walking the list <em>backwards</em>, from the root to the
 * leaves, visits each node only after all of its consumers are done.
 *
 * <p>The usual textbook version is a short recursive depth-first search. This one does the same
 * search with an explicit stack instead, because a recursive search over a chain of a million
 * nodes (say, a long loop of {@code x = x.mul(w)}) would overflow the Java call stack. The stack
 * holds, for each node being explored, an iterator over its parents; a node is appended to the
 * result when its iterator runs dry, which is exactly when all of its parents are already there.
 *
 * <p>Nodes are told apart by <em>identity</em> ({@code ==}), never by {@code equals}: two
 * different nodes holding the same number are still two nodes of the graph.
 *
 * <p>The class is generic so that every graph in gradbook (scalars, tensors) shares one
 * implementation: the caller says how to find a node's parents.
 *
 * <pre>{@code
 * List<Scalar> order = TopologicalOrder.of(loss, Scalar::parents);
 * // order.get(0) is an input, order.get(order.size() - 1) == loss
 * }</pre>
 */
public final class TopologicalOrder {

    private TopologicalOrder() {
    }

    /**
     * Returns every node reachable from {@code root} (the root included), each exactly once,
     * ordered so that every node comes after all of its parents; the root is last.
     *
     * <p>Runs in time proportional to the number of nodes plus edges, with no recursion, so very
     * deep graphs are fine.
     *
     * @param root    the node to start from, usually the output of a computation
     * @param parents how to find a node's parents (its inputs); a leaf returns an empty iterable.
     *                A parent listed twice (as in {@code a.add(a)}) is fine.
     * @param <T>     the node type
     * @return a new, modifiable list: inputs first, {@code root} last
     * @throws NullPointerException     if {@code root} or {@code parents} is null
     * @throws IllegalArgumentException if
     *                                  {@code parents} returns null or a null parent, or if the
     *                                  graph has a cycle (then no such order exists)
     */
    public static <T> List<T> of(T root, Function<T, ? extends Iterable<T>> parents) {
        if (root == null) {
            throw new NullPointerException("TopologicalOrder.of: root is null");
        }
        if (parents == null) {
            throw new NullPointerException("TopologicalOrder.of: the parents function is null");
        }
        // Every node met so far has a frame; a frame that is not finished belongs to a node whose
        // parents are still being explored, so meeting it again means we walked around a cycle.
        Map<T, Frame<T>> frames = new IdentityHashMap<>();
        List<T> order = new ArrayList<>();
        Deque<Frame<T>> stack = new ArrayDeque<>();

        Frame<T> rootFrame = new Frame<>(root, parentsOf(root, parents));
        frames.put(root, rootFrame);
        stack.push(rootFrame);
        while (!stack.isEmpty()) {
            Frame<T> top = stack.peek();
            if (top.remainingParents.hasNext()) {
                T parent = top.remainingParents.next();
                if (parent == null) {
                    throw new IllegalArgumentException(
                            "TopologicalOrder.of: a node has a null parent: " + top.node);
                }
                Frame<T> seen = frames.get(parent);
                if (seen == null) {
                    Frame<T> frame = new Frame<>(parent, parentsOf(parent, parents));
                    frames.put(parent, frame);
                    stack.push(frame);
                } else if (!seen.finished) {
                    throw new IllegalArgumentException(
                            "TopologicalOrder.of: the graph has a cycle through " + parent
                                    + "; a computation graph must be acyclic");
                }
            } else {
                stack.pop();
                top.finished = true;
                order.add(top.node);
            }
        }
        return order;
    }

    private static <T> Iterator<T> parentsOf(T node, Function<T, ? extends Iterable<T>> parents) {
        Iterable<T> found = parents.apply(node);
        if (found == null) {
            throw new IllegalArgumentException(
                    "TopologicalOrder.of: the parents function returned null for " + node
                            + "; return an empty list for a leaf");
        }
        return found.iterator();
    }

    /** One node met by the search, with the parents not yet looked at. */
    private static final class Frame<T> {
        final T node;
        final Iterator<T> remainingParents;
        /** Set once all its parents are placed and the node itself has joined the order. */
        boolean finished;

        Frame(T node, Iterator<T> remainingParents) {
            this.node = node;
            this.remainingParents = remainingParents;
        }
    }
}
