package dev.nnc.autodiff;

import dev.nnc.ir.Dag;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation as a DAG → DAG transformation: the gradient of a scalar f with
 * respect to chosen nodes is built as new nodes of the same graph, so it can be simplified,
 * compiled, printed or differentiated again. Adjoints of shared nodes are summed; broadcasting
 * is undone in exactly one place, {@link #unbroadcast}.
 */
public final class ReverseMode {
    private ReverseMode() {}

    /** One term of an adjoint: what {@code consumer} passes back to the node. */
    public record Contribution(Node consumer, Node term) {}

    /** ∂f/∂node as the sum of its contributions, in the order the sweep met them. */
    public record AdjointStep(Node node, List<Contribution> contributions, Node adjoint) {}

    /**
     * @param gradients for each requested node, ∂f/∂node (zeros when f does not depend on it)
     * @param steps     the sweep as it happened, from f back to the leaves
     */
    public record Result(Node objective, Map<Node, Node> gradients, List<AdjointStep> steps) {}

    public static Result differentiate(Graph g, Node f, List<Node> wrt) {
        if (!f.shape().isScalar()) throw new IllegalArgumentException("gradient of a non-scalar " + f.shape());
        List<Node> order = Dag.topo(List.of(f));
        BitSet targets = new BitSet();
        for (Node w : wrt) targets.set(w.id());
        BitSet depends = new BitSet();
        for (Node n : order) {
            boolean d = targets.get(n.id());
            for (Node in : n.inputs()) d |= depends.get(in.id());
            if (d) depends.set(n.id());
        }

        Map<Node, List<Contribution>> parts = new HashMap<>();
        var seedSpan = g.at(f.span());
        parts.computeIfAbsent(f, k -> new ArrayList<>()).add(new Contribution(null, g.fill(Shape.SCALAR, 1.0)));
        g.at(seedSpan);
        Map<Node, Node> adjoints = new HashMap<>();
        List<AdjointStep> steps = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            List<Contribution> terms = parts.remove(n);
            if (terms == null || !depends.get(n.id())) continue;
            var previous = g.at(n.span());
            try {
                Node adjoint = terms.get(0).term();
                for (int k = 1; k < terms.size(); k++) adjoint = g.add(adjoint, terms.get(k).term());
                adjoints.put(n, adjoint);
                steps.add(new AdjointStep(n, List.copyOf(terms), adjoint));
                if (n.inputs().isEmpty()) continue;
                List<Node> vjp = Derivatives.vjp(g, n, adjoint);
                for (int k = 0; k < vjp.size(); k++) {
                    Node in = n.input(k);
                    Node term = vjp.get(k);
                    if (term == null || !depends.get(in.id())) continue;
                    parts.computeIfAbsent(in, x -> new ArrayList<>()).add(new Contribution(n, unbroadcast(g, term, in.shape())));
                }
            } finally {
                g.at(previous);
            }
        }

        Map<Node, Node> gradients = new LinkedHashMap<>();
        for (Node w : wrt) {
            Node a = adjoints.get(w);
            gradients.put(w, a != null ? a : g.fill(w.shape(), 0.0));
        }
        return new Result(f, gradients, steps);
    }

    /** Sums a contribution of a broadcast shape back down to the shape of the node it belongs to. */
    static Node unbroadcast(Graph g, Node term, Shape shape) {
        Shape ts = term.shape();
        if (ts.equals(shape)) return term;
        int lead = ts.rank() - shape.rank();
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < ts.rank(); a++) {
            if (a < lead || (shape.dim(a - lead) == 1 && ts.dim(a) != 1)) axes.add(a);
        }
        Node summed = g.sum(term, axes.stream().mapToInt(Integer::intValue).toArray(), false);
        return g.reshape(summed, shape);
    }
}
