package dev.nnc.explain;

import dev.nnc.ir.Formula;

import dev.nnc.api.Compilation;
import dev.nnc.autodiff.ReverseMode;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Shape;
import dev.nnc.simplify.Simplifier;
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
    private final Style style;
    private final boolean index;
    private int section;
    private final Map<Node, String> names = new HashMap<>();
    private final boolean second;
    private final Map<Node, Tensor> values;
    private final Map<String, Tensor> leaves = new HashMap<>();

    private Transcript(Compilation c, Style style, boolean index, boolean second) {
        this.c = c;
        this.style = style;
        this.index = index;
        this.second = second;
        Model m = c.lowered();
        names.putAll(m.nodeNames());
        m.params().forEach(p -> leaves.put(p.name(), p.value()));
        m.inputs().forEach(i -> leaves.put(i.name(), i.value()));
        List<Node> roots = new ArrayList<>(m.namedNodes());
        if (c.derivation() != null) {
            c.derivation().steps().forEach(s -> roots.add(s.adjoint()));
            c.derivation().steps().forEach(s -> s.contributions().forEach(k -> roots.add(k.term())));
            roots.addAll(c.gradients().values());
        }
        boolean complete = leaves.values().stream().allMatch(v -> v != null);
        values = complete ? new HashMap<>(Interpreter.evaluate(roots, n -> leaves.get(n.leafName()))) : Map.of();
    }

    /** The transcript as plain text. */
    public static String text(Compilation c) {
        return render(c, "text");
    }

    /** @param format text, markdown or latex */
    public static String render(Compilation c, String format) {
        return render(c, format, false);
    }

    /** @param index also write each gradient element by element, in index notation */
    public static String render(Compilation c, String format, boolean index) {
        return render(c, format, index, false);
    }

    /** @param second also differentiate each gradient entry again: its backward sweep and the Hessian's row */
    public static String render(Compilation c, String format, boolean index, boolean second) {
        return new Transcript(c, Style.of(format), index, second).build();
    }

    static String render(Compilation c, Style style, boolean index) {
        return new Transcript(c, style, index, false).build();
    }

    private String build() {
        style.begin("The derivation of " + c.objective() + " (" + c.model().source().name() + ")");
        Node loweredObjective = c.lowered().definitions().get(c.objective()).node();
        graph();
        forward(loweredObjective);
        intermediate();
        backward();
        simplifications();
        gradients();
        if (second) second();
        update();
        return style.end();
    }

    /** 0. The graph a student draws: each definition and the named values it uses. */
    private void graph() {
        style.section(next("Graph (each definition ← the names it uses)"));
        java.util.Map<String, List<String>> uses = new java.util.LinkedHashMap<>();
        for (dev.nnc.api.Jacobians.Edge e : dev.nnc.api.Jacobians.edges(c)) uses.computeIfAbsent(e.of(), k -> new ArrayList<>()).add(e.wrt());
        uses.forEach((of, from) -> style.prose(of + " ← " + String.join(", ", from)));
    }

    /**
     * Between the forward pass and the objective's chain rule: the gradient of each scalar
     * definition on the way (lab_3 asks for ∂y/∂w before the loss), with respect to the params.
     */
    private void intermediate() {
        List<Model.Definition> outputs = new ArrayList<>();
        for (Model.Definition d : c.model().definitions().values()) {
            if (!d.name().equals(c.objective()) && d.node().shape().isScalar() && d.node().op().kind != Op.Kind.LEAF
                    && Dag.topo(List.of(c.derivation().objective())).contains(d.node())) outputs.add(d);
        }
        if (outputs.isEmpty()) return;
        style.section(next("Gradients of the intermediate outputs"));
        Map<Node, String> final_ = c.model().nodeNames();
        Map<String, Tensor> leaves = new HashMap<>();
        c.model().params().forEach(p -> leaves.put(p.name(), p.value()));
        c.model().inputs().forEach(i -> leaves.put(i.name(), i.value()));
        boolean complete = leaves.values().stream().allMatch(v -> v != null);
        for (Model.Definition d : outputs) {
            List<Node> wrt = c.model().params().stream().map(Model.Leaf::node).toList();
            var result = ReverseMode.differentiate(c.model().graph(), d.node(), wrt);
            var simplified = dev.nnc.simplify.Simplifier.simplify(c.model().graph(), result.gradients().values());
            for (Model.Leaf p : c.model().params()) {
                Node g = simplified.of(result.gradients().get(p.node()));
                String v = null;
                if (complete) v = ValueText.of(Interpreter.evaluate(List.of(g), n -> leaves.get(n.leafName())).get(g));
                style.equation(style.name("∂" + d.name() + "/∂" + p.name()), List.of(style.formula(g, final_)), null, v, null);
            }
        }
    }

    /** 1. Forward: every op on the way to the objective, in order, unnamed ones numbered u₁, u₂, …. */
    private void forward(Node objective) {
        style.section(next("Forward pass"));
        int k = 0;
        for (Node n : Dag.topo(List.of(objective))) {
            if (n.op().kind == Op.Kind.LEAF) continue;
            if (!names.containsKey(n)) names.put(n, "u" + subscript(++k));
        }
        for (Node n : Dag.topo(List.of(objective))) {
            if (n.op().kind == Op.Kind.LEAF) {
                if (n.op() != Op.CONST && names.containsKey(n)) {
                    style.equation(style.name(names.get(n)), List.of(), shape(n), value(n), n.op().symbol);
                }
                continue;
            }
            style.equation(style.name(names.get(n)), List.of(style.formula(n, without(names, n))), shape(n), value(n), null);
        }
    }

    /** 2. Backward: ∂L/∂node for each node, the sum of what its consumers pass back. */
    private void backward() {
        String L = c.objective();
        style.section(next("Backward pass (chain rule, from " + L + " back to the params)"));
        sweep(L, c.derivation(), "v", "The sweep runs on the forward pass as simplified, with these intermediate values:");
    }

    /**
     * The reverse sweep of a scalar f as recorded: intermediate values of f's DAG named
     * {@code letter}₁, {@code letter}₂, …, then each adjoint ∂f/∂node as the sum of its consumers' terms.
     */
    private void sweep(String L, ReverseMode.Result derivation, String letter, String intro) {
        Map<Node, String> sweepNames = c.model().nodeNames();
        List<Node> numbered = new ArrayList<>();
        for (Node n : Dag.topo(List.of(derivation.objective()))) {
            if (n.op().kind != Op.Kind.LEAF && !sweepNames.containsKey(n)) {
                numbered.add(n);
                sweepNames.put(n, letter + subscript(numbered.size()));
            }
        }
        if (!numbered.isEmpty()) {
            style.prose(intro);
            for (Node n : numbered) {
                style.equation(style.name(sweepNames.get(n)), List.of(style.formula(n, without(sweepNames, n))), shape(n), null, null);
            }
            style.prose("and each adjoint is the sum of what its consumers pass back:");
        }
        // an adjoint passed on unchanged (through +, −, reshape) is the same node: the later name reads better
        for (ReverseMode.AdjointStep s : derivation.steps()) {
            if (!s.adjoint().isConst()) sweepNames.put(s.adjoint(), "∂" + L + "/∂" + sweepNames.get(s.node()));
        }
        for (ReverseMode.AdjointStep s : derivation.steps()) {
            String lhs = style.name("∂" + L + "/∂" + sweepNames.get(s.node()));
            if (s.contributions().size() == 1 && s.contributions().get(0).consumer() == null) {
                style.equation(lhs, List.of("1"), null, null, null);
                continue;
            }
            List<String> terms = new ArrayList<>();
            for (ReverseMode.Contribution contribution : s.contributions()) {
                Node term = contribution.term();
                String named = sweepNames.get(term);
                terms.add(named != null && term != s.adjoint() ? style.name(named) : style.formula(term, without(sweepNames, term)));
            }
            String note = s.contributions().size() > 1 ? s.contributions().size() + " uses: their contributions add" : null;
            String factors = factorShapes(s.contributions());
            if (factors != null) note = note == null ? factors : note + "; " + factors;
            style.equation(lhs, List.of(String.join("  +  ", terms)), shape(s.node()), value(s.adjoint()), note);
        }
    }

    /**
     * The derivative of the gradient (with --second): the gradient is a DAG of the same IR, so each
     * of its entries gets a reverse sweep of its own, printed as the first one is, and then its
     * derivatives with respect to the params: a row of the Hessian.
     */
    private void second() {
        String L = c.objective();
        Graph g = c.model().graph();
        List<Node> wrt = c.model().params().stream().map(Model.Leaf::node).toList();
        for (Model.Leaf p : c.model().params()) {
            Node grad = c.gradients().get(p.name());
            if (grad == null) continue;
            int size = grad.shape().size();
            for (int i = 0; i < size; i++) {
                String entry = p.name() + (grad.shape().isScalar() ? "" : "[" + i + "]");
                String first = "∂" + L + "/∂" + entry;
                Node node = grad.shape().isScalar() ? grad : g.slice(g.reshape(grad, Shape.of(size)),
                        new Attr.Window(new int[] {i}, new int[] {1}, new int[] {1}, new boolean[] {false}));
                ReverseMode.Result r = ReverseMode.differentiate(g, node, wrt);
                Simplifier.Result simplified = Simplifier.simplify(g, r.gradients().values());
                if (!values.isEmpty()) {
                    List<Node> roots = new ArrayList<>();
                    r.steps().forEach(s -> roots.add(s.adjoint()));
                    r.steps().forEach(s -> s.contributions().forEach(k -> roots.add(k.term())));
                    r.gradients().values().forEach(d -> roots.add(simplified.of(d)));
                    values.putAll(Interpreter.evaluate(roots, n -> leaves.get(n.leafName())));
                }
                style.section(next("Second derivation: the backward pass of " + first));
                sweep("(" + first + ")", r, "h", first + " is itself a graph; its sweep runs on these intermediate values:");
                for (Model.Leaf q : c.model().params()) {
                    Node d = simplified.of(r.gradients().get(q.node()));
                    String lhs = entry.equals(q.name()) ? "∂²" + L + "/∂" + entry + "²" : "∂²" + L + "/∂" + entry + "∂" + q.name();
                    style.equation(style.name(lhs), List.of(style.formula(d, c.model().nodeNames())), shape(d), value(d),
                            grad.shape().isScalar() && q.node().shape().isScalar() ? null : "a row of the Hessian");
                }
            }
        }
    }

    /** The shapes of a matrix product's factors, as a matrix-form derivation states them. */
    private static String factorShapes(List<ReverseMode.Contribution> contributions) {
        List<String> out = new ArrayList<>();
        for (ReverseMode.Contribution k : contributions) {
            Node t = k.term();
            if (t.op() == Op.MATMUL) out.add(t.input(0).shape() + " @ " + t.input(1).shape() + " → " + t.shape());
        }
        return out.isEmpty() ? null : String.join("; ", out);
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
        style.section(next("Simplification (") + (forward.size() + backward.size()) + " rewrites; operations in the gradient: "
                + Dag.operationCount(c.derivation().gradients().values()) + " → " + Dag.operationCount(c.gradients().values()) + ")");
        int shown = 0;
        for (List<Rewrite> list : List.of(forward, backward)) {
            for (Rewrite r : list) {
                if (shown++ >= 40) continue;
                String note = r.rule().name() + (r.span().isKnown() ? ", line " + r.span().line() : "");
                style.equation(style.formula(r.before(), Map.of()), List.of(style.formula(r.after(), Map.of())), null, null, note);
            }
        }
        if (shown > 40) style.prose("… and " + (shown - 40) + " more");
    }

    /** 4. The simplified gradient of each param, in the file's names. */
    private void gradients() {
        style.section(next("Gradients"));
        Map<Node, String> final_ = c.model().nodeNames();
        for (var e : c.gradients().entrySet()) {
            style.equation(style.name("∂" + c.objective() + "/∂" + e.getKey()), List.of(style.formula(e.getValue(), final_)),
                    null, value(e.getValue()), null);
            if (index && !e.getValue().shape().isScalar()) {
                String lhs = "∂" + c.objective() + "/∂" + e.getKey() + IndexNotation.lhsIndices(e.getValue());
                String rhs = IndexNotation.of(e.getValue(), final_);
                style.equation(style.latex() ? indexLatex(style.name("∂" + c.objective() + "/∂" + e.getKey()), e.getValue()) : lhs,
                        List.of(style.latex() ? indicesToLatex(rhs) : rhs), null, null, "index notation");
            }
        }
    }

    /** 5. The optimizer's step with numbers, when the file names one. */
    private void update() {
        Model.Training t = c.model().training();
        if (t == null || !t.objective().equals(c.objective())) return;
        Optimizer o = t.optimizer();
        style.section(next("Update: " + o.describe()));
        if (o.hostSide()) {
            style.prose(o.kind() == Optimizer.Kind.NEWTON
                    ? "θ ← θ − (H + s·I)⁻¹ · ∇" + t.objective() + " with H the Hessian (see nnc hessian) and the damping s chosen by the gain ratio (docs/LANGUAGE.md)"
                    : "θ ← θ − α · H̃ · ∇" + t.objective() + " with H̃ the L-BFGS inverse-Hessian estimate and α from a strong Wolfe line search (docs/LANGUAGE.md)");
            return;
        }
        String sign = t.maximize() ? " + " : (style.latex() ? " - " : " − ");
        String arrow = style.latex() ? " \\leftarrow " : " ← ";
        String dot = style.latex() ? " \\cdot " : " · ";
        for (Model.Leaf p : c.model().params()) {
            Node g = c.gradients().get(p.name());
            String name = style.name(p.name());
            String grad = style.name("∂" + c.objective() + "/∂" + p.name());
            if (g == null || o.kind() != Optimizer.Kind.SGD || o.momentum() != 0 || values.isEmpty()) {
                style.equation(name + arrow + name + sign + (style.latex() ? "\\alpha" : "α") + dot + grad, List.of(), null, null, null);
                continue;
            }
            Tensor w = p.value(), gv = values.get(g);
            double[] next = w.data().clone();
            for (int i = 0; i < next.length; i++) next[i] += (t.maximize() ? 1 : -1) * o.lr() * gv.data()[i];
            String lr = dev.nnc.lower.Values.format(o.lr());
            String numbers = ValueText.of(w) + sign + lr + dot + ValueText.of(gv);
            if (style.latex()) numbers = numbers.replace("[", "\\left[").replace("]", "\\right]");
            String result = ValueText.of(new Tensor(w.shape(), next));
            if (style.latex()) result = result.replace("[", "\\left[").replace("]", "\\right]");
            style.equation(name + arrow + name + sign + lr + dot + grad, List.of(numbers, result), null, null, null);
        }
    }

    private static String indexLatex(String fraction, Node n) {
        String idx = IndexNotation.lhsIndices(n).replaceAll("[\\[\\], ]", "");
        return fraction.replaceFirst("\\\\partial ([^}]*)}$", "\\\\partial $1_{" + idx + "}}");
    }

    private static String indicesToLatex(String s) {
        return s.replaceAll("Σ_([\\w,]+) ", "\\\\sum_{$1} ").replaceAll("(\\w+)\\[([^\\]]*)\\]", "$1_{$2}").replace(", ", "");
    }

    private static String shape(Node n) {
        return n.shape().isScalar() ? null : n.shape().toString();
    }

    private String value(Node n) {
        Tensor t = values.get(n);
        return t == null ? null : ValueText.of(t);
    }

    private String next(String title) {
        return (section++) + ". " + title;
    }

    private static String subscript(int k) {
        StringBuilder b = new StringBuilder();
        for (char ch : Integer.toString(k).toCharArray()) b.append((char) ('₀' + (ch - '0')));
        return b.toString();
    }
}
