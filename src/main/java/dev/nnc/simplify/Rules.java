package dev.nnc.simplify;

import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import java.util.List;

/**
 * The rewrite rules, in the order they are tried. Constants are canonicalised to the left of
 * + and * (no commutativity rule, which would loop); negations move outward so they cancel.
 */
public final class Rules {
    private Rules() {}

    /** Constants are folded up to this many elements; larger ones stay as computations. */
    static final int FOLD_LIMIT = 4096;

    public static final List<Rule> ALL = List.of(
        new Rule("constant-fold", "op(c₁, …) → c", Rules::fold),

        // numerically stable forms
        new Rule("log-sigmoid", "log(σ(x)) → −softplus(−x)", (g, n) ->
            n.op() == Op.LOG && n.input(0).op() == Op.SIGMOID
                ? g.neg(g.unary(Op.SOFTPLUS, g.neg(n.input(0).input(0)))) : null),
        new Rule("log-one-minus-sigmoid", "log(1 − σ(x)) → −softplus(x)", (g, n) ->
            n.op() == Op.LOG && n.input(0).op() == Op.SUB && n.input(0).input(0).isConstValue(1)
                && n.input(0).input(1).op() == Op.SIGMOID && n.input(0).input(1).shape().equals(n.shape())
                ? g.neg(g.unary(Op.SOFTPLUS, n.input(0).input(1).input(0))) : null),
        new Rule("log-softmax", "log(softmax(x)) → log_softmax(x)", (g, n) ->
            n.op() == Op.LOG && n.input(0).op() == Op.SOFTMAX
                ? g.logSoftmax(n.input(0).input(0), ((Attr.Axis) n.input(0).attr()).axis()) : null),
        new Rule("log-sum-exp", "log(Σ exp(x)) → logsumexp(x)", (g, n) -> {
            if (n.op() != Op.LOG || n.input(0).op() != Op.SUM || n.input(0).input(0).op() != Op.EXP) return null;
            Attr.Axes axes = (Attr.Axes) n.input(0).attr();
            return g.logsumexp(n.input(0).input(0).input(0), axes.axes(), axes.keepDims());
        }),
        new Rule("cross-entropy-logits", "c·softplus(−z) + (1 − c)·softplus(z) → softplus(z) − c·z", Rules::crossEntropyOfLogits),
        // moving a slice or reshape inside an elementwise function lets the rules above see log(σ(…))
        new Rule("slice-of-elementwise", "f(x)[…] → f(x[…])", (g, n) ->
            n.op() == Op.SLICE && n.input(0).op().kind == Op.Kind.UNARY
                ? g.unary(n.input(0).op(), g.slice(n.input(0).input(0), (Attr.Window) n.attr())) : null),
        new Rule("reshape-of-elementwise", "reshape(f(x)) → f(reshape(x))", (g, n) ->
            n.op() == Op.RESHAPE && n.input(0).op().kind == Op.Kind.UNARY
                ? g.unary(n.input(0).op(), g.reshape(n.input(0).input(0), n.shape())) : null),
        new Rule("log-exp", "log(exp(x)) → x", (g, n) ->
            n.op() == Op.LOG && n.input(0).op() == Op.EXP ? n.input(0).input(0) : null),

        // identities
        new Rule("add-zero", "x + 0 → x", (g, n) -> n.op() == Op.ADD && n.input(1).isConstValue(0) ? keep(g, n, n.input(0)) : null),
        new Rule("zero-add", "0 + x → x", (g, n) -> n.op() == Op.ADD && n.input(0).isConstValue(0) ? keep(g, n, n.input(1)) : null),
        new Rule("sub-zero", "x − 0 → x", (g, n) -> n.op() == Op.SUB && n.input(1).isConstValue(0) ? keep(g, n, n.input(0)) : null),
        new Rule("zero-sub", "0 − x → −x", (g, n) -> n.op() == Op.SUB && n.input(0).isConstValue(0) ? keep(g, n, g.neg(n.input(1))) : null),
        new Rule("sub-self", "x − x → 0", (g, n) -> n.op() == Op.SUB && n.input(0) == n.input(1) ? g.fill(n.shape(), 0) : null),
        new Rule("mul-one", "x · 1 → x", (g, n) -> n.op() == Op.MUL && n.input(1).isConstValue(1) ? keep(g, n, n.input(0)) : null),
        new Rule("one-mul", "1 · x → x", (g, n) -> n.op() == Op.MUL && n.input(0).isConstValue(1) ? keep(g, n, n.input(1)) : null),
        new Rule("mul-zero", "x · 0 → 0", (g, n) -> n.op() == Op.MUL && (n.input(0).isConstValue(0) || n.input(1).isConstValue(0)) ? g.fill(n.shape(), 0) : null),
        new Rule("minus-one-mul", "(−1) · x → −x", (g, n) -> n.op() == Op.MUL && n.input(0).isConstValue(-1) ? keep(g, n, g.neg(n.input(1))) : null),
        new Rule("div-one", "x / 1 → x", (g, n) -> n.op() == Op.DIV && n.input(1).isConstValue(1) ? keep(g, n, n.input(0)) : null),
        new Rule("pow-one", "x ^ 1 → x", (g, n) -> n.op() == Op.POW && n.input(1).isConstValue(1) ? keep(g, n, n.input(0)) : null),
        new Rule("pow-zero", "x ^ 0 → 1", (g, n) -> n.op() == Op.POW && n.input(1).isConstValue(0) ? g.fill(n.shape(), 1) : null),
        new Rule("neg-neg", "−(−x) → x", (g, n) -> n.op() == Op.NEG && n.input(0).op() == Op.NEG ? n.input(0).input(0) : null),
        new Rule("transpose-transpose", "(xᵀ)ᵀ → x", Rules::transposeTwice),

        // canonical forms: constants left, negations out
        new Rule("const-left-add", "x + c → c + x", (g, n) -> n.op() == Op.ADD && n.input(1).isConst() && !n.input(0).isConst() ? g.add(n.input(1), n.input(0)) : null),
        new Rule("const-left-mul", "x · c → c · x", (g, n) -> n.op() == Op.MUL && n.input(1).isConst() && !n.input(0).isConst() ? g.mul(n.input(1), n.input(0)) : null),
        new Rule("const-mul-const-mul", "c₁ · (c₂ · x) → (c₁c₂) · x", (g, n) ->
            n.op() == Op.MUL && n.input(0).isConst() && n.input(1).op() == Op.MUL && n.input(1).input(0).isConst()
                ? g.mul(g.mul(n.input(0), n.input(1).input(0)), n.input(1).input(1)) : null),
        new Rule("add-neg", "a + (−b) → a − b", (g, n) -> n.op() == Op.ADD && n.input(1).op() == Op.NEG ? g.sub(n.input(0), n.input(1).input(0)) : null),
        new Rule("neg-add", "(−a) + b → b − a", (g, n) -> n.op() == Op.ADD && n.input(0).op() == Op.NEG ? g.sub(n.input(1), n.input(0).input(0)) : null),
        new Rule("sub-neg", "a − (−b) → a + b", (g, n) -> n.op() == Op.SUB && n.input(1).op() == Op.NEG ? g.add(n.input(0), n.input(1).input(0)) : null),
        new Rule("neg-mul", "(−a) · b → −(a · b)", (g, n) -> n.op() == Op.MUL && n.input(0).op() == Op.NEG ? g.neg(g.mul(n.input(0).input(0), n.input(1))) : null),
        new Rule("mul-neg", "a · (−b) → −(a · b)", (g, n) -> n.op() == Op.MUL && n.input(1).op() == Op.NEG ? g.neg(g.mul(n.input(0), n.input(1).input(0))) : null),
        new Rule("neg-div", "(−a) / b → −(a / b)", (g, n) -> n.op() == Op.DIV && n.input(0).op() == Op.NEG ? g.neg(g.div(n.input(0).input(0), n.input(1))) : null),
        new Rule("neg-sub", "−(a − b) → b − a", (g, n) -> n.op() == Op.NEG && n.input(0).op() == Op.SUB ? g.sub(n.input(0).input(1), n.input(0).input(0)) : null)
    );

