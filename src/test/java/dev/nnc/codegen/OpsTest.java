package dev.nnc.codegen;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every op compiled on small graphs, bit for bit against the interpreter (subclasses check other precisions). */
class OpsTest {
    private final Graph g = new Graph();
    private final List<Node> params = new ArrayList<>();
    private final List<Node> inputs = new ArrayList<>();

    private Node param(String name, int... dims) {
        Node p = g.param(name, Shape.of(dims));
        params.add(p);
        return p;
    }

    private Node input(String name, int... dims) {
        Node p = g.input(name, Shape.of(dims));
        inputs.add(p);
        return p;
    }

    private Node exp(Node x) { return g.unary(Op.EXP, x); }

    private Node sin(Node x) { return g.unary(Op.SIN, x); }

    private Node cos(Node x) { return g.unary(Op.COS, x); }

    private void check(boolean positive, Node... values) {
        check(positive, List.of(values), List.of());
    }

    private void check(boolean positive, List<Node> values, List<Node> gradients) {
        Plan plan = Harness.plan(params, inputs, values, gradients);
        for (long seed = 1; seed <= 3; seed++) verify(plan, seed, positive);
    }

    /** Compiles one plan, fills it from {@code seed} and checks it: here bit for bit against the interpreter. */
    void verify(Plan plan, long seed, boolean positive) {
        Harness.exact(plan, seed, positive);
    }

    @ParameterizedTest
    @EnumSource(value = Op.Kind.class, names = "UNARY")
    void everyUnaryOp(Op.Kind kind) {
        List<Node> values = new ArrayList<>();
        Node x = param("x", 2, 3);
        Node pos = param("pos", 2, 3);
        for (Op op : Op.values()) {
            if (op.kind != kind) continue;
            Node arg = op == Op.LOG || op == Op.SQRT ? g.unary(Op.EXP, x) : x;
            values.add(g.unary(op, arg));
            values.add(g.unary(op, g.mul(pos, g.scalar(0.5))));   // fused operand
        }
        check(false, values, List.of());
    }

    static Stream<Arguments> broadcastShapes() {
        return Stream.of(
                Arguments.of(new int[] {2, 3}, new int[] {2, 3}),
                Arguments.of(new int[] {2, 3}, new int[] {3}),
                Arguments.of(new int[] {2, 1}, new int[] {1, 3}),
                Arguments.of(new int[] {}, new int[] {4}),
                Arguments.of(new int[] {4}, new int[] {}),
                Arguments.of(new int[] {1}, new int[] {2, 3}),
                Arguments.of(new int[] {2, 1, 3}, new int[] {4, 1}));
    }

