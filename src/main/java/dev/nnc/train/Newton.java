package dev.nnc.train;

/**
 * Newton's method with Levenberg–Marquardt damping, for objectives whose Hessian may be
 * indefinite far from the optimum. Each trial solves (H + s·I)·p = −g with s = max(μ, μ − λmin),
 * so H + s·I has every eigenvalue ≥ μ and p goes downhill; H's eigen-decomposition is computed
 * once per iterate and reused by every trial. The gain ratio ρ = (f(θ) − f(θ + p)) / (the
 * quadratic model's predicted decrease) decides: ρ > ¼ accepts p and shrinks μ by
 * max(⅓, 1 − (2ρ − 1)³) (Nielsen's rule); otherwise μ doubles (then quadruples, …) and the trial
 * is repeated. Close to a minimum with a positive definite H, μ → 0 and the steps become plain
 * Newton steps, converging quadratically. Once the predicted decrease is below f's rounding,
 * a step is accepted when it lowers ‖g‖ instead, and the method stops (converged) when it does
 * not. The file's {@code damping} is the first μ.
 */
final class Newton implements SecondOrder {
    /** Steps that the quadratic model predicts well enough to accept. */
    private static final double ACCEPT = 0.25;
    private static final int MAX_TRIALS = 200;
    /** Relative size of f's rounding error, below which value decreases are noise. */
    private static final double ROUNDING = 1e-15;

    private final FlatObjective objective;
    private double mu;
    private double nu = 2;
    private double[] theta;
    private double f;
    private double[] g;
    private double[][] h;
    private SymmetricEigen eigen;
    private long iterations;
    private boolean converged;

    Newton(FlatObjective objective, double damping) {
        this.objective = objective;
        this.mu = damping;
    }

    @Override
    public boolean step() {
        refresh();
        for (int trial = 0; trial < MAX_TRIALS; trial++) {
            double shift = Math.max(mu, mu - eigen.smallest());
            double[] p = eigen.solveShifted(shift, g);
            for (int i = 0; i < p.length; i++) p[i] = -p[i];
            double predicted = -(dot(g, p) + 0.5 * dot(p, times(h, p)));
            double[] next = plus(theta, p);
            if (java.util.Arrays.equals(next, theta)) return stop();
            double[] gNext = new double[g.length];
            double fNext = objective.valueAndGradient(next, gNext);
            if (!(predicted > ROUNDING * Math.abs(f))) {
                // a decrease below f's rounding cannot be measured: the gradient's norm decides instead
                if (!(dot(gNext, gNext) < dot(g, g)) || !(fNext <= f + ROUNDING * Math.abs(f))) return stop();
                iterations++;
                at(next, fNext, gNext);
                return true;
            }
            double rho = (f - fNext) / predicted;
            if (rho > ACCEPT) {
                mu *= Math.max(1.0 / 3, 1 - Math.pow(2 * rho - 1, 3));
                nu = 2;
                iterations++;
                at(next, fNext, gNext);
                return true;
            }
            mu *= nu;
            nu *= 2;
        }
        return stop();
    }

    private boolean stop() {
        objective.moveTo(theta);
        converged = true;
        return false;
    }

    @Override
    public Progress progress() {
        return new Progress(iterations, objective.evaluations(), converged);
    }

    /** Takes the model's params as θ, unless they are already the point of the last step. */
    private void refresh() {
        double[] now = objective.point();
        if (theta == null || !java.util.Arrays.equals(now, theta)) {
            double[] gradient = new double[now.length];
            at(now, objective.valueAndGradient(now, gradient), gradient);
        } else {
            objective.moveTo(theta);
        }
    }

    private void at(double[] point, double value, double[] gradient) {
        theta = point;
        f = value;
        g = gradient;
        h = objective.hessian(point);
        eigen = SymmetricEigen.of(h);
        objective.moveTo(point);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] times(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = dot(m[i], v);
        return out;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
        return out;
    }
}
