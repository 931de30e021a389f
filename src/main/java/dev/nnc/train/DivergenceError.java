package dev.nnc.train;

import dev.nnc.diag.Span;

/** Training produced a NaN or an infinity; says where it first appeared. */
public final class DivergenceError extends RuntimeException {
    private final transient Span span;

    DivergenceError(Span span, String message) {
        super(message, null, false, false);
        this.span = span;
    }

    /** The `.nn` position of the op that first produced a non-finite value (may be unknown). */
    public Span span() {
        return span;
    }
}
