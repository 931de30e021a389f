package dev.nnc.codegen;

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
