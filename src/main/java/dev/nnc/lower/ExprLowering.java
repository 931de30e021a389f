package dev.nnc.lower;

import dev.nnc.ast.Expr;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Span;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Lowers expressions to graph nodes: resolves names and calls, applies shape rules at the right span. */
final class ExprLowering {
    private final Graph g;
    private final Deque<String> inlining = new ArrayDeque<>();

    private final BatchNorms batchnorms;

    ExprLowering(Graph g, BatchNorms batchnorms) {
        this.g = g;
        this.batchnorms = batchnorms;
    }

    BatchNorms batchnorms() {
        return batchnorms;
    }

    Node lower(Expr e, Scope scope) {
        Span previous = g.at(e.span());
        try {
            if (e instanceof Expr.Num n) return g.scalar(n.value());
            if (e instanceof Expr.Str s) throw new CompileError(s.span(), "a string is only allowed as a file path in a data source");
            if (e instanceof Expr.Name n) return name(n, scope);
            if (e instanceof Expr.ListLit l) return list(l, scope);
            if (e instanceof Expr.Unary u) {
                if (!u.op().equals("-")) return lower(u.operand(), scope);
                Node x = lower(u.operand(), scope);
                return g.neg(x);
            }
            if (e instanceof Expr.Binary b) return binary(b, scope);
            if (e instanceof Expr.Call c) return call(c, scope);
            if (e instanceof Expr.Attr a) {
                if (!a.attr().equals("T")) throw new CompileError(a.span(), "unknown attribute '." + a.attr() + "' (only .T, the transpose, exists)");
                return g.transpose(lower(a.target(), scope));
            }
            return index((Expr.Index) e, scope);
        } finally {
            g.at(previous);
        }
    }

    private Node name(Expr.Name n, Scope scope) {
        Scope.Binding b = scope.lookup(n.name());
        if (b instanceof Scope.TensorB t) return t.node();
        if (b instanceof Scope.DimB d) return g.scalar(d.value());
        if (b instanceof Scope.FnB) throw new CompileError(n.span(), "'" + n.name() + "' is a function: call it as " + n.name() + "(…)");
        if (n.name().equals("pi") || n.name().equals("π")) return g.scalar(Math.PI);
        throw new CompileError(n.span(), "undefined name '" + n.name() + "'" + Suggest.closest(n.name(), scope.visibleNames()));
    }

    private Node list(Expr.ListLit l, Scope scope) {
        if (l.items().isEmpty()) throw new CompileError(l.span(), "empty list: a tensor needs at least one element");
        List<Tensor> items = new ArrayList<>();
        Shape first = null;
        for (Expr item : l.items()) {
            Tensor t = ConstEval.tensor(lower(item, scope), l.span(), "a list element");
            if (first == null) first = t.shape();
            else if (!first.equals(t.shape())) {
                throw new CompileError(l.span(), "ragged list: element " + (items.size() + 1) + " has shape " + t.shape() + " but the first has " + first);
            }
            items.add(t);
        }
        int[] inner = first.dims();
        int[] dims = new int[inner.length + 1];
        dims[0] = items.size();
        System.arraycopy(inner, 0, dims, 1, inner.length);
        Shape shape = Shape.of(dims);
        double[] data = new double[shape.size()];
        int k = 0;
        for (Tensor t : items) for (double v : t.data()) data[k++] = v;
        return g.constant(shape, data);
    }

    private Node binary(Expr.Binary b, Scope scope) {
        Node lhs = lower(b.lhs(), scope);
        Node rhs = lower(b.rhs(), scope);
        g.at(b.span());
        return shaped(b.span(), () -> switch (b.op()) {
            case "+" -> g.add(lhs, rhs);
            case "-" -> g.sub(lhs, rhs);
            case "*" -> g.mul(lhs, rhs);
            case "/" -> g.div(lhs, rhs);
            case "^" -> g.binary(Op.POW, lhs, rhs);
            case "·", "@" -> product(lhs, rhs, b.op());
            case "<" -> g.binary(Op.LT, lhs, rhs);
            case "<=" -> g.binary(Op.LE, lhs, rhs);
            case ">" -> g.binary(Op.GT, lhs, rhs);
            case ">=" -> g.binary(Op.GE, lhs, rhs);
            case "==" -> g.binary(Op.EQ, lhs, rhs);
            case "!=" -> g.binary(Op.NE, lhs, rhs);
            default -> throw new IllegalStateException("operator " + b.op());
        });
    }

