package dev.nnc.diag;

import java.util.List;

/**
 * A mistake in the user's model. Carries positioned diagnostics; never a fault of nnc itself.
 * Thrown by passes and caught by the API or CLI, which render it against the source.
 */
public final class CompileError extends RuntimeException {
    private final transient List<Diagnostic> diagnostics;

    public CompileError(List<Diagnostic> diagnostics) {
        super(diagnostics.isEmpty() ? "error" : diagnostics.get(0).span() + ": " + diagnostics.get(0).message(),
              null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
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
