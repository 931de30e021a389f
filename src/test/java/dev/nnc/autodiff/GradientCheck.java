package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.simplify.Simplifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Symbolic gradients (differentiated, simplified, interpreted) against central finite differences. */
final class GradientCheck {
    private GradientCheck() {}

    /** Returns the simplified gradient node of scalar f for each leaf, after checking its value against FD. */
    static Map<Node, Node> check(Graph g, Node f, List<Node> leaves, Map<Node, Tensor> values, double tolerance) {
        ReverseMode.Result r = ReverseMode.differentiate(g, f, leaves);
        Simplifier.Result s = Simplifier.simplify(g, r.gradients().values());
        Map<Node, Node> symbolic = new java.util.LinkedHashMap<>();
        for (Node leaf : leaves) {
            Node grad = s.of(r.gradients().get(leaf));
            Tensor value = Interpreter.evaluate(List.of(grad), values::get).get(grad);
            symbolic.put(leaf, grad);
            // the unsimplified gradient must agree too: simplification preserves values
            Node raw = r.gradients().get(leaf);
            Tensor rawValue = Interpreter.evaluate(List.of(raw), values::get).get(raw);
            for (int i = 0; i < leaf.shape().size(); i++) {
                double h = 1e-6 * Math.max(1, Math.abs(values.get(leaf).data()[i]));
                double up = evaluateWith(f, leaf, i, +h, values), down = evaluateWith(f, leaf, i, -h, values);
                double fd = (up - down) / (2 * h);
                double sym = value.data()[i];
                assertTrue(Math.abs(sym - fd) <= tolerance * (1 + Math.abs(fd)),
                        "∂f/∂" + leaf.leafName() + "[" + i + "]: symbolic " + sym + ", finite differences " + fd);
                assertTrue(Math.abs(sym - rawValue.data()[i]) <= 1e-12 * (1 + Math.abs(sym)),
                        "simplification changed ∂f/∂" + leaf.leafName() + "[" + i + "]: " + rawValue.data()[i] + " → " + sym);
            }
        }
        return symbolic;
    }

    private static double evaluateWith(Node f, Node leaf, int i, double delta, Map<Node, Tensor> values) {
        Map<Node, Tensor> shifted = new HashMap<>(values);
        double[] d = values.get(leaf).data().clone();
        d[i] += delta;
        shifted.put(leaf, new Tensor(leaf.shape(), d));
        return Interpreter.evaluate(List.of(f), shifted::get).get(f).item();
    }
}
