package dev.nnc.ast;

import dev.nnc.diag.Span;
import java.util.List;

/** Expressions of the `.nn` language, as written. {@link #span()} is where errors about it point. */
public sealed interface Expr {
    Span span();

    /** Where the expression's text begins (an operator's span is in its middle). */
    static Span start(Expr e) {
        while (true) {
            if (e instanceof Binary b) e = b.lhs();
            else if (e instanceof Index i) e = i.target();
            else if (e instanceof Attr a) e = a.target();
            else return e.span();
        }
    }

    record Num(double value, String text, Span span) implements Expr {}

    record Str(String value, Span span) implements Expr {}

    record Name(String name, Span span) implements Expr {}

    record ListLit(List<Expr> items, Span span) implements Expr {}

    /** Unary minus or plus; the span is the operator. */
    record Unary(String op, Expr operand, Span span) implements Expr {}

    /** A binary operator; the span is the operator, where shape errors point. */
    record Binary(String op, Expr lhs, Expr rhs, Span span) implements Expr {}

    /** A call; the span is the function's name. */
    record Call(String fn, List<Arg> args, Span span) implements Expr {}

    /** `target.attr` (only `.T` has a meaning); the span is the attribute's name. */
    record Attr(Expr target, String attr, Span span) implements Expr {}

    /** `target[items]`; the span is the opening bracket. */
    record Index(Expr target, List<IndexItem> items, Span span) implements Expr {}

    /** A call argument, positional when {@code name} is null. */
    record Arg(String name, Expr value, Span span) {}

    sealed interface IndexItem {
        Span span();
    }

    record At(Expr index, Span span) implements IndexItem {}

    record Slice(Expr start, Expr stop, Expr step, Span span) implements IndexItem {}
}
