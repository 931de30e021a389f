package dev.nnc.ir;

/**
 * A training rule, as the file's `minimize … by OPT(…)` names it. PyTorch's definitions:
 * sgd: v ← μ·v + g (v = g on the first step), p ← p − lr·v;
 * adam: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε).
 * For maximize, g is negated first. newton and lbfgs have no learning rate and are run by the
 * trainer over the whole training split ({@link #hostSide()}): newton is Levenberg–Marquardt
 * damped Newton starting from {@code damping}, lbfgs keeps the last {@code history} curvature pairs.
 */
public record Optimizer(Kind kind, double lr, double momentum, double beta1, double beta2, double eps,
                        double damping, int history) {
    public enum Kind { SGD, ADAM, NEWTON, LBFGS }

    public static Optimizer sgd(double lr, double momentum) {
        return new Optimizer(Kind.SGD, lr, momentum, 0, 0, 0, 0, 0);
    }

    public static Optimizer adam(double lr, double beta1, double beta2, double eps) {
        return new Optimizer(Kind.ADAM, lr, 0, beta1, beta2, eps, 0, 0);
    }

    public static Optimizer newton(double damping) {
        return new Optimizer(Kind.NEWTON, Double.NaN, 0, 0, 0, 0, damping, 0);
    }

    public static Optimizer lbfgs(int history) {
        return new Optimizer(Kind.LBFGS, Double.NaN, 0, 0, 0, 0, 0, history);
    }

    /** Whether the trainer runs this rule in Java over the whole split, instead of generated code per batch. */
    public boolean hostSide() {
        return kind == Kind.NEWTON || kind == Kind.LBFGS;
    }

    /** The same rule with another learning rate (--lr); only for the rules that have one. */
    public Optimizer withLr(double value) {
        if (hostSide()) throw new IllegalStateException(kind + " has no learning rate");
        return new Optimizer(kind, value, momentum, beta1, beta2, eps, damping, history);
    }

    /** As the file would write it: {@code sgd(lr = 0.5)}. */
    public String describe() {
        return switch (kind) {
            case SGD -> "sgd(lr = " + fmt(lr) + (momentum == 0 ? "" : ", momentum = " + fmt(momentum)) + ")";
            case ADAM -> "adam(lr = " + fmt(lr) + ", beta1 = " + fmt(beta1) + ", beta2 = " + fmt(beta2) + ", eps = " + fmt(eps) + ")";
            case NEWTON -> "newton(damping = " + fmt(damping) + ")";
            case LBFGS -> "lbfgs(m = " + history + ")";
        };
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v).replace(".0E", "e").replace("E", "e");
    }
}