    private Node product(Node a, Node b, String op) {
        if (a.shape().isScalar() || b.shape().isScalar()) {
            throw new ShapeException("'" + op + "' needs vectors or matrices, got " + a.shape() + " and " + b.shape()
                    + " (use * to scale by a scalar)");
        }
        return g.matmul(a, b);
    }

    /** Runs a shape rule; its complaint becomes an error at {@code span}. */
    private static Node shaped(Span span, java.util.function.Supplier<Node> rule) {
        try {
            return rule.get();
        } catch (ShapeException e) {
            throw new CompileError(span, "shape mismatch: " + e.getMessage());
        }
    }

    private Node index(Expr.Index ix, Scope scope) {
        Node x = lower(ix.target(), scope);
        Shape s = x.shape();
        if (ix.items().size() > s.rank()) {
            throw new CompileError(ix.items().get(s.rank()).span(), ix.items().size() + " indices for a tensor of rank " + s.rank() + " (shape " + s + ")");
        }
        int r = s.rank();
        int[] start = new int[r], step = new int[r], count = new int[r];
        boolean[] kept = new boolean[r];
        for (int a = 0; a < r; a++) {
            int n = s.dim(a);
            if (a >= ix.items().size()) { start[a] = 0; step[a] = 1; count[a] = n; kept[a] = true; continue; }
            Expr.IndexItem item = ix.items().get(a);
            if (item instanceof Expr.At at) {
                int i = ConstEval.integer(lower(at.index(), scope), at.span(), "an index");
                int norm = i < 0 ? i + n : i;
                if (norm < 0 || norm >= n) throw new CompileError(at.span(), "index " + i + " is out of range for axis " + a + " of size " + n);
                start[a] = norm; step[a] = 1; count[a] = 1; kept[a] = false;
            } else {
                Expr.Slice sl = (Expr.Slice) item;
                int st = sl.step() == null ? 1 : ConstEval.integer(lower(sl.step(), scope), sl.step().span(), "a slice step");
                if (st <= 0) throw new CompileError(sl.step().span(), "a slice step must be positive, got " + st);
                int lo = sl.start() == null ? 0 : clamp(ConstEval.integer(lower(sl.start(), scope), sl.start().span(), "a slice start"), n);
                int hi = sl.stop() == null ? n : clamp(ConstEval.integer(lower(sl.stop(), scope), sl.stop().span(), "a slice end"), n);
                int c = hi <= lo ? 0 : (hi - lo + st - 1) / st;
                if (c == 0) throw new CompileError(sl.span(), "empty slice " + lo + ":" + hi + " of axis " + a + " (size " + n + ")");
                start[a] = lo; step[a] = st; count[a] = c; kept[a] = true;
            }
        }
        return g.slice(x, new Attr.Window(start, step, count, kept));
    }

    private static int clamp(int i, int n) {
        int v = i < 0 ? i + n : i;
        return Math.max(0, Math.min(n, v));
    }

    // ---- calls --------------------------------------------------------------------------

    private Node call(Expr.Call c, Scope scope) {
        Scope.Binding b = scope.lookup(c.fn());
        if (b instanceof Scope.FnB fn) return inline(c, fn.fn(), scope);
        if (b != null && !Builtins.isKnown(c.fn())) throw new CompileError(c.span(), "'" + c.fn() + "' is not a function");
        Args args = new Args(c, this, scope);
        if (c.fn().equals("batchnorm")) return shaped(c.span(), () -> batchnorms.lower(c, args, g));
        if (c.fn().equals("grad")) return gradient(c, args, scope);
        return shaped(c.span(), () -> Builtins.lower(c, args, g));
    }

    /**
     * grad(f, x): ∂f/∂x as an ordinary expression of the same graph, built by the same reverse
     * mode as the objective's gradient, so it can be used, printed, compiled and differentiated
     * again. f must be a scalar; x names a param, an input or a definition.
     */
    private Node gradient(Expr.Call c, Args args, Scope scope) {
        args.expect(2, "f", "x");
        Node f = args.tensor(0, "f");
        if (!f.shape().isScalar()) {
            throw new CompileError(c.span(), "grad needs a scalar to differentiate, but f has shape " + f.shape());
        }
        Expr.Arg xArg = args.find(1, "x");
        if (!(xArg.value() instanceof Expr.Name)) {
            throw new CompileError(c.span(), "grad's second argument must name a param, an input or a definition");
        }
        Node x = args.tensor(1, "x");
        if (x.op() == dev.nnc.ir.Op.CONST) {
            throw new CompileError(c.span(), "grad's second argument must name a param, an input or a definition, not a constant");
        }
        return dev.nnc.autodiff.ReverseMode.differentiate(g, f, java.util.List.of(x)).gradients().get(x);
    }

