package dev.nnc.autodiff;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The calculus of nnc on one screen: for y = op(x₀, x₁, …) and the adjoint g = ∂L/∂y, the
 * contribution to each ∂L/∂xᵢ, built as ordinary IR. Contributions may have y's (broadcast)
 * shape; {@link ReverseMode} undoes broadcasting where it accumulates them. Forward values are
 * reused (σ' = y(1−y), tanh' = 1−y², exp' = y). Kinks follow PyTorch: relu'(0) = 0, abs'(0) = 0,
 * ties of max/min split the gradient in halves. A null entry means "no gradient flows here".
 */
final class Derivatives {
    private Derivatives() {}

    static List<Node> vjp(Graph g, Node y, Node gy) {
        List<Node> x = y.inputs();
        return switch (y.op()) {
            case PARAM, INPUT, CONST -> List.of();
            case NEG -> List.of(g.neg(gy));
            case SIN -> List.of(g.mul(gy, g.unary(Op.COS, x.get(0))));
            case COS -> List.of(g.neg(g.mul(gy, g.unary(Op.SIN, x.get(0)))));
            case TAN -> List.of(g.mul(gy, g.add(g.scalar(1), g.mul(y, y))));
            case EXP -> List.of(g.mul(gy, y));
            case LOG -> List.of(g.div(gy, x.get(0)));
            case SQRT -> List.of(g.div(gy, g.mul(g.scalar(2), y)));
            case ABS -> List.of(g.mul(gy, g.unary(Op.SIGN, x.get(0))));
            case TANH -> List.of(g.mul(gy, g.sub(g.scalar(1), g.mul(y, y))));
            case SIGMOID -> List.of(g.mul(gy, g.mul(y, g.sub(g.scalar(1), y))));
            case RELU -> List.of(g.mul(gy, g.unary(Op.STEP, y)));
            case SOFTPLUS -> List.of(g.mul(gy, g.unary(Op.SIGMOID, x.get(0))));
            case SIGN, STEP -> nothing(1);
            case ADD -> List.of(gy, gy);
            case SUB -> List.of(gy, g.neg(gy));
            case MUL -> List.of(g.mul(gy, x.get(1)), g.mul(gy, x.get(0)));
            case DIV -> List.of(g.div(gy, x.get(1)), g.neg(g.div(g.mul(gy, y), x.get(1))));
            case POW -> pow(g, y, gy);
            case MAX, MIN -> {
                Op wins = y.op() == Op.MAX ? Op.GT : Op.LT;
                Node tie = g.mul(g.binary(Op.EQ, x.get(0), x.get(1)), g.scalar(0.5));
                yield List.of(g.mul(gy, g.add(g.binary(wins, x.get(0), x.get(1)), tie)),
                              g.mul(gy, g.add(g.binary(wins, x.get(1), x.get(0)), tie)));
            }
            case LT, LE, GT, GE, EQ, NE -> nothing(2);
            case MATMUL -> matmul(g, x.get(0), x.get(1), gy);
            case TRANSPOSE -> {
                int[] perm = ((Attr.Perm) y.attr()).perm();
                int[] inverse = new int[perm.length];
                for (int i = 0; i < perm.length; i++) inverse[perm[i]] = i;
                yield List.of(g.transpose(gy, inverse));
            }
            case RESHAPE -> List.of(g.reshape(gy, x.get(0).shape()));
            case BROADCAST -> List.of(gy); // the accumulation unbroadcasts
            case SLICE -> List.of(g.unslice(gy, (Attr.Window) y.attr(), x.get(0).shape()));
            case UNSLICE -> List.of(g.slice(gy, (Attr.Window) y.attr()));
            case SUM -> List.of(g.broadcastTo(keepDims(g, gy, y), x.get(0).shape()));
            case LOGSUMEXP -> {
                Shape xs = x.get(0).shape();
                yield List.of(g.mul(g.broadcastTo(keepDims(g, gy, y), xs), softmaxOver(g, x.get(0), y)));
            }
            case SOFTMAX -> {
                int axis = ((Attr.Axis) y.attr()).axis();
                Node dot = g.sum(g.mul(gy, y), new int[] {axis}, true);
                yield List.of(g.mul(y, g.sub(gy, dot)));
            }
            case LOG_SOFTMAX -> {
                int axis = ((Attr.Axis) y.attr()).axis();
                Node total = g.sum(gy, new int[] {axis}, true);
                yield List.of(g.sub(gy, g.mul(g.unary(Op.EXP, y), total)));
            }
            case ARGMAX, ONEHOT -> nothing(1);
            // the three convolutions are each other's adjoints: linear in each operand
            case CONV2D -> List.of(g.conv2dBackInput(gy, x.get(1), y.window(), x.get(0).shape()),
                                   g.conv2dBackWeight(x.get(0), gy, y.window(), x.get(1).shape()));
            case CONV2D_BACK_INPUT -> List.of(g.conv2d(gy, x.get(1), y.window()),
                                              g.conv2dBackWeight(gy, x.get(0), y.window(), x.get(1).shape()));
            case CONV2D_BACK_WEIGHT -> List.of(g.conv2dBackInput(x.get(1), gy, y.window(), x.get(0).shape()),
                                               g.conv2d(x.get(0), gy, y.window()));
            // the maximum's position is piecewise constant in x: no gradient flows to it
            case MAXPOOL -> List.of(g.maxpoolBack(x.get(0), gy, y.window()));
            case MAXPOOL_BACK -> Arrays.asList(null, g.maxpoolGather(x.get(0), gy, y.window(), x.get(1).shape()));
            case MAXPOOL_GATHER -> Arrays.asList(null, g.maxpoolBack(x.get(0), gy, y.window()));
            case AVGPOOL -> List.of(g.avgpoolBack(gy, y.window(), x.get(0).shape()));
            case AVGPOOL_BACK -> List.of(g.pool(Op.AVGPOOL, gy, y.window()));
        };
    }

    /** d(a^b): b·a^(b−1) for a, y·log(a) for b (PyTorch masks the latter where a = 0 and b ≥ 0). */
    private static List<Node> pow(Graph g, Node y, Node gy) {
        Node a = y.input(0), b = y.input(1);
        Node da = g.mul(gy, g.mul(b, g.binary(Op.POW, a, g.sub(b, g.scalar(1)))));
        if (b.isConst()) return Arrays.asList(da, null);
        Node safe = g.binary(Op.NE, a, g.scalar(0));
        Node db = g.mul(gy, g.mul(y, g.mul(g.unary(Op.LOG, g.add(a, g.binary(Op.EQ, a, g.scalar(0)))), safe)));
        return List.of(da, db);
    }

    /**
     * ∂ logsumexp(x)/∂x = softmax(x) over the reduced axes, computed max-shifted as its own op
     * where it can be (one axis, or all of them): e^(x − lse) would carry lse's rounding,
     * which at |x| ≈ 1000 costs four digits (0.5000000000000275 for [1000, 1000]).
     */
    private static Node softmaxOver(Graph g, Node x, Node lse) {
        int[] axes = ((Attr.Axes) lse.attr()).axes();
        Shape xs = x.shape();
        if (axes.length == 1) return g.softmax(x, axes[0]);
        if (axes.length == xs.rank()) return g.reshape(g.softmax(g.reshape(x, Shape.of(xs.size())), 0), xs);
        return g.unary(Op.EXP, g.sub(x, g.broadcastTo(keepDims(g, lse, lse), xs)));
    }

    /** NumPy matmul's four 1-D/2-D forms. */
    private static List<Node> matmul(Graph g, Node a, Node b, Node gy) {
        int ra = a.shape().rank(), rb = b.shape().rank();
        if (ra == 2 && rb == 2) return List.of(g.matmul(gy, g.transpose(b)), g.matmul(g.transpose(a), gy));
        if (ra == 2) { // [m,k]@[k] → [m]
            return List.of(outer(g, gy, b), g.matmul(g.transpose(a), gy));
        }
        if (rb == 2) { // [k]@[k,n] → [n]
            return List.of(g.matmul(b, gy), outer(g, a, gy));
        }
        return List.of(g.mul(gy, b), g.mul(gy, a)); // [k]·[k] → scalar
    }

    private static Node outer(Graph g, Node u, Node v) {
        return g.mul(g.reshape(u, Shape.of(u.shape().size(), 1)), g.reshape(v, Shape.of(1, v.shape().size())));
    }

    /** A reduction's result (or its adjoint) with the reduced axes put back as size 1. */
    private static Node keepDims(Graph g, Node value, Node reduction) {
        Attr.Axes axes = (Attr.Axes) reduction.attr();
        if (axes.keepDims()) return value;
        int[] in = reduction.input(0).shape().dims();
        for (int a : axes.axes()) in[a] = 1;
        return g.reshape(value, Shape.of(in));
    }

    private static List<Node> nothing(int arity) {
        return Arrays.asList(new Node[arity]);
    }
}
