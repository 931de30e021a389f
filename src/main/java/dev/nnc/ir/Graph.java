package dev.nnc.ir;

import dev.nnc.diag.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The node factory of one compilation: every node is created here and interned (hash-consed),
 * and each builder applies its op's shape rule. Not thread-safe; one per compilation, no statics.
 */
public final class Graph {
    private record Key(Op op, List<Integer> inputs, Attr attr, Shape shape) {}

    private final Map<Key, Node> interned = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private Span span = Span.NONE;

    /** Sets the source span given to nodes created from now on (the first creator's span wins). */
    public Span at(Span span) {
        Span previous = this.span;
        this.span = span == null ? Span.NONE : span;
        return previous;
    }

    public int size() { return nodes.size(); }

    private Node intern(Op op, List<Node> inputs, Attr attr, Shape shape) {
        List<Integer> ids = new ArrayList<>(inputs.size());
        for (Node n : inputs) ids.add(n.id());
        Key key = new Key(op, ids, attr, shape);
        Node existing = interned.get(key);
        if (existing != null) return existing;
        Node node = new Node(nodes.size(), op, List.copyOf(inputs), attr, shape, span);
        nodes.add(node);
        interned.put(key, node);
        return node;
    }

    /** Rebuilds a node of the same op and attribute over new inputs (used by rewriting passes). */
    public Node rebuild(Node n, List<Node> inputs) {
        boolean same = true;
        for (int i = 0; i < inputs.size(); i++) same &= inputs.get(i) == n.input(i);
        if (same) return n;
        return switch (n.op().kind) {
            case UNARY -> unary(n.op(), inputs.get(0));
            case BINARY -> binary(n.op(), inputs.get(0), inputs.get(1));
            default -> intern(n.op(), inputs, n.attr(), n.shape());
        };
    }

    // ---- leaves -------------------------------------------------------------------------

    public Node param(String name, Shape shape) { return intern(Op.PARAM, List.of(), new Attr.Leaf(name), shape); }

    public Node input(String name, Shape shape) { return intern(Op.INPUT, List.of(), new Attr.Leaf(name), shape); }

    public Node constant(Shape shape, double[] values) {
        if (values.length != 1 && values.length != shape.size()) {
            throw new IllegalArgumentException(values.length + " values for shape " + shape);
        }
        boolean splat = values.length > 1;
        for (int i = 1; i < values.length && splat; i++) splat = Double.compare(values[i], values[0]) == 0;
        return intern(Op.CONST, List.of(), new Attr.Data(splat ? new double[] {values[0]} : values.clone()), shape);
    }

    public Node fill(Shape shape, double value) { return constant(shape, new double[] {value}); }

    public Node scalar(double value) { return fill(Shape.SCALAR, value); }

    // ---- elementwise ----------------------------------------------------------------------

    public Node unary(Op op, Node x) {
        if (op.kind != Op.Kind.UNARY) throw new IllegalArgumentException(op + " is not unary");
        return intern(op, List.of(x), Attr.NONE, x.shape());
    }

    /** A binary elementwise op; shapes broadcast as in NumPy. */
    public Node binary(Op op, Node a, Node b) {
        if (op.kind != Op.Kind.BINARY) throw new IllegalArgumentException(op + " is not binary");
        Shape out = Shape.broadcast(a.shape(), b.shape());
        if (out == null) {
            throw new ShapeException("shapes " + a.shape() + " and " + b.shape() + " do not broadcast");
        }
        return intern(op, List.of(a, b), Attr.NONE, out);
    }

    public Node neg(Node x) { return unary(Op.NEG, x); }
    public Node add(Node a, Node b) { return binary(Op.ADD, a, b); }
    public Node sub(Node a, Node b) { return binary(Op.SUB, a, b); }
    public Node mul(Node a, Node b) { return binary(Op.MUL, a, b); }
    public Node div(Node a, Node b) { return binary(Op.DIV, a, b); }

    // ---- structure ------------------------------------------------------------------------

