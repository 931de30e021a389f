package dev.nnc.codegen;

import dev.nnc.diag.Span;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import java.util.List;

/** A small model written out by hand, whose generated class is pinned as golden text. */
final class GoldenPlan {
    private GoldenPlan() {}

    static final List<String> SOURCE = List.of(
            "param w[3]",
            "input x[2, 3]",
            "y = sin(x * w) + 1",
            "loss = logsumexp(y)",
            "minimize loss by adam(lr = 0.01)");

    static Plan plan() {
        Graph g = new Graph();
        g.at(new Span(1, 1, 5));
        Node w = g.param("w", Shape.of(3));
        g.at(new Span(2, 1, 5));
        Node x = g.input("x", Shape.of(2, 3));
        g.at(new Span(3, 1, 1));
        Node y = g.add(g.unary(Op.SIN, g.mul(x, w)), g.scalar(1));
        g.at(new Span(4, 1, 4));
        Node loss = g.logsumexp(y, new int[] {0, 1}, false);
        Node p = g.unary(Op.EXP, g.sub(y, loss));
        g.at(new Span(3, 1, 1));
        Node dw = g.sum(g.mul(g.mul(p, g.unary(Op.COS, g.mul(x, w))), x), new int[] {0}, false);
        return new Plan("Golden", "golden.nn", SOURCE, List.of(w), List.of(x),
                List.of(new Plan.Named("loss", loss), new Plan.Named("x", x)), List.of(new Plan.Named("w", dw)),
                new Plan.Update(Optimizer.adam(0.01, 0.9, 0.999, 1e-8), false, new int[] {0}));
    }
}
