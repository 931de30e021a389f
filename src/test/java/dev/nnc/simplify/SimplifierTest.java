package dev.nnc.simplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.Compilation;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.diag.Source;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rewrite rules fire where they should, are recorded with their position, and reach a fixpoint. */
class SimplifierTest {

    private static Compilation analyse(String text) {
        return Nnc.analyse(new Source("s.nn", text), Options.defaults());
    }

    private static List<String> rulesApplied(Simplifier.Result r) {
        return r.rewrites().stream().map(w -> w.rule().name()).toList();
    }

    @Test
    void ruleNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (Rule r : Rules.ALL) assertTrue(names.add(r.name()), "duplicate rule " + r.name());
    }

    @Test
    void logSigmoidBecomesSoftplusAndIsRecordedAtItsLine() {
        Compilation c = analyse("param x = -800\n\nL = log(sigmoid(x))\nmaximize L by sgd(lr = 1)\n");
        Rewrite w = c.forwardSimplification().rewrites().stream()
                .filter(r -> r.rule().name().equals("log-sigmoid")).findFirst().orElseThrow();
        assertEquals(3, w.span().line());
        assertEquals(Op.LOG, w.before().op());
        Node L = c.model().definitions().get("L").node();
        assertEquals(Op.NEG, L.op());
        assertEquals(Op.SOFTPLUS, L.input(0).op());
    }

    @Test
    void stableFormsOfSoftmaxAndLogSumExp() {
        Compilation c = analyse("param z[3] = [1, 2, 3]\na = log(softmax(z))\nb = log(sum(exp(z)))\n"
                + "c = log(1 - sigmoid(z))\nL = sum(a) + b + sum(c)\nminimize L by sgd(lr = 1)\n");
        List<String> applied = rulesApplied(c.forwardSimplification());
        assertTrue(applied.containsAll(List.of("log-softmax", "log-sum-exp", "log-one-minus-sigmoid")), applied.toString());
        assertEquals(Op.LOG_SOFTMAX, c.model().definitions().get("a").node().op());
        assertEquals(Op.LOGSUMEXP, c.model().definitions().get("b").node().op());
    }

    @Test
    void identitiesAndConstantsFold() {
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(3));
        Node e = g.add(g.mul(g.neg(g.neg(x)), g.scalar(1)), g.mul(g.scalar(2), g.scalar(0)));
        Simplifier.Result r = Simplifier.simplify(g, List.of(e));
        assertSame(x, r.of(e));
        assertEquals("fixpoint", r.stopReason());
        assertTrue(rulesApplied(r).containsAll(List.of("neg-neg", "mul-one", "constant-fold", "add-zero")), rulesApplied(r).toString());
    }

    @Test
    void commonSubexpressionsAreSharedByInterning() {
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(3));
        assertSame(g.unary(Op.SIN, g.mul(x, x)), g.unary(Op.SIN, g.mul(x, x)));
    }

    @Test
    void gradientReusesForwardValues() {
        // σ'(u) = σ(u)(1 − σ(u)): the backward pass must use the forward σ node, not a new σ
        Compilation c = analyse("param w = 0.3\ny = sigmoid(w * 2)\nL = y\nminimize L by sgd(lr = 1)\n");
        Node y = c.model().definitions().get("y").node();
        Node grad = c.gradients().get("w");
        assertTrue(Dag.topo(List.of(grad)).contains(y), "the gradient reuses σ(w·2) computed forward");
        long sigmoids = Dag.topo(List.of(grad, y)).stream().filter(n -> n.op() == Op.SIGMOID).count();
        assertEquals(1, sigmoids);
    }

    @Test
    void simplificationShrinksTheGradient() {
        Compilation c = analyse("param w[2] = [1, 2]\ninput x[2] = [3, 4]\ny = sin(w · x)\nL = (y - 2)^2\nminimize L by sgd(lr = 1)\n");
        Node raw = c.derivation().gradients().values().iterator().next();
        Node simplified = c.gradients().get("w");
        assertTrue(Dag.operationCount(List.of(simplified)) < Dag.operationCount(List.of(raw)),
                Dag.operationCount(List.of(raw)) + " → " + Dag.operationCount(List.of(simplified)));
    }

    @Test
    void slicesMoveInsideSoTheStableFormsApply() {
        // gmm.nn writes p = sigmoid(h @ W2 + b2)[:, 0]; log(p) must still become −softplus(−·)
        Compilation c = analyse("param z[3, 1] = [[-800], [0], [800]]\np = sigmoid(z)[:, 0]\n"
                + "L = -sum(log(p) + log(1 - p))\nminimize L by sgd(lr = 1)\n");
        List<String> applied = rulesApplied(c.forwardSimplification());
        assertTrue(applied.containsAll(List.of("slice-of-elementwise", "log-sigmoid", "log-one-minus-sigmoid")), applied.toString());
        double loss = Nnc.compile("s.nn", "param z[3, 1] = [[-800], [0], [800]]\np = sigmoid(z)[:, 0]\n"
                + "L = -sum(log(p) + log(1 - p))\nminimize L by sgd(lr = 1)\n", Options.defaults()).compilation().model()
                .definitions().get("L").node().shape().size();
        assertEquals(1, (int) loss);
    }

    @Test
    void crossEntropyOnLogitsKeepsOneSoftplusAndItsGradientIsSigmoidMinusTarget() {
        // y·log σ(z) + (1 − y)·log(1 − σ(z)) = y·z − softplus(z); dL/dz = (σ(z) − y)/n
        String text = "param z[4] = [-30, -1, 2, 40]\ninput y[4] = [1, 0, 1, 0]\np = sigmoid(z)\n"
                + "L = -mean(y * log(p) + (1 - y) * log(1 - p))\nminimize L by sgd(lr = 1)\n";
        Compilation c = analyse(text);
        assertTrue(rulesApplied(c.forwardSimplification()).contains("cross-entropy-logits"));
        Node loss = c.model().definitions().get("L").node();
        assertEquals(1, Dag.topo(List.of(loss)).stream().filter(n -> n.op() == Op.SOFTPLUS).count());
        double[] z = {-30, -1, 2, 40}, y = {1, 0, 1, 0};
        var model = Nnc.compile("bce.nn", text, Options.defaults());
        model.forward();
        model.backward();
        double[] grad = model.gradient("z");
        double expectedLoss = 0;
        for (int i = 0; i < 4; i++) {
            // log1p(exp(·)) written out independently of nnc's kernels
            double softplus = Math.max(z[i], 0) + Math.log1p(Math.exp(-Math.abs(z[i])));
            expectedLoss += (softplus - y[i] * z[i]) / 4;
            double sigma = 1 / (1 + Math.exp(-z[i]));
            assertEquals((sigma - y[i]) / 4, grad[i], 1e-15, "dL/dz" + i);
        }
        assertEquals(expectedLoss, model.value("L")[0], 1e-14);
    }
}
