package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.codegen.JaninoCompiler;
import dev.nnc.codegen.JavaEmitter;
import dev.nnc.codegen.Plan;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every derivative rule against central finite differences, each op on its valid domain and
 * with broadcasting where the op broadcasts: f = Σ c ⊙ op(x, y) with a random weight tensor c,
 * so a transposed or misplaced gradient cannot pass; and the same gradient graphs compiled to
 * Java agree with the interpreter.
 */
class OpGradientTest {

    /** One row: the op, how to build it from leaves, the leaves' shapes and value range. */
    record Case(String name, Op op, List<Shape> shapes, double lo, double hi, boolean allowNegative,
                BiFunction<Graph, List<Node>, Node> build) {}

    static Case unary(Op op, double lo, double hi, boolean signs) {
        return new Case(op.name(), op, List.of(Shape.of(2, 3)), lo, hi, signs, (g, x) -> g.unary(op, x.get(0)));
    }

    static Case binary(Op op, Shape a, Shape b, double lo, double hi) {
        return new Case(op.name() + " " + a + " " + b, op, List.of(a, b), lo, hi, false, (g, x) -> g.binary(op, x.get(0), x.get(1)));
    }

    static Case structural(String name, Op op, List<Shape> shapes, BiFunction<Graph, List<Node>, Node> build) {
        return new Case(name, op, shapes, -2, 2, true, build);
    }

