package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 class where the math allows more than a tolerance: one elementwise op on float
 * inputs is the double result rounded (bit for bit), layout ops move floats exactly, sums
 * accumulate in float; literals round-trip; no double arithmetic hides in its loops. The
 * tolerance check of every op is {@link Float32OpsTest}; updates are {@link Float32UpdateTest}.
 */
class Float32Test {
    private static final Float32Harness.Tolerance EXACT = Float32Harness.Tolerance.EXACT;
    /** Two float ulps, relative: sigmoid and softplus round each of their steps. */
    private static final Float32Harness.Tolerance TWO_ULPS = new Float32Harness.Tolerance(2.4e-7, 0);

    private final Graph g = new Graph();

    private Plan plan(List<Node> params, List<Node> values) {
        return Harness.plan(params, List.of(), values, List.of());
    }

    private void check(Plan plan, boolean positive, Float32Harness.Tolerance tolerance) {
        for (long seed = 1; seed <= 3; seed++) Float32Harness.check(plan, seed, positive, tolerance);
    }

    @Test
    void oneElementwiseOpIsTheDoubleResultRounded() {
        Node x = g.param("x", Shape.of(2, 3));
        Node b = g.param("b", Shape.of(3));
        List<Node> anySign = new ArrayList<>(), positive = new ArrayList<>(), stepwise = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op.kind == Op.Kind.UNARY) {
                Node v = g.unary(op, x);
                if (op == Op.SIGMOID || op == Op.SOFTPLUS) stepwise.add(v);
                else if (op == Op.LOG || op == Op.SQRT) positive.add(v);
                else anySign.add(v);
            } else if (op.kind == Op.Kind.BINARY) {
                anySign.add(g.binary(op, x, b));
                positive.add(g.binary(op, b, x));
            }
        }
        check(plan(List.of(x, b), anySign), false, EXACT);
        check(plan(List.of(x, b), positive), true, EXACT);
        check(plan(List.of(x, b), stepwise), false, TWO_ULPS);
    }

    @Test
    void layoutOpsMoveFloatsExactly() {
        Node x = g.param("x", Shape.of(4, 5));
        Node t = g.param("t", Shape.of(2, 3, 4));
        Attr.Window w = new Attr.Window(new int[] {1, 0}, new int[] {2, 2}, new int[] {2, 3}, new boolean[] {true, true});
        Node window = g.slice(x, w);
        check(plan(List.of(x, t), List.of(g.transpose(x), g.transpose(t, new int[] {2, 0, 1}), g.reshape(t, Shape.of(6, 4)),
                g.broadcastTo(g.reshape(x, Shape.of(1, 20)), Shape.of(3, 20)), window, g.unslice(window, w, Shape.of(4, 5)),
                g.argmax(t, 1), g.onehot(g.argmax(x, 1), 5), x)), false, EXACT);
    }

    @Test
    void sumsAndMatrixProductsAccumulateInFloat() {
        Node v = g.param("v", Shape.of(3));
        Node r = g.param("r", Shape.of(1, 3));
        Plan plan = plan(List.of(v, r), List.of(g.sumAll(v), g.matmul(r, g.fill(Shape.of(3), 1)), g.matmul(r, g.reshape(v, Shape.of(3, 1))),
                g.logsumexp(v, new int[] {0}, false)));
        GeneratedModel single = Float32Harness.compile(plan), twice = Harness.compile(plan);
        for (GeneratedModel m : List.of(single, twice)) {
            System.arraycopy(new double[] {1e8, 1, -1e8}, 0, m.params()[0], 0, 3);
            System.arraycopy(new double[] {1e8, 1, -1e8}, 0, m.params()[1], 0, 3);
            m.forward();
        }
        // 1e8 + 1 is 1e8 in float (its ulp there is 8); in double it is exact
        assertEquals(0.0, single.values()[0][0]);
        assertEquals(0.0, single.values()[1][0]);
        assertEquals(1.0, twice.values()[0][0]);
        assertEquals(1.0, twice.values()[1][0]);
        float s = 0;
        for (float a : new float[] {1e8f, 1, -1e8f}) s = Math.fma(a, a, s);
        assertEquals(s, single.values()[2][0]);
        assertEquals(1e8, single.values()[3][0]);
    }

    @Test
    void constantsAndLiteralsRoundTripAsFloats() {
        double[] awkward = {0.1, Float.MIN_VALUE, 1e-40, -0.0, Float.MAX_VALUE, 1e39, -1e-50, Double.NaN,
            Double.longBitsToDouble(0x7ff8000020000000L), 1.0 / 3, -2.5, 16777217};
        Node c = g.constant(Shape.of(awkward.length), awkward);
        Node big = g.constant(Shape.of(40), IntStream.range(0, 40).mapToDouble(i -> i * 0.1 - 2).toArray());
        Node x = g.param("x", Shape.of(2));
        Plan plan = plan(List.of(x), List.of(c, big, g.fill(Shape.of(2), -0.0), g.mul(x, g.scalar(1.0 / 3)),
                g.add(x, g.scalar(Float.MIN_VALUE)), g.mul(g.reshape(big, Shape.of(8, 5)), g.scalar(3))));
        String source = JavaEmitter.emit(plan, Precision.FLOAT32).toString();
        assertTrue(source.contains("Float.intBitsToFloat(0x1)"), source);
        assertTrue(source.contains("0.1f"), source);
        assertTrue(source.contains("Float.POSITIVE_INFINITY"), source);
        assertTrue(source.contains("ConstantData.unpackFloats("), source);
        // the constants are rounded to float before the products, so these are only close
        GeneratedModel m = Float32Harness.check(plan, 1, false, Float32Harness.Tolerance.FLOAT);
        for (int i = 0; i < awkward.length; i++) {
            float expected = (float) awkward[i];
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits((float) m.values()[0][i]), "constant " + i);
        }
        for (int i = 0; i < 40; i++) assertEquals((double) (float) (i * 0.1 - 2), m.values()[1][i], "packed constant " + i);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(m.values()[2][1]));
    }

    /** Inside forward and backward: no double local, every Math call cast back or float-closed. */
    static void assertFloatOnly(String source) {
        String body = source.substring(source.indexOf("public void forward()"), source.indexOf("public void update()"));
        for (String line : body.lines().filter(l -> !l.strip().startsWith("//")).toList()) {
            if (line.matches(".*\\bdouble\\b.*")) fail("double in a float class's loops: " + line + "\n" + source);
            Matcher m = Pattern.compile("(\\(float\\) )?Math\\.(\\w+)\\(").matcher(line);
            while (m.find()) {
                if (m.group(1) == null && !Set.of("abs", "max", "min", "rint", "fma").contains(m.group(2))) {
                    fail("Math." + m.group(2) + " not cast back to float: " + line + "\n" + source);
                }
            }
        }
    }

    @Test
    void noDoubleArithmeticHidesInTheLoops() {
        assertFloatOnly(JavaEmitter.emit(GoldenPlan.plan(), Precision.FLOAT32).toString());
        for (int seed = 0; seed < 40; seed++) {
            List<Integer> choices = new ArrayList<>();
            java.util.Random r = new java.util.Random(seed);
            for (int i = 0; i < 30; i++) choices.add(r.nextInt(10_000));
            assertFloatOnly(JavaEmitter.emit(RandomGraphs.build(choices), Precision.FLOAT32).toString());
        }
    }

    @Test
    void float64IsTheDefaultAndFloat32IsSaidInTheHeader() {
        Plan plan = GoldenPlan.plan();
        assertEquals(JavaEmitter.emit(plan).toString(), JavaEmitter.emit(plan, Precision.FLOAT64).toString());
        String f32 = JavaEmitter.emit(plan, Precision.FLOAT32).toString();
        assertTrue(f32.startsWith("// Generated by nnc from golden.nn, computing in float32. Do not edit.\n"), f32);
        assertTrue(f32.contains("public final class Golden implements Float32Model"), f32);   // a GeneratedModel with float arrays
        assertTrue(f32.contains("package " + JavaEmitter.PACKAGE + ";"), f32);
        Matcher doubles = Pattern.compile("private final double\\[] (\\w+) = ").matcher(f32);
        int mirrors = 0;
        for (; doubles.find(); mirrors++) assertTrue(doubles.group(1).endsWith("_f64"), "not a mirror: " + doubles.group(1));
        assertEquals(7, mirrors, f32);   // w, x, loss, the value x, the gradient of w, Adam's m and v
    }

    @ParameterizedTest
    @ValueSource(strings = {"Float", "Math", "Double", "System", "Arrays", "Kernels", "ConstantData", "GeneratedModel"})
    void classNamesThatShadowWhatTheCodeUses(String className) {
        Node x = g.param("x", Shape.of(2, 3));
        Node y = g.unary(Op.SIGMOID, g.unary(Op.SIN, x));
        Node big = g.constant(Shape.of(40), IntStream.range(0, 40).mapToDouble(i -> i * 0.1 - 2).toArray());
        Plan plan = Harness.plan(className, List.of(x), List.of(), List.of(g.logSoftmax(y, 1), g.onehot(g.argmax(x, 0), 3), x,
                        g.add(g.sumAll(big), g.scalar(Float.MIN_VALUE))),
                List.of(g.unary(Op.COS, x)), new Plan.Update(Optimizer.adam(0.1, 0.9, 0.999, 1e-8), false, new int[] {0}));
        Float32Harness.check(plan, 2, false, Float32Harness.Tolerance.FLOAT).step();
    }

    /** The random-graph property's judge: loose where float32 is, and only there. */
    @Test
    void oracleBandsAreNarrowWhereTheMathIsWellConditioned() {
        Node x = g.param("x", Shape.of(2, 3));
        Node y = g.param("y", Shape.of(3));
        Node wellConditioned = g.add(g.unary(Op.SIN, g.mul(x, y)), g.sumAll(x));
        Node illConditioned = g.unary(Op.SIN, g.mul(x, g.scalar(1e7)));
        Plan plan = plan(List.of(x, y), List.of(wellConditioned, illConditioned, g.binary(Op.LT, x, y)));
        GeneratedModel m = Float32Harness.compile(plan);
        var leaves = Float32Harness.fill(m, plan, 3, true);
        m.forward();
        Float32Oracle oracle = new Float32Oracle(Float32Harness.roots(plan), leaves::get, 3);
        for (int k = 0; k < 3; k++) {
            Node root = plan.values().get(k).node();
            for (int i = 0; i < m.values()[k].length; i++) {
                double a = m.values()[k][i];
                assertEquals(null, oracle.judge(root, i, a), "value " + k + "[" + i + "]");
                assertTrue(oracle.judge(root, i, Double.NaN) != null);
                if (k == 0) assertTrue(oracle.judge(root, i, a * (1 + 1e-4)) != null, "a band wider than 1e-4 at " + i);
                if (k == 1) assertEquals(null, oracle.judge(root, i, a * 0.5), "sin(1e7·x) is noise in float32");
                if (k == 2) assertTrue(oracle.judge(root, i, 1 - a) != null, "a comparison far from a tie");
            }
        }
    }

    @Test
    void longChainsAreSplitIntoMethods() {
        Node x = g.param("x", Shape.of(4));
        Node h = x;
        for (int i = 0; i < 4000; i++) {
            h = switch (i % 4) {
                case 0 -> g.unary(Op.TANH, h);
                case 1 -> g.mul(h, g.scalar(0.75));
                case 2 -> g.add(h, x);
                default -> g.unary(Op.SIN, h);
            };
        }
        Plan plan = Harness.plan(List.of(x), List.of(), List.of(h), List.of(h));
        assertTrue(JavaEmitter.emit(plan, Precision.FLOAT32).toString().contains("private void forward0()"), "forward was not split");
        Float32Harness.check(plan, 5, false, Float32Harness.Tolerance.FLOAT);
    }
}
