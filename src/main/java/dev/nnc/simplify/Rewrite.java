package dev.nnc.simplify;

import dev.nnc.diag.Span;
import dev.nnc.ir.Node;

/** One application of a rule: the derivation printer renders these, it never re-derives them. */
public record Rewrite(Rule rule, Node before, Node after, Span span) {}
