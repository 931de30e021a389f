package dev.nnc.api;

import dev.nnc.autodiff.ReverseMode;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.diag.Span;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import dev.nnc.lower.Model;
import dev.nnc.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Second derivatives by reverse over reverse: the gradient is a DAG of the same IR, so each entry
 * of it can be differentiated again. The Hessian takes one extra sweep per parameter entry (for
 * the small models it is meant for); a Hessian-vector product H·v takes one, as the gradient of
 * ⟨∇f, v⟩, without forming H.
 */
public final class Hessians {
    private Hessians() {}

    /**
     * @param names   the wrt params' entries in order, e.g. w[0], w[1], b
     * @param matrix  H (rows and columns in the order of names), or null for an HVP
     * @param product H·v, or null for a full Hessian
     */
    public record Result(String objective, List<String> names, double[][] matrix, double[] product) {}

    /** Parameters with more entries than this are refused: the full Hessian is for small models. */
    public static final int MAX_ENTRIES = 2000;

    public static Result hessian(Source source, Options options, List<String> wrt) {
        Setup s = setup(source, options, wrt);
        if (s.entries > MAX_ENTRIES) {
            throw new CompileError(Span.NONE, "the Hessian of " + s.entries + " entries is too large to form; use --hvp");
        }
        return new Result(s.c.objective(), s.names, matrix(s).at(n -> s.leaves.get(n.leafName())), null);
    }

    /**
     * The Hessian of a compilation's objective over every entry of its params, built once and
     * evaluated wherever the caller puts the leaves (newton evaluates it at every iterate).
     */
    public static Matrix matrix(Compilation c) {
        return matrix(setup(c, List.of()));
    }

    /** The Hessian's entries as nodes of the model's graph. */
    public static final class Matrix {
        private final List<Node> roots;
        private final List<Node> params;
        private final int entries;

        private Matrix(List<Node> roots, List<Node> params, int entries) {
            this.roots = roots;
            this.params = params;
            this.entries = entries;
        }

        /** H at the given leaf values (params and inputs). */
        public double[][] at(java.util.function.Function<Node, Tensor> leaves) {
            Map<Node, Tensor> v = Interpreter.evaluate(roots, leaves);
            double[][] h = new double[entries][entries];
            int k = 0;
            for (int row = 0; row < entries; row++) {
                int col = 0;
                for (int q = 0; q < params.size(); q++) {
                    double[] d = v.get(roots.get(k++)).data();
                    System.arraycopy(d, 0, h[row], col, d.length);
                    col += d.length;
                }
            }
            return h;
        }
    }

    private static Matrix matrix(Setup s) {
        Graph g = s.c.model().graph();
        List<Node> rows = new ArrayList<>();
        for (Node grad : s.gradients) {
            Node flat = g.reshape(grad, Shape.of(grad.shape().size()));
            for (int i = 0; i < grad.shape().size(); i++) {
                Node entry = grad.shape().isScalar() ? grad
                        : g.slice(flat, new Attr.Window(new int[] {i}, new int[] {1}, new int[] {1}, new boolean[] {false}));
                ReverseMode.Result r = ReverseMode.differentiate(g, entry, s.params);
                for (Node p : s.params) rows.add(r.gradients().get(p));
            }
        }
        Simplifier.Result simplified = Simplifier.simplify(g, rows);
        return new Matrix(rows.stream().map(simplified::of).toList(), s.params, s.entries);
    }

    public static Result hvp(Source source, Options options, List<String> wrt, double[] vector) {
        Setup s = setup(source, options, wrt);
        if (vector.length != s.entries) {
            throw new CompileError(Span.NONE, "--hvp needs " + s.entries + " numbers (one per entry of " + String.join(", ", wrt.isEmpty()
                    ? s.c.model().params().stream().map(Model.Leaf::name).toList() : wrt) + "), got " + vector.length);
        }
        Graph g = s.c.model().graph();
        Node dot = null;
        int at = 0;
        for (Node grad : s.gradients) {
            int n = grad.shape().size();
            double[] part = java.util.Arrays.copyOfRange(vector, at, at + n);
            at += n;
            Node term = g.sumAll(g.mul(grad, g.constant(grad.shape(), part)));
            dot = dot == null ? term : g.add(dot, term);
        }
        ReverseMode.Result r = ReverseMode.differentiate(g, dot, s.params);
        Simplifier.Result simplified = Simplifier.simplify(g, r.gradients().values());
        List<Node> roots = s.params.stream().map(p -> simplified.of(r.gradients().get(p))).toList();
        Map<Node, Tensor> v = Interpreter.evaluate(roots, n -> s.leaves.get(n.leafName()));
        double[] out = new double[s.entries];
        int col = 0;
        for (Node root : roots) {
            double[] d = v.get(root).data();
            System.arraycopy(d, 0, out, col, d.length);
            col += d.length;
        }
        return new Result(s.c.objective(), s.names, null, out);
    }

    private record Setup(Compilation c, List<Node> params, List<Node> gradients, List<String> names, int entries,
                         Map<String, Tensor> leaves) {}

    private static Setup setup(Source source, Options options, List<String> wrt) {
        Compilation c = Nnc.analyse(source, options.withWrt(wrt));
        for (Model.Leaf l : c.model().inputs()) {
            if (l.value() == null) throw new CompileError(l.span(), "input '" + l.name() + "' has no value");
        }
        return setup(c, wrt);
    }

    private static Setup setup(Compilation c, List<String> wrt) {
        if (c.objective() == null) throw new CompileError(Span.START, "no objective to differentiate (minimize, maximize or --of)");
        List<Node> params = new ArrayList<>();
        List<Node> gradients = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> chosen = wrt.isEmpty() ? c.model().params().stream().map(Model.Leaf::name).toList() : wrt;
        for (String name : chosen) {
            Model.Leaf p = c.model().param(name) != null ? c.model().param(name) : c.model().input(name);
            if (p == null) throw new CompileError(Span.NONE, "--wrt " + name + ": the file has no param or input named '" + name + "'");
            params.add(p.node());
            gradients.add(c.gradients().get(name));
            int n = p.node().shape().size();
            for (int i = 0; i < n; i++) names.add(n == 1 && p.node().shape().isScalar() ? name : name + "[" + i + "]");
        }
        Map<String, Tensor> leaves = new HashMap<>();
        for (Model.Leaf l : c.model().params()) leaves.put(l.name(), l.value());
        for (Model.Leaf l : c.model().inputs()) {
            if (l.value() != null) leaves.put(l.name(), l.value());
        }
        return new Setup(c, params, gradients, names, names.size(), leaves);
    }
}
