package dev.nnc.explain;

import dev.nnc.ir.Formula;

import dev.nnc.api.Compilation;
import dev.nnc.autodiff.ReverseMode;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Optimizer;
import dev.nnc.lower.Model;
import dev.nnc.simplify.Rewrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derivation as a teacher writes it on the board, rendered from what the compiler recorded
 * (the forward graph, the reverse sweep, every rule applied); nothing is derived again here.
 * Sections: the forward pass as numbered steps, the backward pass from the objective down with
 * each adjoint as the sum of its consumers' contributions, the simplifications, the final
 * gradients in the file's names, and the update.
 */
public final class Transcript {
    private final Compilation c;
    private final Map<Node, String> names = new HashMap<>();
    private final Map<Node, Tensor> values;
    private final StringBuilder out = new StringBuilder();

    private Transcript(Compilation c) {
        this.c = c;
        Model m = c.lowered();
        m.params().forEach(p -> names.put(p.node(), p.name()));
        m.inputs().stream().filter(i -> !i.name().contains("#")).forEach(i -> names.put(i.node(), i.name()));
        m.definitions().values().forEach(d -> names.putIfAbsent(d.node(), d.name()));
        Map<String, Tensor> leaves = new HashMap<>();
        m.params().forEach(p -> leaves.put(p.name(), p.value()));
        m.inputs().forEach(i -> leaves.put(i.name(), i.value()));
        List<Node> roots = new ArrayList<>(m.namedNodes());
        if (c.derivation() != null) {
            c.derivation().steps().forEach(s -> roots.add(s.adjoint()));
            c.derivation().steps().forEach(s -> s.contributions().forEach(k -> roots.add(k.term())));
            roots.addAll(c.gradients().values());
        }
        boolean complete = leaves.values().stream().allMatch(v -> v != null);
        values = complete ? Interpreter.evaluate(roots, n -> leaves.get(n.leafName())) : Map.of();
    }

    public static String text(Compilation c) {
        return new Transcript(c).build();
    }

    private String build() {
        if (c.objective() == null) return "nothing to differentiate: the file has no minimize or maximize (use --of NAME)\n";
        Node objective = c.derivation().objective();
        Node loweredObjective = c.lowered().definitions().get(c.objective()).node();
        forward(loweredObjective);
        backward();
        simplifications();
        gradients();
        update();
        return out.toString();
    }

    /** 1. Forward: every op on the way to the objective, in order, unnamed ones numbered u₁, u₂, …. */
    private void forward(Node objective) {
        out.append("1. Forward pass\n");
        int k = 0;
        for (Node n : Dag.topo(List.of(objective))) {
            if (n.op().kind == Op.Kind.LEAF) continue;
            if (!names.containsKey(n)) names.put(n, "u" + subscript(++k));
        }
        Formula f = new Formula(names);
        for (Node n : Dag.topo(List.of(objective))) {
            if (n.op().kind == Op.Kind.LEAF) {
                if (n.op() != Op.CONST && names.containsKey(n)) {
                    out.append("   ").append(names.get(n)).append(shape(n)).append(value(n)).append("   (").append(n.op().symbol).append(")\n");
                }
                continue;
            }
            out.append("   ").append(names.get(n)).append(" = ").append(f.of(n)).append(shape(n)).append(value(n)).append('\n');
        }
    }

    /** 2. Backward: ∂L/∂node for each node, the sum of what its consumers pass back. */
    private void backward() {
        String L = c.objective();
        out.append("\n2. Backward pass (chain rule, from ").append(L).append(" back to the params)\n");
        Map<Node, String> withAdjoints = new HashMap<>(names);
        // the sweep ran on the simplified forward graph; name its nodes as the forward pass does where they agree
        Map<Node, String> sweepNames = new HashMap<>();
        Model m = c.model();
        m.params().forEach(p -> sweepNames.put(p.node(), p.name()));
        m.inputs().stream().filter(i -> !i.name().contains("#")).forEach(i -> sweepNames.put(i.node(), i.name()));
        m.definitions().values().forEach(d -> sweepNames.putIfAbsent(d.node(), d.name()));
        int k = 0;
        for (Node n : Dag.topo(List.of(c.derivation().objective()))) {
            if (n.op().kind != Op.Kind.LEAF && !sweepNames.containsKey(n)) sweepNames.put(n, "v" + subscript(++k));
        }
        // an adjoint passed on unchanged (through +, −, reshape) is the same node: the later name reads better
        for (ReverseMode.AdjointStep s : c.derivation().steps()) {
            if (!s.adjoint().isConst()) sweepNames.put(s.adjoint(), "∂" + L + "/∂" + sweepNames.get(s.node()));
        }
        Formula f = new Formula(sweepNames);
        if (k > 0) {
            out.append("   (on the forward pass as simplified: ");
            List<String> defs = new ArrayList<>();
            for (Node n : Dag.topo(List.of(c.derivation().objective()))) {
                String name = sweepNames.get(n);
                if (name != null && name.startsWith("v")) defs.add(name + " = " + new Formula(without(sweepNames, n)).of(n));
            }
            out.append(String.join(", ", defs)).append(")\n");
        }
        for (ReverseMode.AdjointStep s : c.derivation().steps()) {
            String node = sweepNames.get(s.node());
            out.append("   ∂").append(L).append("/∂").append(node).append(" = ");
            if (s.contributions().size() == 1 && s.contributions().get(0).consumer() == null) {
                out.append("1\n");
                continue;
            }
            List<String> terms = new ArrayList<>();
            for (ReverseMode.Contribution contribution : s.contributions()) {
                Node term = contribution.term();
                String named = sweepNames.get(term);
                terms.add(named != null && term != s.adjoint() ? named : f.of(term));
            }
            out.append(String.join("  +  ", terms));
            if (s.contributions().size() > 1) out.append("   (").append(s.contributions().size()).append(" uses: their contributions add)");
            out.append(shape(s.node())).append(value(s.adjoint())).append('\n');
        }
    }

