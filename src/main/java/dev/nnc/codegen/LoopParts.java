package dev.nnc.codegen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Loops that two threads share ({@code dev.nnc.runtime.Parts}): an emitter hands over the body of
 * a loop nest whose outer loop runs {@code for (int i0 = lo; i0 < hi; i0++)} and whose iterations
 * write disjoint outputs (a convolution's images, a max-pool adjoint's planes); the class gets a
 * method {@code partK(lo, hi)} with it, and the statement becomes {@code Parts.Shared.run(this, K, n)}.
 * A sum is never split, which would change the order of its terms; separate sums may run on
 * separate threads, each whole on one (a conv weight gradient's taps, side-by-side sums: there
 * the outer loop runs over {@code group}, 0 and 1).
 */
final class LoopParts {
    /** Loops writing fewer elements than this stay on one thread (the hand-over costs microseconds). */
    static final int MIN_ELEMENTS = 1 << 17;

    /** The same for an optimizer's loop over a param, see {@link #sharesUpdate}. */
    static final int MIN_UPDATE_ELEMENTS = 1 << 16;

    private final List<CodeBlock> bodies = new ArrayList<>();
    private final boolean enabled;

    LoopParts(boolean enabled) {
        this.enabled = enabled && !Boolean.getBoolean("nnc.oneThreadLoops");
    }

    /** Whether a loop nest writing {@code elements} outputs over {@code n} outer iterations is shared. */
    boolean shares(long elements, int n) {
        return enabled && n >= 2 && elements >= MIN_ELEMENTS;
    }

    /**
     * Whether an optimizer's loop over a param of {@code elements} is shared. It follows the
     * product that computed the param's gradient, split between the same two threads at the same
     * row (half of a row-major W), so each thread updates the rows already in its own cache:
     * W5 float32's W1 (100,352 floats) took 37–42 µs of a step on one thread, reading half of the
     * gradient from the other core.
     */
    boolean sharesUpdate(long elements) {
        return enabled && elements >= MIN_UPDATE_ELEMENTS;
    }

    /** Registers {@code body} (its outer loop over [lo, hi)) and returns the statement running it over [0, n). */
    CodeBlock run(CodeBlock body, int n) {
        int k = bodies.size();
        bodies.add(body);
        return CodeBlock.builder().addStatement("$T.run(this, $L, $L)", dev.nnc.runtime.Parts.Shared.class, k, n).build();
    }

    /** The registered bodies, part k at index k. */
    List<CodeBlock> bodies() {
        return bodies;
    }
}
