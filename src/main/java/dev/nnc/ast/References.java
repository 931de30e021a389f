package dev.nnc.ast;

import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;

/** The names an expression refers to (not the functions it calls), in order of appearance. */
public final class References {
    private References() {}

    public static Set<String> of(Expr root) {
        Set<String> out = new LinkedHashSet<>();
        ArrayDeque<Expr> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            if (e instanceof Expr.Name n) out.add(n.name());
            else if (e instanceof Expr.Binary b) { todo.push(b.rhs()); todo.push(b.lhs()); }
            else if (e instanceof Expr.Unary u) todo.push(u.operand());
            else if (e instanceof Expr.ListLit l) for (int i = l.items().size() - 1; i >= 0; i--) todo.push(l.items().get(i));
            else if (e instanceof Expr.Call c) for (int i = c.args().size() - 1; i >= 0; i--) todo.push(c.args().get(i).value());
            else if (e instanceof Expr.Attr a) todo.push(a.target());
            else if (e instanceof Expr.Index ix) {
                for (Expr.IndexItem item : ix.items()) {
                    if (item instanceof Expr.At at) todo.push(at.index());
                    else {
                        Expr.Slice s = (Expr.Slice) item;
                        for (Expr x : new Expr[] {s.step(), s.stop(), s.start()}) if (x != null) todo.push(x);
                    }
                }
                todo.push(ix.target());
            }
        }
        return out;
    }
}
