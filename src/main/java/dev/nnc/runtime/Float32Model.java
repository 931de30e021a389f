package dev.nnc.runtime;

/**
 * A generated class that computes in float32 and has an optimizer update, seen through its own
 * {@code float[]} arrays. Its {@link GeneratedModel} methods keep the {@code double[]} mirrors
 * authoritative at every call, which costs a conversion of each param, input, value and gradient
 * every step (on W5, 615,000 elements: about a third of the step). A training loop that owns the
 * model can instead pay that only where it reads or writes through the mirrors:
 * {@link #narrowMirrors()} once, then {@link #floatStep()} with batches written into
 * {@link #floatInputs()}, then {@link #widenMirrors()}. The arithmetic is the same, so the result
 * is bit for bit that of as many {@link #step()} calls. No method allocates.
 */
public interface Float32Model extends GeneratedModel {
    /** The params, in the order of {@link #params()}. */
    float[][] floatParams();

    /** The inputs, in the order of {@link #inputs()}. */
    float[][] floatInputs();

    /** The named values, in the order of {@link #values()}; valid after {@link #floatStep()}. */
    float[][] floatValues();

    /** The gradients, in the order of {@link #gradients()}; valid after {@link #floatStep()}. */
    float[][] floatGradients();

    /** The optimizer's buffers, in the order of {@link #optimizerState()}. */
    float[][] floatOptimizerState();

    /** Copies what a caller writes through the mirrors (params, inputs, optimizer state) into the float arrays. */
    void narrowMirrors();

    /** Copies every float array that has a mirror (params, inputs, values, gradients, optimizer state) into it. */
    void widenMirrors();

    /** forward, backward and update on the float arrays alone: no mirror is read or written. */
    void floatStep();
}