    @ParameterizedTest
    @MethodSource("broadcastShapes")
    void everyBinaryOpWithBroadcasting(int[] sa, int[] sb) {
        Node a = param("a", sa);
        Node b = param("b", sb);
        List<Node> values = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op.kind != Op.Kind.BINARY) continue;
            values.add(g.binary(op, a, b));
            values.add(g.binary(op, b, a));
            values.add(g.binary(op, a, a));
            // fused operands of broadcast shapes inside one loop
            values.add(g.binary(op, g.unary(Op.SIN, a), g.unary(Op.COS, b)));
        }
        check(true, values, List.of());
        check(false, values, List.of());
    }

    @Test
    void constantsSplatAndDense() {
        Node x = param("x", 2, 3);
        Node dense = g.constant(Shape.of(3), new double[] {1.5, -0.0, Double.NaN});
        Node big = g.constant(Shape.of(40), java.util.stream.IntStream.range(0, 40).mapToDouble(i -> i * 0.1 - 2).toArray());
        Node awkward = g.constant(Shape.of(4), new double[] {Double.MIN_VALUE, -Double.MAX_VALUE, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0x7ff0000000000123L)});
        Node y = g.add(g.mul(x, dense), g.scalar(-0.0));
        Node z = g.div(g.scalar(1e-310), g.add(x, g.scalar(Double.POSITIVE_INFINITY)));
        Node w = g.mul(g.reshape(big, Shape.of(8, 5)), g.scalar(3));
        check(false, List.of(y, z, w, dense, big, awkward, g.fill(Shape.of(2), -0.0), g.mul(awkward, g.scalar(2))), List.of());
    }

    @Test
    void matmulAllFourForms() {
        Node a = param("a", 2, 3);
        Node b = param("b", 3, 4);
        Node u = param("u", 3);
        Node v = param("v", 3);
        Node k1 = param("k1", 1, 1);
        Node r1 = param("r1", 1);
        check(false, g.matmul(a, b), g.matmul(a, u), g.matmul(u, b), g.matmul(u, v),
                g.matmul(k1, r1), g.matmul(g.fill(Shape.of(2, 3), 0.5), b), g.matmul(g.transpose(b), g.transpose(a)));
    }

    @Test
    void transposeAndReshape() {
        Node a = param("a", 2, 3);
        Node t = param("t", 2, 3, 4);
        Node r = g.reshape(a, Shape.of(3, 2));
        check(false, List.of(g.transpose(a), g.transpose(t, new int[] {2, 0, 1}), g.transpose(t, new int[] {1, 0, 2}),
                r, g.reshape(exp(a), Shape.of(6)), g.mul(r, g.reshape(exp(a), Shape.of(3, 2))), g.reshape(a, Shape.of(6))),
                List.of(r, g.reshape(exp(a), Shape.of(1, 6))));
    }

    @Test
    void broadcastOp() {
        Node v = param("v", 3);
        Node c = param("c", 2, 1);
        Node s = param("s");
        check(false, g.broadcastTo(v, Shape.of(2, 3)), g.broadcastTo(c, Shape.of(2, 3)), g.broadcastTo(s, Shape.of(2, 2)),
                g.broadcastTo(c, Shape.of(4, 2, 5)));
    }

    @Test
    void sliceWithStepsAndDroppedAxes() {
        Node x = param("x", 4, 5);
        Node v = param("v", 6);
        Node a = g.slice(x, new Attr.Window(new int[] {1, 0}, new int[] {2, 2}, new int[] {2, 3}, new boolean[] {true, true}));
        Node b = g.slice(x, new Attr.Window(new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 3}, new boolean[] {false, true}));
        Node c = g.slice(x, new Attr.Window(new int[] {0, 4}, new int[] {1, 1}, new int[] {4, 1}, new boolean[] {true, false}));
        Node d = g.slice(x, new Attr.Window(new int[] {3, 2}, new int[] {1, 1}, new int[] {1, 1}, new boolean[] {false, false}));
        Node e = g.slice(v, new Attr.Window(new int[] {5}, new int[] {-2}, new int[] {3}, new boolean[] {true}));
        check(false, a, b, c, d, e, g.add(a, g.scalar(1)));
    }

    @Test
    void unslice() {
        Node gr = param("g", 2, 3);
        Node h = param("h", 3);
        Attr.Window w = new Attr.Window(new int[] {1, 0}, new int[] {2, 2}, new int[] {2, 3}, new boolean[] {true, true});
        Attr.Window row = new Attr.Window(new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 3}, new boolean[] {false, true});
        check(false, g.unslice(gr, w, Shape.of(4, 5)), g.unslice(h, row, Shape.of(4, 5)), g.unslice(sin(gr), w, Shape.of(4, 5)));
    }

    @Test
    void sumOverEveryAxisAllAndKeepDims() {
        Node x = param("x", 2, 3);
        Node t = param("t", 2, 3, 4);
        Node s = param("s");
        check(false, g.sum(x, new int[] {0}, false), g.sum(x, new int[] {1}, false), g.sum(x, new int[] {0, 1}, false),
                g.sum(x, new int[] {0}, true), g.sum(x, new int[] {1}, true), g.sum(x, new int[] {0, 1}, true),
                g.sum(x, new int[] {-1}, false), g.sum(t, new int[] {0, 2}, false), g.sum(t, new int[] {1}, true),
                g.sumAll(t), g.sumAll(s), g.sumAll(g.fill(Shape.of(2, 3), 0.1)), g.sumAll(g.mul(x, x)));
    }

    @Test
    void logsumexp() {
        Node x = param("x", 2, 3);
        Node t = param("t", 2, 3, 4);
        Node inf = g.constant(Shape.of(2, 3), new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 1, Double.POSITIVE_INFINITY, Double.NaN});
        check(false, g.logsumexp(x, new int[] {0}, false), g.logsumexp(x, new int[] {1}, true),
                g.logsumexp(x, new int[] {0, 1}, false), g.logsumexp(t, new int[] {0, 2}, true),
                g.logsumexp(g.mul(x, g.scalar(400)), new int[] {1}, false), g.logsumexp(inf, new int[] {1}, false),
                g.logsumexp(inf, new int[] {0}, false), g.logsumexp(x, new int[] {}, false));
    }

    @Test
    void softmaxAndLogSoftmaxAlongBothAxes() {
        Node x = param("x", 2, 3);
        Node t = param("t", 2, 3, 4);
        Node big = g.mul(x, g.scalar(800));
        check(false, g.softmax(x, 0), g.softmax(x, 1), g.logSoftmax(x, 0), g.logSoftmax(x, 1), g.softmax(big, 1),
                g.logSoftmax(big, 0), g.softmax(t, 1), g.logSoftmax(t, 2), g.softmax(param("v", 4), 0),
                g.softmax(param("one", 2, 1), 1));
    }

    @Test
    void argmaxWithTiesAndNaN() {
        Node x = param("x", 2, 3);
        Node c = g.constant(Shape.of(2, 4), new double[] {1, 3, 3, 2, Double.NaN, 2, Double.NaN, 7});
        Node ninf = g.fill(Shape.of(3), Double.NEGATIVE_INFINITY);
        check(false, g.argmax(x, 0), g.argmax(x, 1), g.argmax(c, 0), g.argmax(c, 1), g.argmax(ninf, 0),
                g.argmax(param("v", 5), 0), g.argmax(param("t", 2, 3, 4), 1));
    }

    @Test
    void onehot() {
        Node labels = g.constant(Shape.of(7), new double[] {0, 2, 1.5, 5, -1, 1, Double.NaN});
        Node x = param("x", 2, 3);
        check(false, g.onehot(labels, 3), g.onehot(g.argmax(x, 1), 3), g.onehot(g.argmax(param("v", 4), 0), 4),
                g.onehot(g.reshape(labels, Shape.of(7, 1)), 2));
    }

    @Test
    void gradientsOfEveryKind() {
        Node w = param("w", 3);
        Node x = input("x", 3);
        Node y = g.mul(w, x);
        Node loss = g.sumAll(sin(y));
        Node backwardOnly = g.mul(cos(y), x);
        Node backwardChain = g.add(g.mul(exp(backwardOnly), g.scalar(2)), sin(w));
        check(false, List.of(loss, w, x, g.reshape(y, Shape.of(3, 1))),
                List.of(backwardOnly, g.fill(Shape.of(3), 0), w, x, y, loss, backwardChain, g.reshape(w, Shape.of(1, 3)),
                        g.reshape(backwardOnly, Shape.of(3, 1))));
    }

    @Test
    void zeroSizedTensors() {
        Node e = param("e", 0, 3);
        Node f = param("f", 2, 0);
        Node k = param("k", 0);
        check(false, g.sum(e, new int[] {0}, false), g.logsumexp(e, new int[] {0}, true), g.softmax(f, 1),
                g.argmax(e, 0), g.matmul(f, param("h", 0, 3)), g.matmul(k, k), g.add(e, g.scalar(1)), g.onehot(k, 2),
                g.sumAll(f));
    }

    @Test
    void emptyPlan() {
        check(false, List.of(), List.of());
    }
}
