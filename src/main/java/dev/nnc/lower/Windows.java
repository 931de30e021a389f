package dev.nnc.lower;

import dev.nnc.ast.Expr;
import dev.nnc.diag.CompileError;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;

/**
 * conv2d, maxpool and avgpool as the language writes them: a 2-D x[H, W] (one channel, as in
 * lab_04), a 3-D x[C, H, W], or NCHW batches; sizes as one number or [rows, columns]. The IR
 * works on NCHW only, so smaller ranks are reshaped in and out here.
 */
final class Windows {
    private Windows() {}

    static Node conv2d(Expr.Call c, ExprLowering.Args args, Graph g) {
        args.expect(2, "x", "w", "stride", "padding", "dilation");
        Node x = args.tensor(0, "x"), w = args.tensor(1, "w");
        int[] stride = pair(args, 2, "stride", 1), padding = pair(args, 3, "padding", 0), dilation = pair(args, 4, "dilation", 1);
        if (stride[0] < 1 || stride[1] < 1 || dilation[0] < 1 || dilation[1] < 1 || padding[0] < 0 || padding[1] < 0) {
            throw new CompileError(c.span(), "conv2d needs stride and dilation ≥ 1 and padding ≥ 0");
        }
        Shape xs = x.shape(), ws = w.shape();
        Attr.Window2d a = new Attr.Window2d(0, 0, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
        if (xs.rank() == 2 && ws.rank() == 2) {
            Node y = g.conv2d(g.reshape(x, Shape.of(1, 1, xs.dim(0), xs.dim(1))), g.reshape(w, Shape.of(1, 1, ws.dim(0), ws.dim(1))), a);
            return g.reshape(y, Shape.of(y.shape().dim(2), y.shape().dim(3)));
        }
        if (xs.rank() == 4 && ws.rank() == 4) return g.conv2d(x, w, a);
        throw new CompileError(c.span(), "conv2d takes x[H, W] with w[kh, kw], or x[N, C, H, W] with w[O, C, kh, kw]; got "
                + xs + " and " + ws);
    }

    static Node pool(Expr.Call c, ExprLowering.Args args, Graph g) {
        args.expect(2, "x", "kernel", "stride", "padding");
        Node x = args.tensor(0, "x");
        int[] kernel = pair(args, 1, "kernel", 1);
        int[] stride = args.has(2, "stride") ? pair(args, 2, "stride", 1) : kernel;
        int[] padding = pair(args, 3, "padding", 0);
        if (kernel[0] < 1 || kernel[1] < 1 || stride[0] < 1 || stride[1] < 1 || padding[0] < 0 || padding[1] < 0) {
            throw new CompileError(c.span(), c.fn() + " needs a window and stride ≥ 1 and padding ≥ 0");
        }
        Op op = c.fn().equals("maxpool") ? Op.MAXPOOL : Op.AVGPOOL;
        Attr.Window2d a = new Attr.Window2d(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], 1, 1);
        Shape xs = x.shape();
        return switch (xs.rank()) {
            case 2 -> {
                Node y = g.pool(op, g.reshape(x, Shape.of(1, 1, xs.dim(0), xs.dim(1))), a);
                yield g.reshape(y, Shape.of(y.shape().dim(2), y.shape().dim(3)));
            }
            case 3 -> {
                Node y = g.pool(op, g.reshape(x, Shape.of(1, xs.dim(0), xs.dim(1), xs.dim(2))), a);
                yield g.reshape(y, Shape.of(xs.dim(0), y.shape().dim(2), y.shape().dim(3)));
            }
            case 4 -> g.pool(op, x, a);
            default -> throw new CompileError(c.span(), c.fn() + " takes x[H, W], x[C, H, W] or x[N, C, H, W]; got " + xs);
        };
    }

    /** `2` or `[2, 3]`. */
    private static int[] pair(ExprLowering.Args args, int position, String name, int fallback) {
        if (!args.has(position, name)) return new int[] {fallback, fallback};
        int[] v = args.integers(position, name);
        if (v.length == 1) return new int[] {v[0], v[0]};
        if (v.length == 2) return v;
        throw new CompileError(args.span(), "'" + name + "' must be one number or [rows, columns]");
    }
}
