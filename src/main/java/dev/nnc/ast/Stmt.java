package dev.nnc.ast;

import dev.nnc.diag.Span;
import java.util.List;

/** Statements of the `.nn` language; {@code nameSpan} is where redefinition errors point. */
public sealed interface Stmt {
    Span span();

    enum TensorKind { PARAM, INPUT, CONST }

    record Dim(String name, Span nameSpan, Expr value, Span span) implements Stmt {}

    /** `param|input|const NAME[SHAPE] = INIT`; {@code shape} is empty for a scalar, {@code init} may be null. */
    record TensorDecl(TensorKind kind, String name, Span nameSpan, List<Expr> shape, Expr init, Span span)
            implements Stmt {}

    record Def(String name, Span nameSpan, Expr value, Span span) implements Stmt {}

    record Fn(String name, Span nameSpan, List<String> params, List<Span> paramSpans, Expr body, Span span)
            implements Stmt {}

    record Data(String split, Span splitSpan, Expr source, Span span) implements Stmt {}

    record Report(String name, Span nameSpan, Expr value, Span span) implements Stmt {}

    /** `minimize|maximize OBJ by OPT(…) [for COUNT UNIT] [batch B]`. */
    record Train(boolean maximize, String objective, Span objectiveSpan, Expr optimizer,
                 Expr count, String unit, Span unitSpan, Expr batch, Span span) implements Stmt {}
}
