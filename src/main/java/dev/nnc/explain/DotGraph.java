package dev.nnc.explain;

import dev.nnc.api.Compilation;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.lower.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled model's computational graph in Graphviz DOT, as the seeds draw it: params, inputs
 * and constants as leaves of different shapes and colours, each op with its shape, the names
 * the file gave. With the backward pass, the gradient's nodes stand in a cluster of their own,
 * and dashed edges show which forward values they reuse.
 */
public final class DotGraph {
    private final Compilation c;
    private final boolean backward;
    private final Map<Node, Tensor> values;
    private final Map<Node, String> names = new HashMap<>();
    private final StringBuilder out = new StringBuilder();

    private DotGraph(Compilation c, boolean backward, Map<Node, Tensor> values) {
        this.c = c;
        this.backward = backward;
        this.values = values;
        Model m = c.model();
        names.putAll(m.nodeNames());
        m.reports().values().forEach(d -> names.putIfAbsent(d.node(), d.name()));
    }

    /**
     * @param values when given, each node's value (the forward pass's, and the gradient's)
     */
    public static String render(Compilation c, boolean backward, boolean withValues) {
        Map<Node, Tensor> values = null;
        if (withValues) {
            List<Node> roots = new ArrayList<>(c.model().namedNodes());
            if (backward) roots.addAll(c.gradients().values());
            Map<String, Tensor> leaves = new HashMap<>();
            c.model().params().forEach(p -> leaves.put(p.name(), p.value()));
            c.model().inputs().forEach(i -> leaves.put(i.name(), i.value()));
            boolean complete = leaves.values().stream().allMatch(v -> v != null);
            if (complete) values = Interpreter.evaluate(roots, n -> leaves.get(n.leafName()));
        }
        return new DotGraph(c, backward, values).build();
    }

    private String build() {
        out.append("digraph nnc {\n");
        out.append("  rankdir=LR;\n  graph [fontname=\"Helvetica\", fontsize=11];\n");
        out.append("  node [fontname=\"Helvetica\", fontsize=11];\n  edge [color=\"#555555\"];\n");
        List<Node> forward = Dag.topo(c.model().namedNodes());
        Set<Node> forwardSet = new HashSet<>(forward);
        out.append("  subgraph cluster_forward {\n    label=\"forward\"; color=\"#bbbbbb\";\n");
        for (Node n : forward) node(n, "    ");
        out.append("  }\n");
        for (Node n : forward) for (Node in : n.inputs()) edge(in, n, false);
        if (backward && !c.gradients().isEmpty()) {
            List<Node> grads = Dag.topo(c.gradients().values());
            out.append("  subgraph cluster_backward {\n    label=\"backward: ∂").append(escape(c.objective()))
               .append("\"; color=\"#d08770\"; style=dashed;\n");
            for (Node n : grads) if (!forwardSet.contains(n)) node(n, "    ");
            Map<Node, String> gradientNames = new LinkedHashMap<>();
            c.gradients().forEach((name, g) -> gradientNames.putIfAbsent(g, name));
            for (var e : gradientNames.entrySet()) {
                String id = "grad_" + escapeId(e.getValue());
                out.append("    ").append(id).append(" [shape=note, style=filled, fillcolor=\"#fde9d9\", label=\"∂")
                   .append(escape(c.objective())).append("/∂").append(escape(e.getValue()))
                   .append(shapeText(e.getKey())).append(valueText(e.getKey())).append("\"];\n");
            }
            out.append("  }\n");
            for (Node n : grads) {
                if (forwardSet.contains(n)) continue;
                for (Node in : n.inputs()) edge(in, n, forwardSet.contains(in));
            }
            for (var e : gradientNames.entrySet()) {
                out.append("  ").append(id(e.getKey())).append(" -> grad_").append(escapeId(e.getValue()))
                   .append(forwardSet.contains(e.getKey()) ? " [style=dashed]" : "").append(";\n");
            }
        }
        out.append("}\n");
        return out.toString();
    }

    private void node(Node n, String indent) {
        out.append(indent).append(id(n)).append(" [");
        String name = names.get(n);
        switch (n.op()) {
            case PARAM -> out.append("shape=box, style=\"rounded,filled\", fillcolor=\"#cfe2f3\", ");
            case INPUT -> out.append("shape=ellipse, style=filled, fillcolor=\"#d9ead3\", ");
            case CONST -> out.append("shape=plaintext, fontcolor=\"#666666\", ");
            default -> out.append("shape=").append(name != null ? "box, style=\"filled\", fillcolor=\"#fff2cc\", " : "circle, ");
        }
        out.append("label=\"").append(label(n, name)).append("\"];\n");
    }

    private String label(Node n, String name) {
        String what = switch (n.op()) {
            case PARAM -> "param " + name;
            case INPUT -> "input " + name;
            case CONST -> constantText(n);
            default -> symbol(n);
        };
        String head = name != null && n.op().kind != Op.Kind.LEAF ? escape(name) + " = " + escape(what) : escape(what);
        return head + shapeText(n) + valueText(n);
    }

    private static String symbol(Node n) {
        return switch (n.op()) {
            case MATMUL -> n.input(0).shape().rank() == 1 && n.input(1).shape().rank() == 1 ? "·" : "@";
            case NEG -> "−";
            case SUM, LOGSUMEXP -> n.op().symbol + (((Attr.Axes) n.attr()).axes().length == n.input(0).shape().rank() ? "" : " " + n.attr());
            default -> n.op().symbol;
        };
    }

    private static String constantText(Node n) {
        Attr.Data d = (Attr.Data) n.attr();
        if (d.isSplat()) return dev.nnc.lower.Values.format(d.at(0));
        return "const";
    }

    private String shapeText(Node n) {
        return n.shape().isScalar() ? "" : "\\n" + n.shape();
    }

    private String valueText(Node n) {
        if (values == null || !values.containsKey(n) || n.op() == Op.CONST) return "";
        Tensor t = values.get(n);
        return "\\n= " + escape(ValueText.of(t));
    }

    private void edge(Node from, Node to, boolean reuse) {
        out.append("  ").append(id(from)).append(" -> ").append(id(to));
        if (reuse) out.append(" [style=dashed, color=\"#d08770\"]");
        out.append(";\n");
    }

    private static String id(Node n) {
        return "n" + n.id();
    }

    private static String escapeId(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> b.append(Character.isLetterOrDigit(cp) && cp < 128 ? Character.toString(cp) : "_" + cp));
        return b.toString();
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
