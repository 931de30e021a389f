package dev.nnc.train;

/**
 * Newton's method with Levenberg–Marquardt damping, for objectives whose Hessian may be
 * indefinite far from the optimum. Each trial solves (H + s·I)·p = −g with s = max(μ, μ − λmin),
 * so H + s·I has every eigenvalue ≥ μ and p goes downhill; H's eigen-decomposition is computed
 * once per iterate and reused by every trial. The gain ratio ρ = (f(θ) − f(θ + p)) / (the
 * quadratic model's predicted decrease) decides: ρ > ¼ accepts p and shrinks μ by
 * max(⅓, 1 − (2ρ − 1)³) (Nielsen's rule); otherwise μ doubles (then quadruples, …) and the trial
 * is repeated. Close to a minimum with a positive definite H, μ → 0 and the steps become plain
 * Newton steps, converging quadratically. The file's {@code damping} is the first μ.
 */
final class Newton implements SecondOrder {
    /** Steps that the quadratic model predicts well enough to accept. */
    private static final double ACCEPT = 0.25;
    private static final int MAX_TRIALS = 200;

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
            // a decrease below f's rounding cannot be seen: θ is a minimum in working precision
            if (!(predicted > 1e-15 * Math.abs(f)) || java.util.Arrays.equals(next, theta)) {
                objective.moveTo(theta);
                converged = true;
                return false;
            }
            double fNext = objective.value(next);
            double rho = (f - fNext) / predicted;
            if (rho > ACCEPT) {
                mu *= Math.max(1.0 / 3, 1 - Math.pow(2 * rho - 1, 3));
                nu = 2;
                iterations++;
                at(next);
                return true;
            }
            mu *= nu;
            nu *= 2;
        }
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
        if (theta == null || !java.util.Arrays.equals(now, theta)) at(now);
        else objective.moveTo(theta);
    }

    private void at(double[] point) {
        theta = point;
        g = new double[point.length];
        f = objective.valueAndGradient(point, g);
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
