package dev.nnc.api;

import dev.nnc.ast.Program;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.ir.Formula;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.lower.Model;
import dev.nnc.syntax.Parsing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Check my derivation: a student's formula for ∂f/∂x, written in the `.nn` expression language,
 * against the symbolic gradient — first as simplified graphs, then numerically at the file's
 * values and at random points. When they differ, the first factor of the claim that has no
 * counterpart in the gradient is named (or said to have the opposite sign).
 */
public final class Verification {
    private static final Pattern HEAD = Pattern.compile("^\\s*[d∂]\\s*(\\S+?)\\s*/\\s*[d∂]\\s*(\\S+?)\\s*=");
    private static final String CLAIM = "claim#";

    /**
     * @param equal     the claim equals the gradient
     * @param how       "symbolically" or "numerically at N points", or why not
     * @param factor    the claim's first factor without a counterpart (null when equal or not found)
     * @param point     the values of the params and inputs where the two differ
     * @param claimed   the claim's value there; {@code gradient} the gradient's
     */
    public record Result(String of, String wrt, boolean equal, String how, String gradientFormula, String factor,
                         Span factorSpan, boolean oppositeSign, Map<String, double[]> point, double[] claimed, double[] gradient) {}

    private Verification() {}

    /** The claim's own text is its source: errors in it point into it. */
    public static Source claimSource(String claim) {
        return new Source("--claim", claim);
    }

    public static Result verify(Source file, Options options, String claim) {
        Source claimSource = claimSource(claim);
        Matcher m = HEAD.matcher(claim);
        if (!m.find()) {
            throw new CompileError(Span.START, "a claim is written dL/dw = EXPRESSION (or ∂L/∂w = …)").withSource(claimSource);
        }
        String of = m.group(1), wrt = m.group(2);
        // the head becomes a same-length name, so that columns in the claim stay what the user typed
        String text = "c".repeat(m.end() - 1) + claim.substring(m.end() - 1);
        Stmt.Def def;
        try {
            Program p = Parsing.parse(new Source("--claim", text));
            if (p.statements().size() != 1 || !(p.statements().get(0) instanceof Stmt.Def d)) {
                throw new CompileError(Span.START, "a claim is one formula: dL/dw = EXPRESSION");
            }
            def = new Stmt.Def(CLAIM, d.nameSpan(), d.value(), d.span());
        } catch (CompileError e) {
            throw e.withSource(claimSource);
        }
        Options asked = options.withOf(of).withWrt(List.of(wrt));
        Nnc.analyse(file, asked); // the file's own mistakes (and a bad dL/dw head) are reported against the file
        Compilation c;
        try {
            c = BigStack.call(() -> Pipeline.run(file, asked, List.of(def)));
        } catch (CompileError e) {
            throw e.withSource(claimSource);
        }
        Node gradient = c.gradients().get(wrt);
        Node claimed = c.model().definitions().get(CLAIM).node();
        if (!claimed.shape().equals(gradient.shape())) {
            throw new CompileError(Span.START, "the claim has shape " + claimed.shape() + " but ∂" + of + "/∂" + wrt
                    + " has shape " + gradient.shape()).withSource(claimSource);
        }
        Map<Node, String> names = names(c.model());
        String formula = new Formula(names).of(gradient);
        if (claimed == gradient) {
            return new Result(of, wrt, true, "symbolically: the same simplified graph", formula, null, null, false, Map.of(), null, null);
        }
        List<Map<String, Tensor>> points = points(c.model(), options.seed());
        for (Map<String, Tensor> point : points) {
            Map<Node, Tensor> v = Interpreter.evaluate(List.of(gradient, claimed), n -> point.get(n.leafName()));
            if (!close(v.get(gradient).data(), v.get(claimed).data())) {
                Node lowered = c.lowered().definitions().get(CLAIM).node();
                Mismatch miss = mismatch(lowered, gradient, point);
                Map<String, double[]> shown = new java.util.LinkedHashMap<>();
                point.forEach((k, t) -> { if (!k.contains("#")) shown.put(k, t.data()); });
                return new Result(of, wrt, false, "numerically", formula,
                        miss == null ? null : new Formula(names(c.lowered())).of(miss.factor()),
                        miss == null ? null : miss.factor().span(), miss != null && miss.opposite(), shown,
                        v.get(claimed).data(), v.get(gradient).data());
            }
        }
        return new Result(of, wrt, true, "numerically at " + points.size() + " points (the file's values and random ones)",
                formula, null, null, false, Map.of(), null, null);
    }

    private record Mismatch(Node factor, boolean opposite) {}

    /** The claim's first product factor whose values match no factor of the gradient, even up to sign. */
    private static Mismatch mismatch(Node claim, Node gradient, Map<String, Tensor> point) {
        List<Node> mine = factors(claim), theirs = factors(gradient);
        List<Node> roots = new ArrayList<>(mine);
        roots.addAll(theirs);
        Map<Node, Tensor> v = Interpreter.evaluate(roots, n -> point.get(n.leafName()));
        List<Node> unmatched = new ArrayList<>(theirs);
        for (Node f : mine) {
            Node same = null;
            for (Node g : unmatched) if (sameValues(v.get(f), v.get(g), 1)) { same = g; break; }
            if (same != null) { unmatched.remove(same); continue; }
            for (Node g : unmatched) if (sameValues(v.get(f), v.get(g), -1)) return new Mismatch(f, true);
            return new Mismatch(f, false);
        }
        return null;
    }

    private static List<Node> factors(Node n) {
        List<Node> out = new ArrayList<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        todo.push(n);
        while (!todo.isEmpty()) {
            Node x = todo.pop();
            if (x.op() == Op.MUL) { todo.push(x.input(1)); todo.push(x.input(0)); }
            else out.add(x);
        }
        return out;
    }

    private static boolean sameValues(Tensor a, Tensor b, double sign) {
        if (!a.shape().equals(b.shape())) return false;
        for (int i = 0; i < a.data().length; i++) {
            if (!(Math.abs(a.data()[i] - sign * b.data()[i]) <= 1e-9 * (1 + Math.abs(a.data()[i])))) return false;
        }
        return true;
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) && Double.isNaN(b[i])) continue;
            if (!(Math.abs(a[i] - b[i]) <= 1e-9 * (1 + Math.abs(b[i])))) return false;
        }
        return true;
    }

    /** The file's own values, then four random points around them. */
    private static List<Map<String, Tensor>> points(Model m, long seed) {
        List<Model.Leaf> leaves = new ArrayList<>(m.params());
        leaves.addAll(m.inputs());
        Map<String, Tensor> base = new HashMap<>();
        for (Model.Leaf l : leaves) {
            if (l.value() == null) throw new CompileError(l.span(), "input '" + l.name() + "' has no value to check the claim at");
            base.put(l.name(), l.value());
        }
        List<Map<String, Tensor>> out = new ArrayList<>();
        out.add(base);
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < 4; k++) {
            Map<String, Tensor> p = new HashMap<>();
            for (Model.Leaf l : leaves) {
                double[] d = l.value().data().clone();
                for (int i = 0; i < d.length; i++) d[i] += (0.5 + Math.abs(d[i]) * 0.25) * (2 * random.nextDouble() - 1);
                p.put(l.name(), new Tensor(l.node().shape(), d));
            }
            out.add(p);
        }
        return out;
    }

    private static Map<Node, String> names(Model m) {
        Map<Node, String> names = m.nodeNames();
        names.values().removeIf(CLAIM::equals);
        return names;
    }
}