    private Node inline(Expr.Call c, Stmt.Fn fn, Scope scope) {
        if (inlining.contains(fn.name())) {
            throw new CompileError(c.span(), "recursive call of '" + fn.name() + "': functions are inlined, so recursion would never end");
        }
        if (c.args().size() != fn.params().size()) {
            throw new CompileError(c.span(), "'" + fn.name() + "' takes " + fn.params().size() + " argument"
                    + (fn.params().size() == 1 ? "" : "s") + ", got " + c.args().size());
        }
        Scope body = new Scope(scope);
        for (int i = 0; i < c.args().size(); i++) {
            Expr.Arg a = c.args().get(i);
            if (a.name() != null && !a.name().equals(fn.params().get(i))) {
                throw new CompileError(a.span(), "'" + fn.name() + "' has no parameter '" + a.name() + "' at position " + (i + 1));
            }
            body.define(fn.params().get(i), new Scope.TensorB(lower(a.value(), scope), a.span()));
        }
        inlining.push(fn.name());
        try {
            return lower(fn.body(), body);
        } finally {
            inlining.pop();
        }
    }

    /** A call's arguments, lowered on demand, checked against what the callee accepts. */
    static final class Args {
        private final Expr.Call call;
        private final ExprLowering lowering;
        private final Scope scope;

        Args(Expr.Call call, ExprLowering lowering, Scope scope) {
            this.call = call;
            this.lowering = lowering;
            this.scope = scope;
        }

        /** Checks positional count and keyword names: {@code names} lists every parameter in order. */
        void expect(int required, String... names) {
            int positional = 0;
            boolean seenKeyword = false;
            for (Expr.Arg a : call.args()) {
                if (a.name() == null) {
                    if (seenKeyword) throw new CompileError(call.span(), "a positional argument cannot follow a keyword argument in '" + call.fn() + "'");
                    positional++;
                } else {
                    seenKeyword = true;
                    if (!List.of(names).contains(a.name())) {
                        throw new CompileError(call.span(), "'" + call.fn() + "' has no argument '" + a.name() + "'"
                                + (names.length == 0 ? "" : "; it takes " + String.join(", ", names)));
                    }
                }
            }
            if (positional > names.length) {
                throw new CompileError(call.span(), "'" + call.fn() + "' takes at most " + names.length + " argument"
                        + (names.length == 1 ? "" : "s") + ", got " + positional);
            }
            for (int i = 0; i < required; i++) {
                if (find(i, names[i]) == null) {
                    throw new CompileError(call.span(), "'" + call.fn() + "' needs " + required + " argument"
                            + (required == 1 ? "" : "s") + " (" + String.join(", ", List.of(names).subList(0, required)) + ")");
                }
            }
        }

        Expr.Arg find(int position, String name) {
            int p = 0;
            for (Expr.Arg a : call.args()) {
                if (a.name() == null && p++ == position) return a;
                if (name.equals(a.name())) return a;
            }
            return null;
        }

        boolean has(int position, String name) {
            return find(position, name) != null;
        }

        Node tensor(int position, String name) {
            Expr.Arg a = find(position, name);
            return lowering.lower(a.value(), scope);
        }

        int integer(int position, String name, int fallback) {
            Expr.Arg a = find(position, name);
            if (a == null) return fallback;
            return ConstEval.integer(lowering.lower(a.value(), scope), call.span(), what(name));
        }

        double number(int position, String name, double fallback) {
            Expr.Arg a = find(position, name);
            if (a == null) return fallback;
            return ConstEval.number(lowering.lower(a.value(), scope), call.span(), what(name));
        }

        private String what(String name) {
            return "'" + name + "' of " + call.fn();
        }

        /** A list of integers such as a shape: `[2, 3]`. */
        int[] integers(int position, String name) {
            Expr.Arg a = find(position, name);
            Tensor t = ConstEval.tensor(lowering.lower(a.value(), scope), call.span(), what(name));
            if (t.shape().rank() > 1) throw new CompileError(call.span(), what(name) + " must be a list of integers");
            int[] out = new int[t.data().length];
            for (int i = 0; i < out.length; i++) {
                double v = t.data()[i];
                if (v != Math.rint(v)) throw new CompileError(call.span(), what(name) + " must hold integers, got " + Values.format(v));
                out[i] = (int) v;
            }
            return out;
        }

        /** Where errors about this call point: its function's name. */
        Span span() {
            return call.span();
        }
    }
}