    private static Map<Node, String> without(Map<Node, String> names, Node n) {
        Map<Node, String> copy = new HashMap<>(names);
        copy.remove(n);
        return copy;
    }

    /** 3. Every rule the simplifier applied, by name, before → after, with its line. */
    private void simplifications() {
        List<Rewrite> forward = c.forwardSimplification().rewrites();
        List<Rewrite> backward = c.gradientSimplification() == null ? List.of() : c.gradientSimplification().rewrites();
        out.append("\n3. Simplification (").append(forward.size() + backward.size()).append(" rewrites; operations in the gradient: ")
           .append(Dag.operationCount(c.derivation().gradients().values())).append(" → ")
           .append(Dag.operationCount(c.gradients().values())).append(")\n");
        Formula f = new Formula(Map.of());
        int shown = 0;
        for (List<Rewrite> list : List.of(forward, backward)) {
            for (Rewrite r : list) {
                if (shown++ >= 40) continue;
                out.append("   ").append(r.rule().name()).append(": ").append(f.of(r.before())).append("  →  ").append(f.of(r.after()));
                if (r.span().isKnown()) out.append("   (line ").append(r.span().line()).append(')');
                out.append('\n');
            }
        }
        if (shown > 40) out.append("   … and ").append(shown - 40).append(" more\n");
    }

    /** 4. The simplified gradient of each param, in the file's names. */
    private void gradients() {
        out.append("\n4. Gradients\n");
        Map<Node, String> final_ = new HashMap<>();
        Model m = c.model();
        m.params().forEach(p -> final_.put(p.node(), p.name()));
        m.inputs().stream().filter(i -> !i.name().contains("#")).forEach(i -> final_.put(i.node(), i.name()));
        m.definitions().values().forEach(d -> final_.putIfAbsent(d.node(), d.name()));
        Formula f = new Formula(final_);
        for (var e : c.gradients().entrySet()) {
            out.append("   ∂").append(c.objective()).append("/∂").append(e.getKey()).append(" = ").append(f.of(e.getValue()))
               .append(value(e.getValue())).append('\n');
        }
    }

    /** 5. The optimizer's step with numbers, when the file names one. */
    private void update() {
        Model.Training t = c.model().training();
        if (t == null || !t.objective().equals(c.objective())) return;
        Optimizer o = t.optimizer();
        out.append("\n5. Update: ").append(o.describe()).append('\n');
        for (Model.Leaf p : c.model().params()) {
            Node g = c.gradients().get(p.name());
            if (g == null || o.kind() != Optimizer.Kind.SGD || o.momentum() != 0 || values.isEmpty()) {
                out.append("   ").append(p.name()).append(" ← ").append(p.name()).append(t.maximize() ? " + " : " − ").append("α ∂")
                   .append(c.objective()).append("/∂").append(p.name()).append('\n');
                continue;
            }
            Tensor w = p.value(), grad = values.get(g);
            double[] next = w.data().clone();
            for (int i = 0; i < next.length; i++) next[i] += (t.maximize() ? 1 : -1) * o.lr() * grad.data()[i];
            out.append("   ").append(p.name()).append(" ← ").append(p.name()).append(t.maximize() ? " + " : " − ")
               .append(dev.nnc.lower.Values.format(o.lr())).append(" · ∂").append(c.objective()).append("/∂").append(p.name())
               .append(" = ").append(ValueText.of(w)).append(t.maximize() ? " + " : " − ").append(dev.nnc.lower.Values.format(o.lr()))
               .append(" · ").append(ValueText.of(grad)).append(" = ").append(ValueText.of(new Tensor(w.shape(), next))).append('\n');
        }
    }

    private String shape(Node n) {
        return n.shape().isScalar() ? "" : "   " + n.shape();
    }

    private String value(Node n) {
        Tensor t = values.get(n);
        return t == null ? "" : "   = " + ValueText.of(t);
    }

    private static String subscript(int k) {
        StringBuilder b = new StringBuilder();
        for (char ch : Integer.toString(k).toCharArray()) b.append((char) ('₀' + (ch - '0')));
        return b.toString();
    }
}
