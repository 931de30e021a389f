package dev.nnc.syntax;

import dev.nnc.ast.Expr;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Span;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Builds the AST from ANTLR's parse tree; the only class that sees a *Context. */
final class AstBuilder {

    List<Stmt> program(NncParser.ProgramContext ctx) {
        List<Stmt> out = new ArrayList<>();
        for (NncParser.StatementContext s : ctx.statement()) out.add(statement(s));
        return out;
    }

    private Stmt statement(NncParser.StatementContext ctx) {
        Span span = span(ctx.getStart());
        if (ctx instanceof NncParser.DimStmtContext c) {
            return new Stmt.Dim(name(c.name), span(c.name), expr(c.value), span);
        }
        if (ctx instanceof NncParser.TensorStmtContext c) {
            Stmt.TensorKind kind = switch (c.kind.getText()) {
                case "param" -> Stmt.TensorKind.PARAM;
                case "input" -> Stmt.TensorKind.INPUT;
                default -> Stmt.TensorKind.CONST;
            };
            List<Expr> shape = new ArrayList<>();
            if (c.shape() != null) for (NncParser.ExprContext d : c.shape().dims) shape.add(expr(d));
            if (kind == Stmt.TensorKind.CONST && c.init == null) {
                throw new CompileError(span(c.name), "const '" + name(c.name) + "' needs a value: const "
                        + name(c.name) + " = VALUE");
            }
            return new Stmt.TensorDecl(kind, name(c.name), span(c.name), shape,
                    c.init == null ? null : expr(c.init), span);
        }
        if (ctx instanceof NncParser.FnStmtContext c) {
            List<String> params = new ArrayList<>();
            List<Span> spans = new ArrayList<>();
            for (NncParser.IdentContext p : c.params) {
                params.add(name(p));
                spans.add(span(p));
            }
            return new Stmt.Fn(name(c.name), span(c.name), params, spans, expr(c.body), span);
        }
        if (ctx instanceof NncParser.DataStmtContext c) {
            return new Stmt.Data(name(c.split), span(c.split), expr(c.source), span);
        }
        if (ctx instanceof NncParser.ReportStmtContext c) {
            return new Stmt.Report(name(c.name), span(c.name), expr(c.value), span);
        }
        if (ctx instanceof NncParser.TrainStmtContext c) {
            return new Stmt.Train(c.dir.getText().equals("maximize"), name(c.objective), span(c.objective),
                    expr(c.optimizer), c.count == null ? null : expr(c.count),
                    c.unit == null ? null : name(c.unit), c.unit == null ? null : span(c.unit),
                    c.batch == null ? null : expr(c.batch), span);
        }
        NncParser.DefStmtContext c = (NncParser.DefStmtContext) ctx;
        return new Stmt.Def(name(c.name), span(c.name), expr(c.value), span);
    }

    Expr expr(NncParser.ExprContext ctx) {
        if (ctx instanceof NncParser.NumberExprContext c) {
            String text = c.getText();
            return new Expr.Num(Double.parseDouble(text), text, span(c.getStart()));
        }
        if (ctx instanceof NncParser.StringExprContext c) {
            String text = c.getText();
            return new Expr.Str(unescape(text.substring(1, text.length() - 1)), span(c.getStart()));
        }
        if (ctx instanceof NncParser.NameExprContext c) {
            return new Expr.Name(name(c.ident()), span(c.ident()));
        }
        if (ctx instanceof NncParser.ParenExprContext c) {
            return expr(c.inner);
        }
        if (ctx instanceof NncParser.ListExprContext c) {
            List<Expr> items = new ArrayList<>();
            for (NncParser.ExprContext e : c.items) items.add(expr(e));
            return new Expr.ListLit(items, span(c.getStart()));
        }
        if (ctx instanceof NncParser.UnaryExprContext c) {
            return new Expr.Unary(c.op.getText(), expr(c.operand), span(c.op));
        }
        if (ctx instanceof NncParser.PowExprContext c) {
            return new Expr.Binary("^", expr(c.lhs), expr(c.rhs), span(c.op));
        }
        if (ctx instanceof NncParser.MulExprContext c) {
            return new Expr.Binary(c.op.getText(), expr(c.lhs), expr(c.rhs), span(c.op));
        }
        if (ctx instanceof NncParser.AddExprContext c) {
            return new Expr.Binary(c.op.getText(), expr(c.lhs), expr(c.rhs), span(c.op));
        }
        if (ctx instanceof NncParser.CmpExprContext c) {
            return new Expr.Binary(c.op.getText(), expr(c.lhs), expr(c.rhs), span(c.op));
        }
        if (ctx instanceof NncParser.AttrExprContext c) {
            return new Expr.Attr(expr(c.target), name(c.attr), span(c.attr));
        }
        if (ctx instanceof NncParser.IndexExprContext c) {
            List<Expr.IndexItem> items = new ArrayList<>();
            for (NncParser.IndexContext i : c.items) items.add(index(i));
            Token open = ((org.antlr.v4.runtime.tree.TerminalNode) c.getChild(1)).getSymbol();
            return new Expr.Index(expr(c.target), items, span(open));
        }
        NncParser.CallExprContext c = (NncParser.CallExprContext) ctx;
        List<Expr.Arg> args = new ArrayList<>();
        for (NncParser.ArgContext a : c.args) {
            args.add(new Expr.Arg(a.name == null ? null : name(a.name), expr(a.value), span(a.getStart())));
        }
        return new Expr.Call(name(c.fn), args, span(c.fn));
    }

    private Expr.IndexItem index(NncParser.IndexContext ctx) {
        if (ctx instanceof NncParser.AtIndexContext c) return new Expr.At(expr(c.at), span(c.getStart()));
        NncParser.SliceIndexContext c = (NncParser.SliceIndexContext) ctx;
        return new Expr.Slice(c.start == null ? null : expr(c.start), c.stop == null ? null : expr(c.stop),
                c.step == null ? null : expr(c.step), span(c.getStart()));
    }

    private static String name(NncParser.IdentContext ctx) {
        return ctx.getText();
    }

    private static Span span(ParserRuleContext ctx) {
        return span(ctx.getStart());
    }

    static Span span(Token t) {
        String text = t.getText() == null ? "" : t.getText();
        return new Span(t.getLine(), t.getCharPositionInLine() + 1, Math.max(1, text.codePointCount(0, text.length())));
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) { case 'n' -> '\n'; case 't' -> '\t'; default -> n; });
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
