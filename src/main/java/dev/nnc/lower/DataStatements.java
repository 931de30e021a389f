package dev.nnc.lower;

import dev.nnc.ast.Expr;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.CompileError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks a `data` statement's form: a known source, its arguments, and bindings to declared inputs. */
final class DataStatements {
    private DataStatements() {}

    static final Set<String> SOURCES = Set.of("csv", "npy", "idx", "fashion_mnist", "gaussian_mixture", "five_points", "xor");

    static Model.DataDecl lower(Stmt.Data d, List<Model.DataDecl> earlier, List<Model.Leaf> inputs, ExprLowering exprs, Scope scope) {
        for (Model.DataDecl e : earlier) {
            if (e.split().equals(d.split())) {
                throw new CompileError(d.splitSpan(), "split '" + d.split() + "' already has a data source (line " + e.span().line() + ")");
            }
        }
        if (!(d.source() instanceof Expr.Call call)) {
            throw new CompileError(Expr.start(d.source()), "expected a data source such as csv(\"file.csv\", X = [x1, x2], y = y)");
        }
        if (!SOURCES.contains(call.fn())) {
            throw new CompileError(call.span(), "unknown data source '" + call.fn() + "'" + Suggest.closest(call.fn(), SOURCES)
                    + "; sources: csv, npy, idx, fashion_mnist, gaussian_mixture, five_points, xor");
        }
        List<Object> args = new ArrayList<>();
        List<Model.InputBinding> bindings = new ArrayList<>();
        for (Expr.Arg a : call.args()) {
            if (a.name() == null) {
                if (!bindings.isEmpty()) throw new CompileError(call.span(), "the source's own arguments come before the input bindings");
                if (a.value() instanceof Expr.Str s) args.add(s.value());
                else args.add(ConstEval.number(exprs.lower(a.value(), scope), call.span(), "an argument of " + call.fn()));
                continue;
            }
            Model.Leaf input = inputs.stream().filter(i -> i.name().equals(a.name())).findFirst().orElse(null);
            if (input == null) {
                throw new CompileError(a.span(), "'" + a.name() + "' is not an input declared before this line: a data source feeds inputs"
                        + Suggest.closest(a.name(), inputs.stream().map(Model.Leaf::name).toList()));
            }
            if (input.node().shape().rank() == 0) {
                throw new CompileError(a.span(), "input '" + a.name() + "' is a scalar; data feeds inputs whose first axis is the batch, e.g. input "
                        + a.name() + "[N]");
            }
            bindings.add(new Model.InputBinding(a.name(), columns(a.value()), a.span()));
        }
        if (bindings.isEmpty()) throw new CompileError(call.span(), "the data source binds no input: add e.g. X = [x1, x2], y = y");
        return new Model.DataDecl(d.split(), d.splitSpan(), call.fn(), call.span(), args, bindings);
    }

    /** `x1`, `"x 1"`, `0`, or a list of those: the source's columns, as names or indices. */
    private static List<String> columns(Expr e) {
        List<String> out = new ArrayList<>();
        List<Expr> items = e instanceof Expr.ListLit l ? l.items() : List.of(e);
        for (Expr item : items) {
            if (item instanceof Expr.Name n) out.add(n.name());
            else if (item instanceof Expr.Str s) out.add(s.value());
            else if (item instanceof Expr.Num n && n.value() == Math.rint(n.value()) && n.value() >= 0) out.add("#" + (long) n.value());
            else throw new CompileError(Expr.start(item), "expected a column name or index");
        }
        if (out.isEmpty()) throw new CompileError(Expr.start(e), "an empty list of columns");
        return out;
    }
}
