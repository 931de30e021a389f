package dev.nnc.codegen;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Well-shaped random DAGs driven by a list of choices (so that jqwik can shrink them): unary and
 * broadcasting binary chains, reductions, softmaxes, matmuls and layout ops over a few leaves.
 * log, sqrt, pow and division only see operands known to be positive; leaves are filled positive.
 */
final class RandomGraphs {
    private static final Op[] UNARY = {Op.NEG, Op.SIN, Op.COS, Op.TAN, Op.EXP, Op.LOG, Op.SQRT, Op.ABS, Op.TANH,
        Op.SIGMOID, Op.RELU, Op.SOFTPLUS, Op.SIGN, Op.STEP};
    private static final Op[] BINARY = {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.POW, Op.MAX, Op.MIN, Op.LT, Op.LE, Op.GT,
        Op.GE, Op.EQ, Op.NE};

    private final List<Integer> choices;
    private int next;
    private final Graph g = new Graph();
    private final List<Node> pool = new ArrayList<>();
    private final Set<Node> positive = new HashSet<>();

    private RandomGraphs(List<Integer> choices) {
        this.choices = choices;
    }

    static Plan build(List<Integer> choices) {
        return new RandomGraphs(choices).plan();
    }

    private int choose(int n) {
        int c = choices.isEmpty() ? 0 : choices.get(next++ % choices.size()) + next / choices.size();
        return Math.floorMod(c, n);
    }

    private Node pick() {
        return pool.get(pool.size() - 1 - choose(Math.min(pool.size(), 6)));
    }

    private Node add(Node n, boolean pos) {
        pool.add(n);
        if (pos) positive.add(n);
        return n;
    }

    private Node positiveOf(Node n) {
        return positive.contains(n) ? n : add(g.unary(Op.EXP, n), true);
    }

    private Plan plan() {
        List<Node> params = List.of(g.param("a", Shape.of(2, 3)), g.param("b", Shape.of(3)), g.param("c", Shape.of(2, 1)),
                g.param("d", Shape.SCALAR));
        List<Node> inputs = List.of(g.input("x", Shape.of(3, 2)), g.input("y", Shape.of(1, 3)));
        for (Node n : params) add(n, true);
        for (Node n : inputs) add(n, true);
        int steps = 2 + choose(14);
        for (int s = 0; s < steps; s++) step();
        List<Node> values = new ArrayList<>(List.of(pool.get(pool.size() - 1)));
        if (choose(2) == 0) values.add(pick());
        int mark = pool.size();
        for (int s = choose(4); s > 0; s--) step();
        List<Node> gradients = new ArrayList<>();
        for (int i = mark; i < pool.size(); i++) if (choose(2) == 0) gradients.add(pool.get(i));
        gradients.add(pick());
        gradients.add(g.fill(Shape.of(3), 0));
        return Harness.plan("Random", params, inputs, values, gradients, null);
    }

    private void step() {
        Node a = pick();
        switch (choose(10)) {
            case 0, 1, 2 -> {
                Op op = UNARY[choose(UNARY.length)];
                Node arg = op == Op.LOG || op == Op.SQRT ? positiveOf(a) : a;
                boolean pos = op == Op.EXP || op == Op.SIGMOID || op == Op.SOFTPLUS || (op == Op.SQRT || op == Op.ABS) && positive.contains(arg);
                add(g.unary(op, arg), pos);
            }
            case 3, 4, 5 -> {
                Op op = BINARY[choose(BINARY.length)];
                List<Node> partners = new ArrayList<>();
                for (Node n : pool) if (Shape.broadcast(a.shape(), n.shape()) != null) partners.add(n);
                Node b = choose(5) == 0 ? g.scalar(0.5 + choose(4)) : partners.get(choose(partners.size()));
                if (op == Op.POW) a = positiveOf(a);
                if (op == Op.DIV) b = positiveOf(b);
                boolean pos = positive.contains(a) && positive.contains(b)
                        && (op == Op.ADD || op == Op.MUL || op == Op.DIV || op == Op.MAX || op == Op.MIN) || op == Op.POW;
                add(g.binary(op, a, b), pos);
            }
            case 6 -> {
                int rank = a.shape().rank();
                List<Integer> axes = new ArrayList<>();
                for (int ax = 0; ax < rank; ax++) if (choose(2) == 0) axes.add(ax);
                int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
                if (choose(2) == 0 || ax.length == 0) add(g.sum(a, ax, choose(2) == 0), positive.contains(a));
                else add(g.logsumexp(a, ax, choose(2) == 0), false);
            }
            case 7 -> {
                if (a.shape().rank() == 0) { add(g.unary(Op.TANH, a), false); return; }
                int axis = choose(a.shape().rank());
                switch (choose(4)) {
                    case 0 -> add(g.softmax(a, axis), true);
                    case 1 -> add(g.logSoftmax(a, axis), false);
                    case 2 -> add(g.argmax(a, axis), false);
                    default -> add(g.onehot(g.argmax(a, axis), 1 + choose(3)), false);
                }
            }
            case 8 -> matmul(a);
            default -> layout(a);
        }
    }

    private void matmul(Node a) {
        if (a.shape().rank() < 1 || a.shape().rank() > 2) { add(g.mul(a, a), positive.contains(a)); return; }
        int k = a.shape().dim(a.shape().rank() - 1);
        for (Node b : pool) {
            int r = b.shape().rank();
            if ((r == 1 || r == 2) && b.shape().dim(0) == k && choose(3) != 0) {
                add(g.matmul(a, b), positive.contains(a) && positive.contains(b));
                return;
            }
        }
        add(g.matmul(a, g.transpose(a)), false);
    }

    private void layout(Node a) {
        boolean pos = positive.contains(a);
        Shape s = a.shape();
        switch (choose(4)) {
            case 0 -> add(g.transpose(a), pos);
            case 1 -> add(g.reshape(a, s.rank() == 1 || s.size() == 1 ? Shape.of(1, s.size()) : Shape.of(s.size())), pos);
            case 2 -> {
                if (s.rank() == 0) { add(g.broadcastTo(a, Shape.of(2, 3)), pos); return; }
                int r = s.rank();
                int[] start = new int[r], step = new int[r], count = new int[r];
                boolean[] kept = new boolean[r];
                for (int ax = 0; ax < r; ax++) {
                    int d = s.dim(ax);
                    start[ax] = choose(d);
                    step[ax] = 1 + choose(2);
                    count[ax] = 1 + choose((d - 1 - start[ax]) / step[ax] + 1);
                    kept[ax] = choose(4) != 0;
                }
                Attr.Window w = new Attr.Window(start, step, count, kept);
                Node sliced = add(g.slice(a, w), pos);
                if (choose(2) == 0) add(g.unslice(sliced, w, s), false);
            }
            default -> add(g.broadcastTo(g.reshape(a, Shape.of(1, s.size())), Shape.of(2, s.size())), pos);
        }
    }
}