    static final List<Case> CASES = List.of(
        unary(Op.NEG, -2, 2, true), unary(Op.SIN, -3, 3, true), unary(Op.COS, -3, 3, true), unary(Op.TAN, -1.2, 1.2, true),
        unary(Op.EXP, -2, 2, true), unary(Op.LOG, 0.2, 3, false), unary(Op.SQRT, 0.2, 3, false), unary(Op.ABS, 0.2, 2, true),
        unary(Op.TANH, -2, 2, true), unary(Op.SIGMOID, -4, 4, true), unary(Op.RELU, 0.2, 2, true), unary(Op.SOFTPLUS, -4, 4, true),
        unary(Op.SIGN, 0.2, 2, true), unary(Op.STEP, 0.2, 2, true),
        binary(Op.ADD, Shape.of(2, 3), Shape.of(3), -2, 2), binary(Op.ADD, Shape.SCALAR, Shape.of(2, 3), -2, 2),
        binary(Op.SUB, Shape.of(2, 1), Shape.of(1, 3), -2, 2), binary(Op.SUB, Shape.of(3), Shape.of(2, 3), -2, 2),
        binary(Op.MUL, Shape.of(2, 3), Shape.of(3), -2, 2), binary(Op.MUL, Shape.of(2, 1), Shape.of(3), -2, 2),
        binary(Op.DIV, Shape.of(2, 3), Shape.of(3), 0.5, 2), binary(Op.DIV, Shape.SCALAR, Shape.of(2, 3), 0.5, 2),
        binary(Op.POW, Shape.of(2, 3), Shape.of(3), 0.5, 2), binary(Op.POW, Shape.of(2, 3), Shape.SCALAR, 0.5, 2),
        binary(Op.MAX, Shape.of(2, 3), Shape.of(3), -2, 2), binary(Op.MIN, Shape.of(2, 3), Shape.of(2, 1), -2, 2),
        binary(Op.GT, Shape.of(2, 3), Shape.of(3), -2, 2), binary(Op.EQ, Shape.of(3), Shape.of(3), -2, 2),
        structural("matmul [2,3]@[3,4]", Op.MATMUL, List.of(Shape.of(2, 3), Shape.of(3, 4)), (g, x) -> g.matmul(x.get(0), x.get(1))),
        structural("matmul [2,3]@[3]", Op.MATMUL, List.of(Shape.of(2, 3), Shape.of(3)), (g, x) -> g.matmul(x.get(0), x.get(1))),
        structural("matmul [3]@[3,4]", Op.MATMUL, List.of(Shape.of(3), Shape.of(3, 4)), (g, x) -> g.matmul(x.get(0), x.get(1))),
        structural("matmul [3]@[3]", Op.MATMUL, List.of(Shape.of(3), Shape.of(3)), (g, x) -> g.matmul(x.get(0), x.get(1))),
        structural("transpose", Op.TRANSPOSE, List.of(Shape.of(2, 3)), (g, x) -> g.transpose(x.get(0))),
        structural("transpose 3-D", Op.TRANSPOSE, List.of(Shape.of(2, 3, 2)), (g, x) -> g.transpose(x.get(0), new int[] {1, 2, 0})),
        structural("reshape", Op.RESHAPE, List.of(Shape.of(2, 3)), (g, x) -> g.reshape(x.get(0), Shape.of(3, 2))),
        structural("broadcast", Op.BROADCAST, List.of(Shape.of(3)), (g, x) -> g.broadcastTo(x.get(0), Shape.of(2, 3))),
        structural("slice", Op.SLICE, List.of(Shape.of(3, 4)),
                (g, x) -> g.slice(x.get(0), new Attr.Window(new int[] {1, 0}, new int[] {1, 2}, new int[] {2, 2}, new boolean[] {true, true}))),
        structural("slice dropping an axis", Op.SLICE, List.of(Shape.of(3, 4)),
                (g, x) -> g.slice(x.get(0), new Attr.Window(new int[] {0, 2}, new int[] {1, 1}, new int[] {3, 1}, new boolean[] {true, false}))),
        structural("unslice", Op.UNSLICE, List.of(Shape.of(2)),
                (g, x) -> g.unslice(x.get(0), new Attr.Window(new int[] {1}, new int[] {2}, new int[] {2}, new boolean[] {true}), Shape.of(5))),
        structural("sum axis 0", Op.SUM, List.of(Shape.of(2, 3)), (g, x) -> g.sum(x.get(0), new int[] {0}, false)),
        structural("sum axis 1 keep", Op.SUM, List.of(Shape.of(2, 3)), (g, x) -> g.sum(x.get(0), new int[] {1}, true)),
        structural("sum all", Op.SUM, List.of(Shape.of(2, 3)), (g, x) -> g.sumAll(x.get(0))),
        structural("logsumexp axis 1", Op.LOGSUMEXP, List.of(Shape.of(2, 3)), (g, x) -> g.logsumexp(x.get(0), new int[] {1}, false)),
        structural("logsumexp all", Op.LOGSUMEXP, List.of(Shape.of(2, 3)), (g, x) -> g.logsumexp(x.get(0), new int[] {0, 1}, false)),
        structural("softmax axis 0", Op.SOFTMAX, List.of(Shape.of(2, 3)), (g, x) -> g.softmax(x.get(0), 0)),
        structural("softmax axis -1", Op.SOFTMAX, List.of(Shape.of(2, 3)), (g, x) -> g.softmax(x.get(0), -1)),
        structural("log_softmax axis 1", Op.LOG_SOFTMAX, List.of(Shape.of(2, 3)), (g, x) -> g.logSoftmax(x.get(0), 1)),
        structural("conv2d 1 channel", Op.CONV2D, List.of(Shape.of(1, 1, 4, 5), Shape.of(1, 1, 2, 3)),
                (g, x) -> g.conv2d(x.get(0), x.get(1), win(0, 0, 1, 1, 0, 0, 1, 1))),
        structural("conv2d NCHW stride 2 padding 1", Op.CONV2D, List.of(Shape.of(2, 3, 5, 4), Shape.of(2, 3, 3, 2)),
                (g, x) -> g.conv2d(x.get(0), x.get(1), win(0, 0, 2, 1, 1, 1, 1, 1))),
        structural("conv2d dilation 2", Op.CONV2D, List.of(Shape.of(1, 2, 6, 6), Shape.of(3, 2, 2, 2)),
                (g, x) -> g.conv2d(x.get(0), x.get(1), win(0, 0, 1, 1, 0, 1, 2, 2))),
        structural("conv2d back input", Op.CONV2D_BACK_INPUT, List.of(Shape.of(2, 2, 3, 5), Shape.of(2, 3, 3, 2)),
                (g, x) -> g.conv2dBackInput(x.get(0), x.get(1), win(3, 2, 2, 1, 1, 1, 1, 1), Shape.of(2, 3, 5, 4))),
        structural("conv2d back weight", Op.CONV2D_BACK_WEIGHT, List.of(Shape.of(2, 3, 5, 4), Shape.of(2, 2, 3, 5)),
                (g, x) -> g.conv2dBackWeight(x.get(0), x.get(1), win(3, 2, 2, 1, 1, 1, 1, 1), Shape.of(2, 3, 3, 2))),
        structural("maxpool 2×2", Op.MAXPOOL, List.of(Shape.of(2, 2, 4, 6)), (g, x) -> g.pool(Op.MAXPOOL, x.get(0), win(2, 2, 2, 2, 0, 0, 1, 1))),
        structural("maxpool 3×2 stride 1 padding 1", Op.MAXPOOL, List.of(Shape.of(1, 2, 4, 5)),
                (g, x) -> g.pool(Op.MAXPOOL, x.get(0), win(3, 2, 1, 1, 1, 1, 1, 1))),
        structural("maxpool back (no gradient to x)", Op.MAXPOOL_BACK, List.of(Shape.of(1, 2, 4, 4), Shape.of(1, 2, 2, 2)),
                (g, x) -> g.maxpoolBack(g.constant(Shape.of(1, 2, 4, 4), distinct(32)), x.get(1), win(2, 2, 2, 2, 0, 0, 1, 1))),
        structural("maxpool gather", Op.MAXPOOL_GATHER, List.of(Shape.of(1, 2, 4, 4)),
                (g, x) -> g.maxpoolGather(g.constant(Shape.of(1, 2, 4, 4), distinct(32)), x.get(0), win(2, 2, 2, 2, 0, 0, 1, 1), Shape.of(1, 2, 2, 2))),
        structural("avgpool 2×3 stride 1 padding 1", Op.AVGPOOL, List.of(Shape.of(2, 1, 4, 5)),
                (g, x) -> g.pool(Op.AVGPOOL, x.get(0), win(2, 3, 1, 1, 1, 1, 1, 1))),
        structural("avgpool back", Op.AVGPOOL_BACK, List.of(Shape.of(1, 2, 2, 3)),
                (g, x) -> g.avgpoolBack(x.get(0), win(2, 2, 2, 2, 0, 0, 1, 1), Shape.of(1, 2, 4, 6))),
        structural("argmax (no gradient)", Op.ARGMAX, List.of(Shape.of(2, 3)), (g, x) -> g.mul(g.argmax(x.get(0), 1), g.sum(x.get(0), new int[] {1}, false))),
        structural("onehot (no gradient to labels)", Op.ONEHOT, List.of(Shape.of(2, 3)),
                (g, x) -> g.mul(g.onehot(g.constant(Shape.of(2), new double[] {2, 0}), 3), x.get(0)))
    );

