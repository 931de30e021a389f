package dev.nnc.train;

import dev.nnc.api.CompiledModel;
import dev.nnc.ir.Optimizer;

/**
 * The optimizers that choose their own step length from curvature, run here in Java rather than
 * in generated code: each {@link #step()} evaluates the objective and its gradient over whatever
 * the model's inputs hold (the whole training split), as often as it needs, and leaves the
 * model's params at the accepted point. Their state (newton's damping, lbfgs's history) lives only
 * here: a checkpoint holds the params, and a resumed run starts the state afresh.
 */
public sealed interface SecondOrder permits Newton, Lbfgs {
    /**
     * One iteration: moves the params to a point with a lower objective and returns true, or
     * returns false and leaves them where they are when no lower point can be found in working
     * precision (the gradient vanishes or no step decreases the objective): converged.
     */
    boolean step();

    /** Accepted iterations and objective evaluations (each with its gradient) so far. */
    Progress progress();

    record Progress(long iterations, long evaluations, boolean converged) {}

    /** The method the model's file names; the model must train its objective with newton or lbfgs. */
    static SecondOrder of(CompiledModel model) {
        Optimizer o = model.model().training().optimizer();
        FlatObjective f = new FlatObjective(model);
        return switch (o.kind()) {
            case NEWTON -> new Newton(f, o.damping());
            case LBFGS -> new Lbfgs(f, o.history());
            case SGD, ADAM -> throw new IllegalArgumentException(o.describe() + " is run by the generated code");
        };
    }
}
