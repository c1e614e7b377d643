package dev.gradbook.autograd;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link Scalar} draws its graph ({@link Scalar#toDot()}): one record box per Scalar with
 * its label, value and gradient, and one small oval per operation between its inputs and its
 * output. It lives beside {@code Scalar}, as {@code TensorText} lives beside {@code Tensor}, so
 * that the engine's own file keeps to the operations and backpropagation.
 */
final class ScalarPicture {

    private ScalarPicture() {
    }

    /** The DOT text of {@code root}'s graph, left to right, inputs first. */
    static String toDot(Scalar root) {
        List<Scalar> order = TopologicalOrder.of(root, Scalar::parents);
        Map<Scalar, String> ids = new IdentityHashMap<>();
        DotGraph graph = new DotGraph("scalar").graphAttribute("rankdir", "LR");
        for (Scalar node : order) {
            String id = "s" + ids.size();
            ids.put(node, id);
            String data = "value " + Scalar.fourDecimals(node.value());
            String gradient = "grad " + Scalar.fourDecimals(node.grad());
            if (node.label().isEmpty()) {
                graph.recordNode(id, data, gradient);
            } else {
                graph.recordNode(id, node.label(), data, gradient);
            }
            if (!node.parents().isEmpty()) {
                String opId = id + "_op";
                graph.node(opId, node.op(), "ellipse");
                for (Scalar parent : node.parents()) {
                    graph.edge(ids.get(parent), opId); // parents come earlier, so have ids
                }
                graph.edge(opId, id);
            }
        }
        return graph.toString();
    }
}
