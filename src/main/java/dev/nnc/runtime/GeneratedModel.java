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

    /** forward, backward, update. */
    default void step() {
        forward();
        backward();
        update();
    }
}
