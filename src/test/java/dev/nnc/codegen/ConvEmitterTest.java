package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The convolution loops the emitter writes (taps outside for the forward pass and the weight
 * gradient, the interpreter's nest for the input gradient) give the interpreter's results bit for
 * bit, for strides, paddings and dilations that clip the windows differently on every side.
 */
class ConvEmitterTest {
    @ParameterizedTest(name = "kernel {0}×{1} stride {2},{3} padding {4},{5} dilation {6},{7}")
    @CsvSource({
        "3, 3, 1, 1, 1, 1, 1, 1",
        "3, 2, 2, 1, 1, 0, 1, 1",
        "2, 3, 1, 2, 2, 1, 2, 1",
        "3, 3, 2, 2, 0, 2, 2, 2",
        "1, 1, 3, 2, 0, 0, 1, 1",
        "3, 3, 1, 1, 3, 3, 1, 1"})
    void convolutionAndItsAdjointsAreTheInterpretersToTheBit(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) {
        Attr.Window2d a = new Attr.Window2d(kh, kw, sh, sw, ph, pw, dh, dw);
        Graph g = new Graph();
        Shape xs = Shape.of(2, 3, 7, 6);
        Node x = g.input("x", xs);
        Node w = g.param("w", Shape.of(4, 3, kh, kw));
        Node y = g.conv2d(x, w, a);
        Node gy = g.input("gy", y.shape());
        Node dx = g.conv2dBackInput(gy, w, a, xs);
        Node dw2 = g.conv2dBackWeight(x, gy, a, w.shape());
        for (Precision p : Precision.values()) {
            Plan plan = Harness.plan(List.of(w), List.of(x, gy), List.of(y, dx, dw2), List.of());
            if (p == Precision.FLOAT64) Harness.exact(plan, 5, false).step();
            // float sums of up to 84 random terms with cancellation: float's rounding, not a bit-exact check
            else Float32Harness.check(plan, 5, false, new Float32Harness.Tolerance(1e-4, 1e-5)).step();
        }
    }

    @ParameterizedTest(name = "maxpool {0}×{1} stride {2} padding {3}")
    @CsvSource({"2, 2, 2, 0", "3, 3, 2, 1", "2, 3, 1, 0"})
    void maxpoolAdjointsReadTheForwardArgmaxAndAgreeToTheBit(int kh, int kw, int stride, int pad) {
        Attr.Window2d a = new Attr.Window2d(kh, kw, stride, stride, pad, pad, 1, 1);
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(2, 3, 7, 6));
        Node r = g.unary(dev.nnc.ir.Op.RELU, x);          // zeros: ties, where the first maximum must win
        Node y = g.pool(dev.nnc.ir.Op.MAXPOOL, r, a);
        Node gy = g.input("gy", y.shape());
        Node h = g.param("h", r.shape());
        Node back = g.maxpoolBack(r, gy, a);
        Node gather = g.maxpoolGather(r, h, a, y.shape());
        Plan plan = Harness.plan(List.of(x, h), List.of(gy), List.of(y), List.of(back, g.reshape(gather, gather.shape())));
        String source = JavaEmitter.emit(plan).toString();
        org.junit.jupiter.api.Assertions.assertTrue(source.contains("int[] arg"), "the forward pass keeps its argmax:\n" + source);
        Harness.exact(plan, 9, false).step();
        Float32Harness.check(plan, 9, false, Float32Harness.Tolerance.FLOAT).step();
    }

    /**
     * Every maxpool form against the interpreter, bit for bit in both precisions, on inputs full of
     * what decides a scan: ties (relu's zeros, repeated values), NaN (the last one wins), −0.0
     * beside +0.0 (the first of equals wins, with its sign), −∞ (whole windows of it), +∞; and
     * gradients with −0.0 (0 + −0.0 is +0.0) and NaN. Forms: windows inside the input in vector
     * lanes (their last rows, whose lanes would read past the array, in the scalar inside form),
     * or scalar when the rows are short; padded windows in the general scan; the gradient folded
     * into relu′'s loop when the windows do not overlap, else scattered.
     */
    @ParameterizedTest(name = "maxpool {0}×{1} stride {2},{3} padding {4},{5} on {6}×{7}, relu first {8}")
    @CsvSource({
        "2, 2, 2, 2, 0, 0, 8, 34, true",    // W6's pool: lanes (the last row's would overrun), gradient folded
        "2, 2, 2, 2, 0, 0, 9, 34, false",   // row 8 in no window
        "3, 3, 3, 3, 0, 0, 9, 40, false",   // lanes, stride 3: every third start kept
        "3, 2, 2, 3, 0, 0, 9, 40, false",   // lanes; rows overlap: the gradient scattered
        "3, 3, 1, 1, 0, 0, 7, 20, true",    // stride 1: every start kept, windows overlap
        "2, 2, 2, 2, 0, 0, 8, 9, false",    // rows too short for lanes: the scalar inside form; column 8 in no window
        "2, 2, 3, 3, 0, 0, 8, 11, true",    // scalar, stride beyond the window: gaps, gradient folded
        "3, 3, 2, 2, 1, 1, 7, 20, false",   // padding: the general scan
        "2, 2, 2, 2, 1, 1, 7, 20, true"})   // padding, windows disjoint: the general scan, gradient folded
    void maxpoolFormsAgreeWithTheInterpreterToTheBit(int kh, int kw, int sh, int sw, int ph, int pw, int height, int width,
                                                     boolean relu) {
        Attr.Window2d a = new Attr.Window2d(kh, kw, sh, sw, ph, pw, 1, 1);
        boolean inside = ph == 0 && pw == 0, lanes = inside && (Attr.Window2d.out(width, kw, sw, pw, 1) - 1) * sw + 1 >= 16;
        boolean disjoint = sh >= kh && sw >= kw;
        Graph g = new Graph();
        Node x = g.param("x", Shape.of(2, 3, height, width));
        Node s = relu ? g.unary(dev.nnc.ir.Op.RELU, x) : x;
        Node y = g.pool(dev.nnc.ir.Op.MAXPOOL, s, a);
        Node gy = g.input("gy", y.shape());
        // relu′ · maxpool's gradient, as the backward pass of maxpool(relu(…)) has it
        Node dx = g.mul(g.maxpoolBack(s, gy, a), g.unary(dev.nnc.ir.Op.STEP, s));
        Plan plan = Harness.plan(List.of(x), List.of(gy), List.of(y), List.of(dx));
        String source = JavaEmitter.emit(plan).toString();
        assertEquals(lanes, source.contains("Lanes.replaces("), "vector lanes:\n" + source);
        assertEquals(inside, source.contains("Kernels.firstMax("), "the scalar inside form:\n" + source);
        assertEquals(disjoint, source.contains("gradient folded in"), "folded gradient:\n" + source);
        for (Precision p : Precision.values()) agreesWithTheInterpreter(plan, p, 11, disjoint);

        // without a forward pool to keep the argmax, the adjoints scan themselves
        Node h = g.param("h", s.shape());
        Plan adjoints = Harness.plan(List.of(x, h), List.of(gy), List.of(),
                List.of(g.maxpoolBack(s, gy, a), g.maxpoolGather(s, h, a, y.shape())));
        assertEquals(inside, JavaEmitter.emit(adjoints).toString().contains("Kernels.firstMax("));
        for (Precision p : Precision.values()) agreesWithTheInterpreter(adjoints, p, 12, disjoint);
    }

    /**
     * Fills the leaves, sprinkles the values a scan must get right, and compares everything to the
     * bit; except float sums of overlapping windows' gradients, which round at every term where the
     * interpreter rounds once.
     */
    private static void agreesWithTheInterpreter(Plan plan, Precision precision, long seed, boolean disjoint) {
        com.palantir.javapoet.JavaFile file = JavaEmitter.emit(plan, precision);
        dev.nnc.runtime.GeneratedModel m = JaninoCompiler.load(file);
        boolean f32 = precision == Precision.FLOAT32;
        if (f32) Float32Harness.fill(m, plan, seed, false);
        else Harness.fill(m, plan, seed, false);
        java.util.Random random = new java.util.Random(seed);
        java.util.Map<Node, dev.nnc.interp.Tensor> leaves = new java.util.IdentityHashMap<>();
        for (int k = 0; k < 2; k++) {
            List<Node> nodes = k == 0 ? plan.params() : plan.inputs();
            for (int i = 0; i < nodes.size(); i++) {
                double[] v = (k == 0 ? m.params() : m.inputs())[i];
                for (int j = 0; j < v.length; j++) {
                    double u = random.nextDouble();
                    if (u < 0.04) v[j] = Double.NaN;
                    else if (u < 0.12) v[j] = -0.0;
                    else if (u < 0.20) v[j] = 0.0;
                    else if (u < 0.25) v[j] = Double.NEGATIVE_INFINITY;
                    else if (u < 0.27) v[j] = Double.POSITIVE_INFINITY;
                    else if (u < 0.40 && j > 0) v[j] = v[j - 1];
                }
                // a run of −∞ long enough to fill whole windows
                if (v.length > 200) java.util.Arrays.fill(v, 100, 200, Double.NEGATIVE_INFINITY);
                leaves.put(nodes.get(i), new dev.nnc.interp.Tensor(nodes.get(i).shape(), v.clone()));
            }
        }
        m.forward();
        m.backward();
        java.util.Map<Node, dev.nnc.interp.Tensor> expected = dev.nnc.interp.Interpreter.evaluate(Float32Harness.roots(plan), leaves::get);
        for (int k = 0; k < plan.values().size() + plan.gradients().size(); k++) {
            boolean value = k < plan.values().size();
            Node root = value ? plan.values().get(k).node() : plan.gradients().get(k - plan.values().size()).node();
            double[] actual = value ? m.values()[k] : m.gradients()[k - plan.values().size()];
            String what = (value ? "value " : "gradient ") + (value ? k : k - plan.values().size());
            if (!f32) Harness.assertArray(expected.get(root).data(), actual, what, file, true);
            else Float32Harness.assertArray(expected.get(root).data(), actual, "float32 " + what, file.toString(),
                    value || disjoint ? Float32Harness.Tolerance.EXACT : Float32Harness.Tolerance.FLOAT);
        }
    }

    @ParameterizedTest(name = "rows of {0}, padding {1}, dilation {2}")
    @CsvSource({"40, 1, 1", "33, 2, 2", "18, 0, 1"})
    void wideRowsGoThroughVectorLanesWithTheSameBits(int width, int pad, int dil) {
        Attr.Window2d a = new Attr.Window2d(3, 3, 1, 1, pad, pad, dil, dil);
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(2, 2, 5, width));
        Node w = g.param("w", Shape.of(3, 2, 3, 3));
        Node y = g.conv2d(x, w, a);
        Plan plan = Harness.plan(List.of(w), List.of(x), List.of(y), List.of());
        org.junit.jupiter.api.Assertions.assertTrue(JavaEmitter.emit(plan).toString().contains("Rows.axpy"), "vector rows");
        Harness.exact(plan, 4, false).step();
        Float32Harness.check(plan, 4, false, new Float32Harness.Tolerance(1e-4, 1e-5)).step();
    }

    @ParameterizedTest(name = "stride 1, {0} channels, padding {1}, dilation {2}, inf weight {3}")
    @CsvSource({"1, 1, 1, false", "3, 2, 1, false", "2, 1, 2, false", "2, 0, 1, false", "1, 1, 1, true", "3, 2, 2, true"})
    void strideOneConvolutionsRunOnPaddedPlanesWithTheInterpretersBits(int channels, int pad, int dil, boolean infinite) {
        Attr.Window2d a = new Attr.Window2d(3, 3, 1, 1, pad, pad, dil, dil);
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(3, channels, 9, 11));
        Node w = g.param("w", Shape.of(4, channels, 3, 3));
        Node y = g.conv2d(x, w, a);
        Plan plan = Harness.plan(List.of(w), List.of(x), List.of(y), List.of());
        String source = JavaEmitter.emit(plan).toString();
        org.junit.jupiter.api.Assertions.assertTrue(source.contains("ConvPlanes.plane("), "padded planes:\n" + source);
        dev.nnc.runtime.GeneratedModel m = JaninoCompiler.load(JavaEmitter.emit(plan));
        Harness.fill(m, plan, 6, false);
        // padding taps add 0·w: exact for finite w; an infinite weight takes the interpreter's nest
        if (infinite) m.params()[0][5] = Double.POSITIVE_INFINITY;
        java.util.Map<Node, dev.nnc.interp.Tensor> leaves = java.util.Map.of(
                w, new dev.nnc.interp.Tensor(w.shape(), m.params()[0].clone()), x, new dev.nnc.interp.Tensor(x.shape(), m.inputs()[0].clone()));
        m.forward();
        double[] expected = dev.nnc.interp.Interpreter.evaluate(List.of(y), leaves::get).get(y).data();
        Harness.assertArray(expected, m.values()[0], "conv", source, true);
        if (infinite) {
            // the interpreter skips the padding, so its border outputs are ±∞ where a padded plane would
            // add 0·∞ = NaN: the bit-for-bit comparison above tells the two apart
            boolean inf = false;
            for (double v : m.values()[0]) inf |= Double.isInfinite(v);
            org.junit.jupiter.api.Assertions.assertTrue(inf, "the infinite weight reaches the outputs");
        }
    }
}
