package dev.nnc.train;

/**
 * A line search along a descent direction d for a step α satisfying the strong Wolfe conditions
 * f(θ + αd) ≤ f(θ) + c₁·α·∇f(θ)ᵀd and |∇f(θ + αd)ᵀd| ≤ c₂·|∇f(θ)ᵀd| (Nocedal and Wright,
 * Algorithms 3.5 and 3.6): the trial step grows until it brackets an acceptable one, then the
 * bracket shrinks by safeguarded cubic interpolation (as PyTorch's {@code _strong_wolfe} does).
 */
final class StrongWolfe {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;
    private static final int MAX_EVALUATIONS = 40;

    /** The accepted point: its step length, value and gradient. */
    record Point(double alpha, double f, double[] g, double slope) {}

    private final FlatObjective objective;
    private final double[] theta;
    private final double[] d;
    private int evaluations;

    private StrongWolfe(FlatObjective objective, double[] theta, double[] d) {
        this.objective = objective;
        this.theta = theta;
        this.d = d;
    }

    /**
     * Searches from θ (value f0, slope ∇f(θ)ᵀd = slope0 < 0) starting with the step alpha0. Returns
     * a strong Wolfe point, or the best point that decreases f enough (sufficient decrease only)
     * when the evaluations run out, or null when no step decreased f.
     */
    static Point search(FlatObjective objective, double[] theta, double f0, double slope0, double[] d, double alpha0) {
        return new StrongWolfe(objective, theta, d).run(new Point(0, f0, null, slope0), alpha0);
    }

    private Point run(Point start, double alpha0) {
        Point previous = start;
        double alpha = alpha0;
        for (int i = 0; evaluations < MAX_EVALUATIONS; i++) {
            Point p = at(alpha);
            if (!Double.isFinite(p.f) || p.f > start.f + C1 * alpha * start.slope || (i > 0 && p.f >= previous.f)) {
                return zoom(start, previous, p);
            }
            if (Math.abs(p.slope) <= -C2 * start.slope) return p;
            if (p.slope >= 0) return zoom(start, p, previous);
            previous = p;
            alpha *= 2;
        }
        return previous.alpha > 0 ? previous : null;
    }

    /** lo satisfies sufficient decrease and has the lowest f so far; the minimiser lies between lo and hi. */
    private Point zoom(Point start, Point lo, Point hi) {
        while (evaluations < MAX_EVALUATIONS) {
            double width = Math.abs(hi.alpha - lo.alpha);
            if (width < 1e-16 * Math.max(1, Math.abs(hi.alpha))) break;
            double alpha = Double.isFinite(hi.f) ? cubicMinimum(lo, hi) : Double.NaN;
            double low = Math.min(lo.alpha, hi.alpha), high = Math.max(lo.alpha, hi.alpha);
            if (!(alpha > low + 0.1 * width && alpha < high - 0.1 * width)) alpha = 0.5 * (lo.alpha + hi.alpha);
            Point p = at(alpha);
            if (!Double.isFinite(p.f) || p.f > start.f + C1 * alpha * start.slope || p.f >= lo.f) {
                hi = p;
            } else {
                if (Math.abs(p.slope) <= -C2 * start.slope) return p;
                if (p.slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
                lo = p;
            }
        }
        return lo.alpha > 0 ? lo : null;
    }

    /** The minimiser of the cubic through both points' values and slopes (Nocedal and Wright, eq. 3.59). */
    private static double cubicMinimum(Point a, Point b) {
        double d1 = a.slope + b.slope - 3 * (a.f - b.f) / (a.alpha - b.alpha);
        double square = d1 * d1 - a.slope * b.slope;
        if (square < 0) return Double.NaN;
        double d2 = Math.signum(b.alpha - a.alpha) * Math.sqrt(square);
        return b.alpha - (b.alpha - a.alpha) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2);
    }

    private Point at(double alpha) {
        double[] x = new double[theta.length];
        for (int i = 0; i < x.length; i++) x[i] = theta[i] + alpha * d[i];
        double[] g = new double[x.length];
        double f = objective.valueAndGradient(x, g);
        evaluations++;
        return new Point(alpha, f, g, Newton.dot(g, d));
    }
}
