package dev.nnc.diag;

import java.util.List;

/**
 * A mistake in the user's model. Carries positioned diagnostics; never a fault of nnc itself.
 * Thrown by passes and caught by the API or CLI, which render it against the source.
 */
public final class CompileError extends RuntimeException {
    private final transient List<Diagnostic> diagnostics;
    private final transient Source source;

    public CompileError(List<Diagnostic> diagnostics) {
        this(diagnostics, null);
    }

    private CompileError(List<Diagnostic> diagnostics, Source source) {
        super(diagnostics.isEmpty() ? "error" : diagnostics.get(0).span() + ": " + diagnostics.get(0).message(),
              null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
        this.source = source;
    }

    /** The same error, carrying the text it refers to (when the reader cannot have it otherwise). */
    public CompileError withSource(Source source) {
        return new CompileError(diagnostics, source);
    }

    /** The source attached by {@link #withSource}, or null. */
    public Source source() {
        return source;
    }

    public CompileError(Span span, String message) {
        this(List.of(new Diagnostic(span, message)));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public Diagnostic first() {
        return diagnostics.get(0);
    }
}
