package dev.nnc.diag;

/** One message about the user's input, anchored at a span of a source file. */
public record Diagnostic(Span span, String message) {}