    /** {@code sign · coef · softplus(arg)}, the negations around the product counted in the sign. */
    private record SoftplusTerm(int sign, Node coef, Node arg) {
        static SoftplusTerm of(Node n, int sign) {
            while (n.op() == Op.NEG) {
                sign = -sign;
                n = n.input(0);
            }
            if (n.op() != Op.MUL) return null;
            if (n.input(1).op() == Op.SOFTPLUS) return new SoftplusTerm(sign, n.input(0), n.input(1).input(0));
            if (n.input(0).op() == Op.SOFTPLUS) return new SoftplusTerm(sign, n.input(1), n.input(0).input(0));
            return null;
        }
    }

    /**
     * Binary cross-entropy on logits, as the stable forms leave it: {@code y·log σ(z) + (1 − y)·log(1 − σ(z))}
     * becomes {@code −(y·softplus(−z)) − (1 − y)·softplus(z)}; since softplus(−z) = softplus(z) − z, the
     * sum is {@code y·z − softplus(z)} (PyTorch's BCEWithLogits form): one softplus instead of two, and
     * its derivative σ(z) − y. Matches either term order and either coefficient written as 1 − c.
     */
    private static Node crossEntropyOfLogits(Graph g, Node n) {
        if (n.op() != Op.ADD && n.op() != Op.SUB) return null;
        SoftplusTerm a = SoftplusTerm.of(n.input(0), 1), b = SoftplusTerm.of(n.input(1), n.op() == Op.SUB ? -1 : 1);
        if (a == null || b == null || a.sign() != b.sign()) return null;
        SoftplusTerm negated = isNegationOf(a.arg(), b.arg()) ? a : isNegationOf(b.arg(), a.arg()) ? b : null;
        if (negated == null) return null;
        SoftplusTerm plain = negated == a ? b : a;
        if (!isOneMinus(plain.coef(), negated.coef()) && !isOneMinus(negated.coef(), plain.coef())) return null;
        Node z = plain.arg(), c = negated.coef();
        if (!z.shape().equals(n.shape()) || !c.shape().equals(n.shape())) return null;
        Node softplus = g.unary(Op.SOFTPLUS, z), cz = g.mul(c, z);
        return a.sign() > 0 ? g.sub(softplus, cz) : g.sub(cz, softplus);
    }