    /** NumPy matmul for 1-D and 2-D operands: [m,k]@[k,n], [m,k]@[k], [k]@[k,n], [k]@[k]. */
    public Node matmul(Node a, Node b) {
        Shape sa = a.shape(), sb = b.shape();
        if (sa.rank() < 1 || sa.rank() > 2 || sb.rank() < 1 || sb.rank() > 2) {
            throw new ShapeException("matrix product needs 1-D or 2-D operands, got " + sa + " and " + sb);
        }
        int ka = sa.dim(sa.rank() - 1);
        int kb = sb.rank() == 1 ? sb.dim(0) : sb.dim(0);
        if (ka != kb) {
            throw new ShapeException("inner sizes differ: " + sa + " and " + sb + " (" + ka + " vs " + kb + ")");
        }
        int[] out = new int[(sa.rank() - 1) + (sb.rank() - 1)];
        int i = 0;
        if (sa.rank() == 2) out[i++] = sa.dim(0);
        if (sb.rank() == 2) out[i] = sb.dim(1);
        return intern(Op.MATMUL, List.of(a, b), Attr.NONE, Shape.of(out));
    }

    public Node transpose(Node x, int[] perm) {
        int r = x.shape().rank();
        if (perm.length != r) throw new ShapeException("permutation " + Arrays.toString(perm) + " for rank " + r);
        boolean identity = true;
        int[] dims = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            if (perm[i] < 0 || perm[i] >= r || seen[perm[i]]) throw new ShapeException("bad permutation " + Arrays.toString(perm));
            seen[perm[i]] = true;
            dims[i] = x.shape().dim(perm[i]);
            identity &= perm[i] == i;
        }
        if (identity) return x;
        return intern(Op.TRANSPOSE, List.of(x), new Attr.Perm(perm.clone()), Shape.of(dims));
    }

    /** Reverses the axes (the matrix transpose for rank 2; a vector stays as it is). */
    public Node transpose(Node x) {
        int r = x.shape().rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = r - 1 - i;
        return transpose(x, perm);
    }

    public Node reshape(Node x, Shape shape) {
        if (shape.sizeLong() != x.shape().sizeLong()) {
            throw new ShapeException("cannot reshape " + x.shape() + " (" + x.shape().sizeLong() + " elements) to "
                    + shape + " (" + shape.sizeLong() + " elements)");
        }
        if (shape.equals(x.shape())) return x;
        if (x.op() == Op.RESHAPE) return reshape(x.input(0), shape);
        if (x.op() == Op.CONST) return constant(shape, ((Attr.Data) x.attr()).values());
        return intern(Op.RESHAPE, List.of(x), Attr.NONE, shape);
    }

    /** Repeats x along new leading axes and along its size-1 axes, as NumPy broadcasting would. */
    public Node broadcastTo(Node x, Shape shape) {
        Shape b = Shape.broadcast(x.shape(), shape);
        if (b == null || !b.equals(shape)) throw new ShapeException("cannot broadcast " + x.shape() + " to " + shape);
        if (shape.equals(x.shape())) return x;
        if (x.op() == Op.CONST && ((Attr.Data) x.attr()).isSplat()) return fill(shape, ((Attr.Data) x.attr()).values()[0]);
        return intern(Op.BROADCAST, List.of(x), Attr.NONE, shape);
    }

    public Node slice(Node x, Attr.Window w) {
        int r = x.shape().rank();
        if (w.start().length != r) throw new ShapeException("window of rank " + w.start().length + " on " + x.shape());
        List<Integer> dims = new ArrayList<>();
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            if (w.kept()[i]) dims.add(w.count()[i]);
            identity &= w.kept()[i] && w.start()[i] == 0 && w.step()[i] == 1 && w.count()[i] == x.shape().dim(i);
        }
        if (identity) return x;
        return intern(Op.SLICE, List.of(x), w, Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** The adjoint of {@link #slice}: g placed into zeros of the sliced tensor's shape. */
    public Node unslice(Node g, Attr.Window w, Shape original) {
        return intern(Op.UNSLICE, List.of(g), w, original);
    }

    // ---- reductions -----------------------------------------------------------------------

    public Node sum(Node x, int[] axes, boolean keepDims) {
        return reduce(Op.SUM, x, axes, keepDims);
    }

    public Node sumAll(Node x) {
        return sum(x, allAxes(x.shape()), false);
    }

    public Node logsumexp(Node x, int[] axes, boolean keepDims) {
        return reduce(Op.LOGSUMEXP, x, axes, keepDims);
    }

    public static int[] allAxes(Shape s) {
        int[] a = new int[s.rank()];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    private Node reduce(Op op, Node x, int[] axes, boolean keepDims) {
        int[] norm = normaliseAxes(x.shape(), axes);
        if (norm.length == 0 && op == Op.SUM) return x;
        int[] in = x.shape().dims();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            boolean reduced = Arrays.binarySearch(norm, i) >= 0;
            if (!reduced) out.add(in[i]);
            else if (keepDims) out.add(1);
        }
        return intern(op, List.of(x), new Attr.Axes(norm, keepDims), Shape.of(out.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static int[] normaliseAxes(Shape s, int[] axes) {
        int[] norm = new int[axes.length];
        for (int i = 0; i < axes.length; i++) norm[i] = s.axis(axes[i]);
        Arrays.sort(norm);
        for (int i = 1; i < norm.length; i++) if (norm[i] == norm[i - 1]) throw new ShapeException("axis " + norm[i] + " given twice");
        return norm;
    }

    public Node softmax(Node x, int axis) {
        return intern(Op.SOFTMAX, List.of(x), new Attr.Axis(x.shape().axis(axis)), x.shape());
    }

    public Node logSoftmax(Node x, int axis) {
        return intern(Op.LOG_SOFTMAX, List.of(x), new Attr.Axis(x.shape().axis(axis)), x.shape());
    }

    public Node argmax(Node x, int axis) {
        int a = x.shape().axis(axis);
        int[] in = x.shape().dims();
        int[] out = new int[in.length - 1];
        for (int i = 0, j = 0; i < in.length; i++) if (i != a) out[j++] = in[i];
        return intern(Op.ARGMAX, List.of(x), new Attr.Axis(a), Shape.of(out));
    }

    /** labels[...] (class indices as numbers) → [..., K] of 0/1. */
    public Node onehot(Node labels, int k) {
        if (k <= 0) throw new ShapeException("onehot needs a positive class count, got " + k);
        int[] in = labels.shape().dims();
        int[] out = Arrays.copyOf(in, in.length + 1);
        out[in.length] = k;
        return intern(Op.ONEHOT, List.of(labels), new Attr.Count(k), Shape.of(out));
    }

    // ---- convolution and pooling (NCHW) -----------------------------------------------------

    /** x[N, C, H, W] ⋆ w[O, C, kh, kw] → [N, O, Ho, Wo]; the window's kh, kw come from w. */
    public Node conv2d(Node x, Node w, Attr.Window2d a) {
        Shape xs = x.shape(), ws = w.shape();
        if (xs.rank() != 4 || ws.rank() != 4) throw new ShapeException("conv2d needs x[N, C, H, W] and w[O, C, kh, kw], got " + xs + " and " + ws);
        if (xs.dim(1) != ws.dim(1)) throw new ShapeException("conv2d: x has " + xs.dim(1) + " channels but w expects " + ws.dim(1));
        Attr.Window2d win = new Attr.Window2d(ws.dim(2), ws.dim(3), a.sh(), a.sw(), a.ph(), a.pw(), a.dh(), a.dw());
        int ho = Attr.Window2d.out(xs.dim(2), win.kh(), win.sh(), win.ph(), win.dh());
        int wo = Attr.Window2d.out(xs.dim(3), win.kw(), win.sw(), win.pw(), win.dw());
        if (ho < 1 || wo < 1) throw new ShapeException("conv2d: a " + win.kh() + "×" + win.kw() + " kernel does not fit a "
                + xs.dim(2) + "×" + xs.dim(3) + " input with this padding and dilation");
        return intern(Op.CONV2D, List.of(x, w), win, Shape.of(xs.dim(0), ws.dim(0), ho, wo));
    }

    /** The adjoint of conv2d with respect to its input: g[N, O, Ho, Wo] and w → x's shape. */
    public Node conv2dBackInput(Node g, Node w, Attr.Window2d a, Shape xShape) {
        checkSweep(xShape, w.shape(), g.shape(), a);
        return intern(Op.CONV2D_BACK_INPUT, List.of(g, w), a, xShape);
    }

    /** The adjoint of conv2d with respect to its kernel: x and g[N, O, Ho, Wo] → w's shape. */
    public Node conv2dBackWeight(Node x, Node g, Attr.Window2d a, Shape wShape) {
        checkSweep(x.shape(), wShape, g.shape(), a);
        return intern(Op.CONV2D_BACK_WEIGHT, List.of(x, g), a, wShape);
    }

    /** The adjoints' operands must be what conv2d(x, w) would have met and made. */
    private static void checkSweep(Shape x, Shape w, Shape y, Attr.Window2d a) {
        boolean ok = x.rank() == 4 && w.rank() == 4 && y.rank() == 4 && x.dim(1) == w.dim(1) && w.dim(2) == a.kh()
                && w.dim(3) == a.kw() && y.dim(0) == x.dim(0) && y.dim(1) == w.dim(0)
                && y.dim(2) == Attr.Window2d.out(x.dim(2), a.kh(), a.sh(), a.ph(), a.dh())
                && y.dim(3) == Attr.Window2d.out(x.dim(3), a.kw(), a.sw(), a.pw(), a.dw());
        if (!ok) throw new ShapeException("convolution adjoint: x " + x + ", w " + w + " and y " + y + " do not fit " + a);
    }

    /** Max or average over windows of x[N, C, H, W] → [N, C, Ho, Wo]. */
    public Node pool(Op op, Node x, Attr.Window2d a) {
        Shape xs = x.shape();
        if (xs.rank() != 4) throw new ShapeException(op.symbol + " needs x[N, C, H, W], got " + xs);
        int ho = Attr.Window2d.out(xs.dim(2), a.kh(), a.sh(), a.ph(), a.dh());
        int wo = Attr.Window2d.out(xs.dim(3), a.kw(), a.sw(), a.pw(), a.dw());
        if (ho < 1 || wo < 1) throw new ShapeException(op.symbol + ": a " + a.kh() + "×" + a.kw() + " window does not fit a "
                + xs.dim(2) + "×" + xs.dim(3) + " input");
        if (a.ph() * 2 > a.kh() || a.pw() * 2 > a.kw()) throw new ShapeException(op.symbol + ": padding must be at most half the window");
        return intern(op, List.of(x), a, Shape.of(xs.dim(0), xs.dim(1), ho, wo));
    }

    /** g (pooled shape) sent to each window's maximum of x (the first one at ties, as PyTorch). */
    public Node maxpoolBack(Node x, Node g, Attr.Window2d a) {
        return intern(Op.MAXPOOL_BACK, List.of(x, g), a, x.shape());
    }

    /** h (x's shape) read at each window's maximum of x: the adjoint of maxpoolBack in g. */
    public Node maxpoolGather(Node x, Node h, Attr.Window2d a, Shape pooled) {
        return intern(Op.MAXPOOL_GATHER, List.of(x, h), a, pooled);
    }

    /** g (pooled shape) spread evenly over each window (padding counted, as PyTorch's default). */
    public Node avgpoolBack(Node g, Attr.Window2d a, Shape xShape) {
        return intern(Op.AVGPOOL_BACK, List.of(g), a, xShape);
    }

    @Override
    public String toString() {
        return "Graph(" + nodes.size() + " nodes)";
    }

    /** For tests: the node with this id. */
    public Node node(int id) {
        return Objects.requireNonNull(nodes.get(id));
    }
}
