package dev.nnc.lower;

import dev.nnc.ast.Expr;
import dev.nnc.diag.CompileError;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.List;
import java.util.Map;

/**
 * The functions of the language, resolved here and nowhere else: a name becomes ops of the IR.
 * Composite functions (mean, cross_entropy, …) are written in terms of primitive ops.
 */
final class Builtins {
    private Builtins() {}

    private static final Map<String, Op> ELEMENTWISE = Map.ofEntries(
            Map.entry("sin", Op.SIN), Map.entry("cos", Op.COS), Map.entry("tan", Op.TAN), Map.entry("exp", Op.EXP),
            Map.entry("log", Op.LOG), Map.entry("sqrt", Op.SQRT), Map.entry("abs", Op.ABS), Map.entry("tanh", Op.TANH),
            Map.entry("sigmoid", Op.SIGMOID), Map.entry("relu", Op.RELU), Map.entry("softplus", Op.SOFTPLUS),
            Map.entry("sign", Op.SIGN));

    private static final Map<String, Op> ELEMENTWISE2 = Map.of("max", Op.MAX, "min", Op.MIN, "pow", Op.POW);

    /** Names the grammar accepts whose meaning arrives with a later part of nnc. */
    private static final Map<String, String> LATER = Map.of();

    static final List<String> INITIALIZERS = List.of("zeros", "ones", "uniform", "normal", "glorot", "he");

    static boolean isKnown(String name) {
        return ELEMENTWISE.containsKey(name) || ELEMENTWISE2.containsKey(name) || LATER.containsKey(name)
                || List.of("dot", "transpose", "sum", "mean", "logsumexp", "softmax", "log_softmax", "argmax",
                        "onehot", "cross_entropy", "reshape", "flatten", "conv2d", "maxpool", "avgpool", "batchnorm", "grad").contains(name);
    }

