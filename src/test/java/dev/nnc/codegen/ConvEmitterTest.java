package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The backward weight gradient reads x as the forward convolution zero-padded it (no second
     * padding): with an infinite weight the forward pass takes its taps-outer form, and the padding
     * must still be there for the gradient's lanes, which see only finite x and g.
     */
    @ParameterizedTest(name = "weights {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"finite", "infinite"})
    void theWeightGradientReadsTheForwardPassesPaddedInput(String weights) {
        Attr.Window2d a = new Attr.Window2d(3, 3, 1, 1, 1, 1, 1, 1);
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(3, 1, 9, 8));
        Node w = g.param("w", Shape.of(8, 1, 3, 3));
        Node y = g.conv2d(x, w, a);
        Node gy = g.input("gy", y.shape());
        Plan plan = Harness.plan(List.of(w), List.of(x, gy), List.of(y), List.of(g.conv2dBackWeight(x, gy, a, w.shape())));
        String source = JavaEmitter.emit(plan).toString();
        assertEquals(1, source.split("ConvPlanes\\.pad\\(", -1).length - 1, "one padding:\n" + source);
        assertTrue(source.contains("x as the forward pass's convolution padded it"), source);
        Harness.exact(plan, 17, model -> {
            if (weights.equals("infinite")) model.params()[0][4] = Double.POSITIVE_INFINITY;
        });
        Float32Harness.check(plan, 17, false, new Float32Harness.Tolerance(1e-4, 1e-5)).step();
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
     * W6's layer at a size where its loops are shared by two threads (LoopParts: the convolution
     * over images, bias + relu over images, the forward pool over planes with its lanes' scratch in
     * two halves, the folded max-pool adjoint over planes): every element
     * is still computed by one thread with the same operations, so the results are the
     * interpreter's to the bit; NaN, ±0 and ±∞ sprinkled in as for the other forms.
     */
    @org.junit.jupiter.api.Test
    void loopsSharedByTwoThreadsAreTheInterpretersToTheBit() {
        Attr.Window2d conv = new Attr.Window2d(3, 3, 1, 1, 1, 1, 1, 1), pool = new Attr.Window2d(2, 2, 2, 2, 0, 0, 1, 1);
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(24, 1, 56, 56));
        Node k = g.param("k", Shape.of(8, 1, 3, 3));
        Node bias = g.param("bias", Shape.of(1, 8, 1, 1));
        Node r = g.unary(dev.nnc.ir.Op.RELU, g.add(g.conv2d(x, k, conv), bias));
        Node y = g.pool(dev.nnc.ir.Op.MAXPOOL, r, pool);
        Node gy = g.input("gy", y.shape());
        Node dr = g.mul(g.maxpoolBack(r, gy, pool), g.unary(dev.nnc.ir.Op.STEP, r));
        Plan plan = Harness.plan(List.of(k, bias), List.of(x, gy), List.of(y), List.of(dr));
        String source = JavaEmitter.emit(plan).toString();
        assertEquals(4, java.util.regex.Pattern.compile("Parts\\.Shared\\.run\\(this, \\d+, \\d+\\);").matcher(source).results().count(),
                "four shared loops:\n" + source);
        assertTrue(source.contains("int half = lo == 0 ? 0 : "), "the pool's lanes in per-thread halves:\n" + source);
        assertTrue(dev.nnc.runtime.Gemm.vectorised() && Runtime.getRuntime().availableProcessors() > 1, "two threads to share with");
        for (int seed = 21; seed < 24; seed++) {
            agreesWithTheInterpreter(plan, Precision.FLOAT64, seed, true);
            // float32 convolution sums round at every term: within float tolerance of the double interpreter
            Float32Harness.check(plan, seed, false, new Float32Harness.Tolerance(1e-4, 1e-5)).step();
        }
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

    @ParameterizedTest(name = "written-out taps: {0} channels, width {1}, padding {2}, dilation {3}, inf weight {4}")
    @CsvSource({
        "1, 28, 1, 1, false",   // W6's rows: 28 = three vectors of 8 and one overlapping the third
        "1, 16, 1, 1, false",   // exactly one or two whole vectors
        "3, 21, 1, 1, false",   // 27 taps, the most written out
        "2, 23, 2, 2, false",
        "1, 30, 0, 1, false",   // no padding
        "1, 28, 1, 1, true",    // ∞ weight: the interpreter's nest instead
        "4, 28, 1, 1, false"})  // 36 taps: the plane kernel
    void strideOneConvolutionsWithTheirTapsWrittenOutAreTheInterpretersToTheBit(int channels, int width, int pad, int dil, boolean infinite) {
        Attr.Window2d a = new Attr.Window2d(3, 3, 1, 1, pad, pad, dil, dil);
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(2, channels, 5, width));
        Node w = g.param("w", Shape.of(3, channels, 3, 3));
        Node y = g.conv2d(x, w, a);
        Plan plan = Harness.plan(List.of(w), List.of(x), List.of(y), List.of());
        String source = JavaEmitter.emit(plan).toString();
        boolean written = channels * 9 <= Schedule.MAX_UNROLLED_TAPS;
        org.junit.jupiter.api.Assertions.assertEquals(written, source.contains("taps written out"), source);
        org.junit.jupiter.api.Assertions.assertEquals(!written, source.contains("ConvPlanes.plane("), source);
        dev.nnc.runtime.GeneratedModel m = JaninoCompiler.load(JavaEmitter.emit(plan));
        Harness.fill(m, plan, 7, false);
        if (infinite) m.params()[0][4] = Double.NEGATIVE_INFINITY;
        m.inputs()[0][3] = -0.0;
        java.util.Map<Node, dev.nnc.interp.Tensor> leaves = java.util.Map.of(
                w, new dev.nnc.interp.Tensor(w.shape(), m.params()[0].clone()), x, new dev.nnc.interp.Tensor(x.shape(), m.inputs()[0].clone()));
        m.forward();
        double[] expected = dev.nnc.interp.Interpreter.evaluate(List.of(y), leaves::get).get(y).data();
        Harness.assertArray(expected, m.values()[0], "conv", source, true);
        Float32Harness.check(plan, 7, false, new Float32Harness.Tolerance(1e-4, 1e-5)).step();
    }

    @ParameterizedTest(name = "kernel {0}×{1} stride {2},{3} padding {4},{5} dilation {6},{7}, {8} → {9} channels, {10}, {11} images")
    @CsvSource({
        "3, 3, 1, 1, 1, 1, 1, 1, 1, 8, finite, 3",      // W6's shape, scaled down
        "3, 3, 1, 1, 1, 1, 1, 1, 1, 8, infinite, 3",    // ∞ in g beside the padding: 0·∞ would be NaN, the tested form runs
        "3, 3, 1, 1, 1, 1, 1, 1, 2, 8, nan, 3",
        "3, 3, 1, 1, 1, 1, 1, 1, 2, 9, zeros, 3",       // −0 in x and g: sums from +0 stay +0
        "3, 2, 2, 1, 1, 0, 1, 1, 3, 11, finite, 3",     // a last block of lanes only partly used
        "2, 3, 1, 2, 2, 1, 2, 1, 2, 20, finite, 3",     // copied channels-last in a loop of eights
        "3, 3, 2, 2, 0, 0, 2, 2, 3, 10, infinite, 3",   // no padding: ∞ reaches the sums as in the interpreter
        "4, 4, 1, 1, 2, 2, 1, 1, 1, 16, finite, 3",
        "3, 3, 1, 1, 2, 2, 2, 2, 2, 12, infinite, 3",
        "3, 3, 1, 1, 3, 3, 1, 1, 1, 8, finite, 3",    // padding wider than the kernel reaches
        // enough images for the two threads (LoopParts): taps in two groups, the second group's sums apart
        "3, 3, 1, 1, 1, 1, 1, 1, 2, 8, finite, 40",
        "3, 2, 2, 1, 1, 0, 1, 1, 3, 11, finite, 80",
        "3, 3, 1, 1, 1, 1, 1, 1, 1, 8, infinite, 40"})
    void weightGradientsInLanesAcrossOutputChannelsAreTheInterpretersToTheBit(int kh, int kw, int sh, int sw, int ph, int pw,
                                                                            int dh, int dw, int c, int o, String values, int images) {
        Attr.Window2d a = new Attr.Window2d(kh, kw, sh, sw, ph, pw, dh, dw);
        Graph g = new Graph();
        Shape xs = Shape.of(images, c, 9, 8), ws = Shape.of(o, c, kh, kw);
        Node x = g.input("x", xs);
        Node gy = g.input("gy", g.conv2d(x, g.param("w", ws), a).shape());
        Node dw2 = g.conv2dBackWeight(x, gy, a, ws);
        Plan plan = Harness.plan(List.of(), List.of(x, gy), List.of(dw2), List.of());
        String source = JavaEmitter.emit(plan).toString();
        org.junit.jupiter.api.Assertions.assertTrue(source.contains("lanes across output channels"), "lanes:\n" + source);
        org.junit.jupiter.api.Assertions.assertEquals(images > 3, source.contains("for (int group = lo; group < hi; group++)"),
                "taps shared by two threads:\n" + source);
        Shape ys = gy.shape();
        java.util.function.Consumer<double[][]> plant = in -> {
            // magnitudes from 2⁻²⁰ to 2²⁰, so that a sum taking its terms in another order rounds differently
            java.util.Random random = new java.util.Random(kh * 31 + o);
            for (double[] v : in) for (int i = 0; i < v.length; i++) v[i] = Math.scalb(v[i], random.nextInt(41) - 20);
            switch (values) {
                case "infinite" -> in[1][ys.dim(2) * ys.dim(3) + 1] = Double.POSITIVE_INFINITY;   // image 0, channel 1, row 0
                case "nan" -> in[0][xs.dim(3) + 2] = Double.NaN;
                case "zeros" -> {
                    for (int i = 0; i < in[0].length; i += 3) in[0][i] = -0.0;
                    for (int i = 0; i < xs.dim(2) * xs.dim(3); i++) in[0][i] = -0.0;                   // a whole plane of −0
                    for (int i = 0; i < in[1].length; i += 5) in[1][i] = -0.0;
                }
                default -> { }
            }
        };
        double[] grad = Harness.exact(plan, 15, model -> plant.accept(model.inputs())).values()[0];
        if (values.equals("infinite")) {
            boolean infinite = false;
            for (double v : grad) infinite |= Double.isInfinite(v);
            org.junit.jupiter.api.Assertions.assertTrue(infinite, "the infinity reaches the weight gradient");
        }
        // float: each lane takes float products and sums in the interpreter's order, as computed here
        dev.nnc.runtime.GeneratedModel m = Float32Harness.compile(plan);
        java.util.Random random = new java.util.Random(16);
        for (double[] v : m.inputs()) for (int i = 0; i < v.length; i++) v[i] = Math.round((random.nextDouble() * 6 - 3) * 1000) / 1000.0;
        plant.accept(m.inputs());
        for (double[] v : m.inputs()) for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
        m.forward();
        float[] expected = floatWeightGradient(m.inputs()[0], xs, m.inputs()[1], ys, a, o);
        for (int i = 0; i < expected.length; i++) {
            if (Double.compare(expected[i], m.values()[0][i]) != 0) {
                org.junit.jupiter.api.Assertions.fail("float dw[" + i + "]: expected " + expected[i] + " but was " + m.values()[0][i]);
            }
        }
    }

    /** The interpreter's weight gradient loop nest in float arithmetic. */
    private static float[] floatWeightGradient(double[] x, Shape xs, double[] y, Shape ys, Attr.Window2d a, int o) {
        int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), ho = ys.dim(2), wo = ys.dim(3);
        float[] w = new float[o * c * a.kh() * a.kw()];
        for (int b = 0; b < n; b++)
            for (int f = 0; f < o; f++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++) {
                        float gv = (float) y[((b * o + f) * ho + i) * wo + j];
                        for (int ch = 0; ch < c; ch++)
                            for (int k = 0; k < a.kh(); k++) {
                                int r = i * a.sh() - a.ph() + k * a.dh();
                                if (r < 0 || r >= h) continue;
                                for (int l = 0; l < a.kw(); l++) {
                                    int q = j * a.sw() - a.pw() + l * a.dw();
                                    if (q < 0 || q >= wd) continue;
                                    w[((f * c + ch) * a.kh() + k) * a.kw() + l] += (float) x[((b * c + ch) * h + r) * wd + q] * gv;
                                }
                            }
                    }
        return w;
    }
}
