package dev.nnc.train;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.5): the direction d = −H·g comes from the
 * two-loop recursion over the last m pairs s = θₖ₊₁ − θₖ, y = gₖ₊₁ − gₖ, with H₀ = (sᵀy / yᵀy)·I;
 * the step along d satisfies the strong Wolfe conditions ({@link StrongWolfe}), which keep sᵀy > 0.
 * The first step has no history: d = −g tried at α = min(1, 1/‖g‖₁), as PyTorch does; later ones
 * try α = 1. When a search finds no decrease, the history is dropped and steepest descent tried
 * once more before the method says it has converged.
 */
final class Lbfgs implements SecondOrder {
    private record Pair(double[] s, double[] y, double rho) {}

    private final FlatObjective objective;
    private final int history;
    private final Deque<Pair> pairs = new ArrayDeque<>();
    private double[] theta;
    private double f;
    private double[] g;
    private long iterations;
    private boolean converged;

    Lbfgs(FlatObjective objective, int history) {
        this.objective = objective;
        this.history = history;
    }

    @Override
    public boolean step() {
        if (!refresh() && converged) return false;
        while (true) {
            if (Arrays.stream(g).allMatch(x -> x == 0)) return stop();
            double[] d = direction();
            double slope = Newton.dot(g, d);
            if (!(slope < 0)) {
                pairs.clear();
                d = direction();
                slope = Newton.dot(g, d);
            }
            double alpha0 = pairs.isEmpty() ? Math.min(1, 1 / Arrays.stream(g).map(Math::abs).sum()) : 1;
            StrongWolfe.Point p = StrongWolfe.search(objective, theta, f, slope, d, alpha0);
            if (p == null || !(p.f() < f)) {
                if (pairs.isEmpty()) return stop();
                pairs.clear();
                continue;
            }
            double[] s = new double[theta.length], y = new double[theta.length], next = new double[theta.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = p.alpha() * d[i];
                next[i] = theta[i] + s[i];
                y[i] = p.g()[i] - g[i];
            }
            double sy = Newton.dot(s, y);
            if (sy > 1e-10 * Math.sqrt(Newton.dot(s, s) * Newton.dot(y, y))) {
                pairs.addLast(new Pair(s, y, 1 / sy));
                if (pairs.size() > history) pairs.removeFirst();
            }
            theta = next;
            f = p.f();
            g = p.g().clone();
            objective.moveTo(theta);
            iterations++;
            return true;
        }
    }

    @Override
    public Progress progress() {
        return new Progress(iterations, objective.evaluations(), converged);
    }

    private boolean stop() {
        objective.moveTo(theta);
        converged = true;
        return false;
    }

    /** −H·g by the two-loop recursion. */
    private double[] direction() {
        double[] q = g.clone();
        double[] alphas = new double[pairs.size()];
        int k = pairs.size();
        for (Iterator<Pair> it = pairs.descendingIterator(); it.hasNext(); ) {
            Pair p = it.next();
            double a = p.rho * Newton.dot(p.s, q);
            alphas[--k] = a;
            for (int i = 0; i < q.length; i++) q[i] -= a * p.y[i];
        }
        if (!pairs.isEmpty()) {
            Pair last = pairs.getLast();
            double gamma = Newton.dot(last.s, last.y) / Newton.dot(last.y, last.y);
            for (int i = 0; i < q.length; i++) q[i] *= gamma;
        }
        k = 0;
        for (Pair p : pairs) {
            double b = p.rho * Newton.dot(p.y, q);
            for (int i = 0; i < q.length; i++) q[i] += (alphas[k] - b) * p.s[i];
            k++;
        }
        for (int i = 0; i < q.length; i++) q[i] = -q[i];
        return q;
    }

    /** Takes the model's params as θ, unless they are already the point of the last step; says whether they moved. */
    private boolean refresh() {
        double[] now = objective.point();
        if (theta != null && Arrays.equals(now, theta)) return false;
        theta = now;
        converged = false;
        g = new double[now.length];
        f = objective.valueAndGradient(now, g);
        pairs.clear();
        objective.moveTo(theta);
        return true;
    }
}
