package dev.nnc.ast;

import java.util.stream.Collectors;

/** Expressions as fully parenthesised prefix forms, `(- (^ x 2))`: how tests pin precedence. */
public final class AstPrinter {
    private AstPrinter() {}

    public static String sexpr(Expr e) {
        if (e instanceof Expr.Num n) return n.text();
        if (e instanceof Expr.Str s) return '"' + s.value() + '"';
        if (e instanceof Expr.Name n) return n.name();
        if (e instanceof Expr.ListLit l) return l.items().stream().map(AstPrinter::sexpr).collect(Collectors.joining(" ", "[", "]"));
        if (e instanceof Expr.Unary u) return "(" + u.op() + " " + sexpr(u.operand()) + ")";
        if (e instanceof Expr.Binary b) return "(" + b.op() + " " + sexpr(b.lhs()) + " " + sexpr(b.rhs()) + ")";
        if (e instanceof Expr.Attr a) return "(." + a.attr() + " " + sexpr(a.target()) + ")";
        if (e instanceof Expr.Call c) {
            return "(" + c.fn() + c.args().stream().map(a -> " " + (a.name() == null ? "" : a.name() + "=") + sexpr(a.value()))
                    .collect(Collectors.joining()) + ")";
        }
        Expr.Index ix = (Expr.Index) e;
        return "(index " + sexpr(ix.target()) + ix.items().stream().map(i -> " " + item(i)).collect(Collectors.joining()) + ")";
    }

    private static String item(Expr.IndexItem i) {
        if (i instanceof Expr.At at) return sexpr(at.index());
        Expr.Slice s = (Expr.Slice) i;
        return (s.start() == null ? "" : sexpr(s.start())) + ":" + (s.stop() == null ? "" : sexpr(s.stop()))
                + (s.step() == null ? "" : ":" + sexpr(s.step()));
    }
}