    static Attr.Window2d win(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
        return new Attr.Window2d(kh, kw, sh, sw, ph, pw, dh, dw);
    }

    /** Distinct values in a shuffled order, so that every pooling window has one clear maximum. */
    static double[] distinct(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 7919) % n) * 0.37 - 3;
        return v;
    }

    @Test
    void everyOpHasACase() {
        Set<Op> covered = EnumSet.noneOf(Op.class);
        for (Case c : CASES) covered.add(c.op());
        Set<Op> missing = EnumSet.complementOf(EnumSet.copyOf(covered));
        missing.removeAll(EnumSet.of(Op.PARAM, Op.INPUT, Op.CONST, Op.LT, Op.LE, Op.GE, Op.NE));
        assertEquals(Set.of(), missing, "ops without a derivative test");
    }

    @TestFactory
    Stream<DynamicTest> symbolicMatchesFiniteDifferences() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    private static void run(Case c) {
        Random random = new Random(c.name().hashCode());
        Graph g = new Graph();
        List<Node> leaves = new ArrayList<>();
        Map<Node, Tensor> values = new HashMap<>();
        for (int i = 0; i < c.shapes().size(); i++) {
            Node leaf = g.param("x" + i, c.shapes().get(i));
            double[] v = new double[leaf.shape().size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = c.lo() + (c.hi() - c.lo()) * random.nextDouble();
                if (c.allowNegative() && c.lo() > 0 && random.nextBoolean()) v[k] = -v[k];
            }
            leaves.add(leaf);
            values.put(leaf, new Tensor(leaf.shape(), v));
        }
        Node y = c.build().apply(g, leaves);
        double[] weights = new double[y.shape().size()];
        for (int k = 0; k < weights.length; k++) weights[k] = 0.5 + random.nextDouble();
        Node f = g.sumAll(g.mul(g.constant(y.shape(), weights), y));
        Map<Node, Node> gradients = GradientCheck.check(g, f, leaves, values, 1e-6);
        compiledMatchesInterpreted(f, leaves, values, gradients);
    }

    /** The same gradient graphs through generated code: equal to the interpreter to 1e-12. */
    private static void compiledMatchesInterpreted(Node f, List<Node> leaves, Map<Node, Tensor> values, Map<Node, Node> gradients) {
        List<Plan.Named> named = new ArrayList<>();
        gradients.forEach((leaf, grad) -> named.add(new Plan.Named(leaf.leafName(), grad)));
        Plan plan = new Plan("OpCheck", "op.nn", List.of(), leaves, List.of(), List.of(new Plan.Named("f", f)), named, null);
        GeneratedModel compiled = JaninoCompiler.load(JavaEmitter.emit(plan));
        for (int i = 0; i < leaves.size(); i++) {
            System.arraycopy(values.get(leaves.get(i)).data(), 0, compiled.params()[i], 0, compiled.params()[i].length);
        }
        compiled.forward();
        compiled.backward();
        List<Node> roots = new ArrayList<>(gradients.values());
        roots.add(f);
        Map<Node, Tensor> interpreted = Interpreter.evaluate(roots, values::get);
        close(interpreted.get(f).data(), compiled.values()[0], "f");
        for (int i = 0; i < named.size(); i++) {
            close(interpreted.get(named.get(i).node()).data(), compiled.gradients()[i], "∂f/∂" + named.get(i).name());
        }
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (!(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)))) {
                throw new AssertionError(what + "[" + i + "]: interpreted " + e + ", compiled " + a);
            }
        }
    }
}
