package dev.nnc.ir;

import dev.nnc.diag.Span;
import java.util.List;

/**
 * One operation of a tensor DAG. Nodes are interned by their {@link Graph}: two nodes with the
 * same op, inputs, attribute and shape are the same object, so equality is identity and common
 * subexpressions are shared by construction. The span is that of the first occurrence.
 */
public final class Node {
    private final int id;
    private final Op op;
    private final List<Node> inputs;
    private final Attr attr;
    private final Shape shape;
    private final Span span;

    Node(int id, Op op, List<Node> inputs, Attr attr, Shape shape, Span span) {
        this.id = id;
        this.op = op;
        this.inputs = inputs;
        this.attr = attr;
        this.shape = shape;
        this.span = span;
    }

    /** Creation order within its graph: every input has a smaller id than its consumers. */
    public int id() { return id; }
    public Op op() { return op; }
    public List<Node> inputs() { return inputs; }
    public Node input(int i) { return inputs.get(i); }
    public Attr attr() { return attr; }
    public Shape shape() { return shape; }
    public Span span() { return span; }

    public boolean isConst() { return op == Op.CONST; }

    /** The window of a convolution or pooling node. */
    public Attr.Window2d window() { return (Attr.Window2d) attr; }

    /** The value of a constant whose elements are all equal, or NaN. */
    public double splatValue() {
        if (op != Op.CONST) return Double.NaN;
        double[] v = ((Attr.Data) attr).values();
        double first = v[0];
        for (double x : v) if (Double.compare(x, first) != 0) return Double.NaN;
        return first;
    }

    public boolean isConstValue(double value) {
        return op == Op.CONST && Double.compare(splatValue(), value) == 0;
    }

    public String leafName() {
        return attr instanceof Attr.Leaf l ? l.name() : null;
    }

    @Override
    public String toString() {
        return "%" + id + " " + op.symbol + (inputs.isEmpty() ? "" : inputs.stream().map(n -> "%" + n.id).toList())
                + (attr == Attr.NONE ? "" : " " + attr) + " : " + shape;
    }
}