    private static boolean isNegationOf(Node negated, Node x) {
        return negated.op() == Op.NEG && negated.input(0) == x;
    }

    private static boolean isOneMinus(Node n, Node c) {
        return n.op() == Op.SUB && n.input(0).isConstValue(1) && n.input(1) == c;
    }

    /** The replacement keeps the node's shape: broadcast it when an identity dropped the larger operand. */
    private static Node keep(Graph g, Node n, Node replacement) {
        return replacement.shape().equals(n.shape()) ? replacement : g.broadcastTo(replacement, n.shape());
    }

    private static Node fold(Graph g, Node n) {
        if (n.op().kind == Op.Kind.LEAF || n.shape().size() > FOLD_LIMIT) return null;
        for (Node in : n.inputs()) if (!in.isConst()) return null;
        Tensor value = Interpreter.apply(n, n.inputs().stream().map(Rules::valueOf).toList());
        return g.constant(n.shape(), value.data());
    }

    private static Tensor valueOf(Node c) {
        Attr.Data d = (Attr.Data) c.attr();
        double[] v = new double[c.shape().size()];
        for (int i = 0; i < v.length; i++) v[i] = d.at(i);
        return new Tensor(c.shape(), v);
    }

    private static Node transposeTwice(Graph g, Node n) {
        if (n.op() != Op.TRANSPOSE || n.input(0).op() != Op.TRANSPOSE) return null;
        int[] outer = ((Attr.Perm) n.attr()).perm(), inner = ((Attr.Perm) n.input(0).attr()).perm();
        int[] composed = new int[outer.length];
        for (int i = 0; i < outer.length; i++) composed[i] = inner[outer[i]];
        return g.transpose(n.input(0).input(0), composed);
    }
}