    static Node lower(Expr.Call c, ExprLowering.Args args, Graph g) {
        String fn = c.fn();
        Op unary = ELEMENTWISE.get(fn);
        if (unary != null) {
            args.expect(1, "x");
            return g.unary(unary, args.tensor(0, "x"));
        }
        Op binary = ELEMENTWISE2.get(fn);
        if (binary != null) {
            args.expect(2, "a", "b");
            return g.binary(binary, args.tensor(0, "a"), args.tensor(1, "b"));
        }
        if (LATER.containsKey(fn)) {
            throw new CompileError(c.span(), LATER.get(fn) + " ('" + fn + "') is not supported yet");
        }
        if (INITIALIZERS.contains(fn)) {
            throw new CompileError(c.span(), "'" + fn + "' is an initializer: use it as the value of a param or input declaration");
        }
        return switch (fn) {
            case "conv2d" -> Windows.conv2d(c, args, g);
            case "maxpool", "avgpool" -> Windows.pool(c, args, g);
            case "dot" -> {
                args.expect(2, "a", "b");
                Node a = args.tensor(0, "a"), b = args.tensor(1, "b");
                if (a.shape().rank() != 1 || b.shape().rank() != 1) {
                    throw new CompileError(c.span(), "dot needs two vectors, got " + a.shape() + " and " + b.shape() + " (use @ for matrices)");
                }
                yield g.matmul(a, b);
            }
            case "transpose" -> {
                args.expect(1, "x");
                yield g.transpose(args.tensor(0, "x"));
            }
            case "sum", "mean", "logsumexp" -> {
                args.expect(1, "x", "axis");
                Node x = args.tensor(0, "x");
                int[] axes = args.has(1, "axis") ? new int[] {args.integer(1, "axis", 0)} : Graph.allAxes(x.shape());
                checkAxes(x.shape(), axes, args, c);
                yield switch (fn) {
                    case "sum" -> g.sum(x, axes, false);
                    case "logsumexp" -> g.logsumexp(x, axes, false);
                    default -> {
                        long n = 1;
                        for (int a : axes) n *= x.shape().dim(x.shape().axis(a));
                        yield g.div(g.sum(x, axes, false), g.scalar(n));
                    }
                };
            }
            case "softmax", "log_softmax" -> {
                args.expect(1, "x", "axis");
                Node x = args.tensor(0, "x");
                int axis = args.integer(1, "axis", -1);
                checkAxes(x.shape(), new int[] {axis}, args, c);
                yield fn.equals("softmax") ? g.softmax(x, axis) : g.logSoftmax(x, axis);
            }
            case "argmax" -> {
                args.expect(1, "x", "axis");
                Node x = args.tensor(0, "x");
                if (!args.has(1, "axis")) yield g.argmax(g.reshape(x, Shape.of(x.shape().size())), 0);
                int axis = args.integer(1, "axis", 0);
                checkAxes(x.shape(), new int[] {axis}, args, c);
                yield g.argmax(x, axis);
            }
            case "onehot" -> {
                args.expect(2, "labels", "K");
                yield g.onehot(args.tensor(0, "labels"), args.integer(1, "K", 0));
            }
            case "cross_entropy" -> {
                args.expect(2, "logits", "labels");
                Node logits = args.tensor(0, "logits"), labels = args.tensor(1, "labels");
                Shape ls = logits.shape();
                if (ls.rank() < 1 || labels.shape().rank() != ls.rank() - 1
                        || !Shape.of(java.util.Arrays.copyOf(ls.dims(), ls.rank() - 1)).equals(labels.shape())) {
                    throw new CompileError(c.span(), "cross_entropy needs logits [N, K] and labels [N], got "
                            + ls + " and " + labels.shape());
                }
                int k = ls.dim(ls.rank() - 1);
                // -mean over samples of log_softmax(logits)[label]: the stable, fused form
                Node picked = g.sum(g.mul(g.onehot(labels, k), g.logSoftmax(logits, -1)), new int[] {-1}, false);
                long n = Math.max(1, picked.shape().size());
                yield g.neg(g.div(g.sumAll(picked), g.scalar(n)));
            }
            case "reshape" -> {
                args.expect(2, "x", "shape");
                Node x = args.tensor(0, "x");
                int[] dims = args.integers(1, "shape");
                int infer = -1;
                long known = 1;
                for (int i = 0; i < dims.length; i++) {
                    if (dims[i] == -1 && infer < 0) infer = i;
                    else if (dims[i] <= 0) throw new CompileError(args.span(), "sizes must be positive (one may be -1), got " + dims[i]);
                    else known *= dims[i];
                }
                if (infer >= 0) {
                    if (known == 0 || x.shape().size() % known != 0) throw new CompileError(args.span(), "cannot reshape " + x.shape() + " to " + java.util.Arrays.toString(dims));
                    dims[infer] = (int) (x.shape().size() / known);
                }
                yield g.reshape(x, Shape.of(dims));
            }
            case "flatten" -> {
                args.expect(1, "x", "axis");
                Node x = args.tensor(0, "x");
                int axis = args.integer(1, "axis", 0);
                if (!args.has(1, "axis") || axis == 0) yield g.reshape(x, Shape.of(x.shape().size()));
                checkAxes(x.shape(), new int[] {axis}, args, c);
                int a = x.shape().axis(axis);
                int[] dims = new int[a + 1];
                long rest = 1;
                for (int i = 0; i < x.shape().rank(); i++) if (i < a) dims[i] = x.shape().dim(i); else rest *= x.shape().dim(i);
                dims[a] = (int) rest;
                yield g.reshape(x, Shape.of(dims));
            }
            default -> throw new CompileError(c.span(), "unknown function '" + fn + "'"
                    + Suggest.closest(fn, List.of("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sigmoid",
                    "relu", "softplus", "sign", "max", "min", "pow", "dot", "transpose", "sum", "mean", "logsumexp",
                    "softmax", "log_softmax", "argmax", "onehot", "cross_entropy", "reshape", "flatten", "conv2d",
                    "maxpool", "avgpool", "batchnorm")));
        };
    }

    private static void checkAxes(Shape s, int[] axes, ExprLowering.Args args, Expr.Call c) {
        for (int a : axes) {
            if (s.rank() == 0 || a < -s.rank() || a >= s.rank()) {
                throw new CompileError(c.span(),
                        "axis " + a + " is out of range for a tensor of shape " + s);
            }
        }
    }
}
