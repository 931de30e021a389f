package dev.nnc.autodiff;

import dev.nnc.interp.Tensor;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random well-shaped expression DAGs over a few leaves, built only from ops that are smooth
 * on the values they can meet, so finite differences are a fair judge. Shared subexpressions
 * arise naturally because later ops pick earlier nodes again.
 */
final class RandomGraphs {
    record Sample(Graph graph, Node objective, List<Node> leaves, Map<Node, Tensor> values) {}

    private RandomGraphs() {}

    static Sample build(long seed, int steps) {
        Random r = new Random(seed);
        Graph g = new Graph();
        List<Node> leaves = List.of(g.param("a", Shape.SCALAR), g.param("v", Shape.of(3)), g.param("M", Shape.of(2, 3)));
        Map<Node, Tensor> values = new LinkedHashMap<>();
        for (Node leaf : leaves) {
            double[] d = new double[leaf.shape().size()];
            for (int i = 0; i < d.length; i++) d[i] = -1.5 + 3 * r.nextDouble();
            values.put(leaf, new Tensor(leaf.shape(), d));
        }
        List<Node> pool = new ArrayList<>(leaves);
        for (int s = 0; s < steps; s++) {
            Node x = pool.get(r.nextInt(pool.size()));
            Node y = pool.get(r.nextInt(pool.size()));
            Node next = switch (r.nextInt(14)) {
                case 0 -> g.unary(Op.SIN, x);
                case 1 -> g.unary(Op.TANH, x);
                case 2 -> g.unary(Op.SIGMOID, x);
                case 3 -> g.unary(Op.SOFTPLUS, x);
                case 4 -> g.neg(x);
                case 5 -> g.unary(Op.EXP, g.unary(Op.TANH, x));
                case 6 -> g.unary(Op.LOG, g.add(g.scalar(1.5), g.unary(Op.SIN, x)));
                case 7 -> g.binary(Op.POW, x, g.scalar(2));
                case 8, 9 -> broadcastable(x, y) ? (r.nextBoolean() ? g.add(x, y) : g.mul(x, y)) : g.sub(x, g.scalar(0.25));
                case 10 -> broadcastable(x, y) ? g.div(x, g.add(g.scalar(1.5), g.unary(Op.COS, y))) : g.unary(Op.COS, x);
                case 11 -> x.shape().rank() > 0 ? g.sum(x, new int[] {r.nextInt(x.shape().rank())}, false) : g.mul(x, x);
                case 12 -> x.shape().rank() > 0 ? g.softmax(x, -1) : g.unary(Op.SIGMOID, x);
                default -> matmulOrElse(g, x, y);
            };
            pool.add(next);
        }
        Node last = pool.get(pool.size() - 1);
        Node f = g.sumAll(g.mul(last, g.add(g.scalar(0.5), g.unary(Op.SIN, last))));
        for (int i = pool.size() - 2; i >= leaves.size() && i >= pool.size() - 3; i--) f = g.add(f, g.sumAll(pool.get(i)));
        return new Sample(g, f, leaves, values);
    }

    private static boolean broadcastable(Node x, Node y) {
        return Shape.broadcast(x.shape(), y.shape()) != null;
    }

    private static Node matmulOrElse(Graph g, Node x, Node y) {
        Shape a = x.shape(), b = y.shape();
        if (a.rank() >= 1 && a.rank() <= 2 && b.rank() >= 1 && b.rank() <= 2 && a.dim(a.rank() - 1) == b.dim(0)) return g.matmul(x, y);
        if (a.rank() == 2) return g.transpose(x);
        return g.unary(Op.TANH, x);
    }
}
