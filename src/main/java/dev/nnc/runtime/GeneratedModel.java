package dev.nnc.runtime;

/**
 * What every generated model class implements. The arrays are the model's own storage, in the
 * order of its plan: callers write params and inputs into them and read values and gradients
 * out of them. No method allocates.
 */
public interface GeneratedModel {
    double[][] params();

    double[][] inputs();

    /** The named forward values, valid after {@link #forward()}. */
    double[][] values();

    /** The gradients, valid after {@link #backward()}. */
    double[][] gradients();

    /** Computes every named value from the current params and inputs. */
    void forward();

    /** Computes every gradient; reads what {@link #forward()} left. */
    void backward();

    /** One optimizer update of the params from the current gradients (no-op without an optimizer). */
    void update();

    /** The optimizer's buffers (momentum, Adam moments) in a fixed order; empty without an optimizer. */
    default double[][] optimizerState() {
        return new double[0][];
    }

    /** How many updates have been taken (PyTorch's step count; Adam's bias correction uses it). */
    default long updates() {
        return 0;
    }

    /** Sets the update count, when restoring a checkpoint or moving state between variants. */
    default void updates(long count) {
        if (count != 0) throw new UnsupportedOperationException("this model has no optimizer");
    }

    /** forward, backward, update. */
    default void step() {
        forward();
        backward();
        update();
    }
}
