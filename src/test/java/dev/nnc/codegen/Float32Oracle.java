package dev.nnc.codegen;

import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Dag;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * What a float32 evaluation of a DAG may return, judged with the float64 interpreter: its exact
 * result and {@link #RUNS} (or as many as asked) evaluations in which every rounding operation's result (and every term
 * a reduction reads) is multiplied by {@code 1 + δ}, {@code |δ| ≤ 4·2⁻²⁴} — eight times float32's
 * rounding error — and every node's result is rounded to float (so overflow, underflow and a
 * comparison that a rounding flips happen there as in float). A compiled value must lie in the
 * band these results span, widened by twice its width and by the float tolerance; a NaN or an
 * infinity must be among them. Well-conditioned results thus get a band a few ulps wide; a result
 * that float32 cannot compute (sin of 5e4, a tie broken by rounding) gets the width it deserves.
 */
final class Float32Oracle {
    static final int RUNS = 16;
    private static final double NOISE = 4.0 / (1 << 24);

    private final Map<Node, Tensor> exact;
    private final List<Map<Node, Tensor>> perturbed = new ArrayList<>();

    Float32Oracle(List<Node> roots, Function<Node, Tensor> leaves, long seed) {
        this(roots, leaves, seed, RUNS);
    }

    /** With fewer perturbed runs, for big models (a narrower band: fine where nothing is near a tie). */
    Float32Oracle(List<Node> roots, Function<Node, Tensor> leaves, long seed, int runs) {
        exact = Interpreter.evaluate(roots, leaves);
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < runs; r++) perturbed.add(perturbedRun(roots, leaves, random));
    }

    private static Map<Node, Tensor> perturbedRun(List<Node> roots, Function<Node, Tensor> leaves, SplittableRandom random) {
        Map<Node, Tensor> values = new HashMap<>();
        for (Node n : Dag.topo(roots)) {
            Tensor t;
            if (n.op() == Op.PARAM || n.op() == Op.INPUT) {
                t = leaves.apply(n);
            } else {
                List<Tensor> in = new ArrayList<>();
                for (Node i : n.inputs()) in.add(accumulates(n.op()) ? noisy(values.get(i), random) : values.get(i));
                t = Interpreter.apply(n, in);
                if (rounds(n.op())) t = noisy(t, random);
            }
            values.put(n, toFloat(t));
        }
        return values;
    }

    /** Reductions: their partial sums round, as if each term were perturbed. */
    private static boolean accumulates(Op op) {
        return op == Op.SUM || op == Op.MATMUL || op == Op.LOGSUMEXP || op == Op.SOFTMAX || op == Op.LOG_SOFTMAX;
    }

    /** Ops whose result is rounded (comparisons, indices and layout ops are exact). */
    private static boolean rounds(Op op) {
        return op.isElementwise() && !op.isComparison() || accumulates(op);
    }

    private static Tensor noisy(Tensor t, SplittableRandom random) {
        double[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) d[i] *= 1 + NOISE * (2 * random.nextDouble() - 1);
        return new Tensor(t.shape(), d);
    }

    private static Tensor toFloat(Tensor t) {
        double[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) d[i] = (float) d[i];
        return new Tensor(t.shape(), d);
    }

    /** Whether {@code actual} may be element {@code i} of {@code root} computed in float32; null if so, else why not. */
    String judge(Node root, int i, double actual) {
        double e = exact.get(root).data()[i];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        boolean nonFiniteSeen = false;
        for (int r = -1; r < perturbed.size(); r++) {
            double v = r < 0 ? (float) e : perturbed.get(r).get(root).data()[i];
            if (Double.compare(v, actual) == 0) return null;
            if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } else nonFiniteSeen = true;
        }
        if (!Double.isFinite(actual) || lo > hi) {
            return "expected " + e + (nonFiniteSeen ? " (or a non-finite value)" : "") + ", was " + actual;
        }
        double width = 2 * (hi - lo) + Float32Harness.Tolerance.FLOAT.abs()
                + Float32Harness.Tolerance.FLOAT.rel() * Math.max(Math.abs(lo), Math.abs(hi));
        if (actual >= lo - width && actual <= hi + width) return null;
        return "expected " + e + ", float32 runs in [" + lo + ", " + hi + "] ± " + width + ", was " + actual;
    }
}
