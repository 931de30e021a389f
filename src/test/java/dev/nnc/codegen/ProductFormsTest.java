package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.GeneratedModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The forms the emitter picks for matrix products and reductions — Gemm calls, a transpose read
 * in place as the left factor, dot products, p-outer loops, sums over leading axes, views — each
 * give the interpreter's results bit for bit, in both precisions.
 */
class ProductFormsTest {
    @ParameterizedTest(name = "[{0}, {1}] and [{1}, {2}]")
    @CsvSource({"3, 4, 5", "7, 9, 1", "13, 9, 1", "200, 500, 1", "6, 40, 33", "200, 30, 128", "5, 1, 20", "1, 300, 17", "128, 200, 10",
        "200, 128, 10", "37, 20, 3", "16, 300, 15", "64, 64, 2"})
    void productsOfEveryFormAreTheInterpreters(int m, int k, int n) {
        Graph g = new Graph();
        Node a = g.input("a", Shape.of(m, k));
        Node at = g.input("at", Shape.of(k, m));
        Node b = g.input("b", n == 1 ? Shape.of(k) : Shape.of(k, n));
        Node plain = g.matmul(a, b);
        Node transposedLeft = g.matmul(g.transpose(at), b);
        Node rowSums = g.sum(transposedLeft, new int[] {0}, false);
        Node window = g.slice(a, new Attr.Window(new int[] {0, 0}, new int[] {1, 1}, new int[] {Math.max(1, m / 2), k},
                new boolean[] {true, true}));
        Plan plan = Harness.plan(List.of(), List.of(a, at, b), List.of(plain, transposedLeft, rowSums, window), List.of());
        Harness.exact(plan, 11, false).step();
        Float32Harness.check(plan, 11, false, new Float32Harness.Tolerance(1e-4, 1e-5)).step();   // float's rounding of long sums
        String source = JavaEmitter.emit(plan).toString();
        assertFalse(source.contains("at[i0 + i1"), "the transposed left factor is read in place, not copied:\n" + source);
        // (a transpose of a single row or column moves no element: it is a view, read as is)
        if (m > 1 && k > 1 && n >= LayoutEmitter.GEMM_MIN_COLS && (long) m * k * n >= LayoutEmitter.GEMM_MIN_WORK) {
            assertTrue(source.contains("Gemm.product(in_at, true"), source);
        }
        // narrow products (2 ≤ n < 16) run through the tiles: B padded, or Cᵀ = Bᵀ·A for a transposed A
        boolean narrow = n >= 2 && n < Schedule.NARROW_PADDED && m >= 16 && (long) m * k * n >= LayoutEmitter.GEMM_MIN_WORK;
        assertTrue(!narrow || source.contains("Gemm.product(in_a, false, bp"), source);
        assertTrue(!narrow || source.contains("Gemm.product(in_b, true, in_at"), source);
    }

    @ParameterizedTest(name = "inner dimension {0}, [{1}, {2}]")
    @CsvSource({"1, 200, 500", "2, 7, 33", "4, 3, 1", "1, 1, 1", "3, 1, 9"})
    void productsWithASmallInnerDimensionFuseIntoTheirConsumer(int k, int m, int n) {
        Graph g = new Graph();
        Node a = g.input("a", Shape.of(m, k));
        Node b = g.input("b", Shape.of(k, n));
        Node c = g.input("c", Shape.of(m, n));
        Node bias = g.input("bias", Shape.of(n));
        Node a2 = g.input("a2", Shape.of(m, k));
        Node h = g.unary(dev.nnc.ir.Op.RELU, g.add(g.matmul(a, b), bias));
        Node outer = g.mul(g.matmul(a2, b), c);
        Plan plan = Harness.plan(List.of(), List.of(a, a2, b, c, bias), List.of(h, outer), List.of());
        Harness.exact(plan, 12, false).step();
        Float32Harness.check(plan, 12, false, new Float32Harness.Tolerance(1e-5, 1e-6)).step();
        String source = JavaEmitter.emit(plan).toString();
        assertFalse(source.contains("Gemm") || source.contains("Arrays.fill"), "the products are inlined, not materialised:\n" + source);
    }

    @ParameterizedTest(name = "{0} summed over axes {1}: {2} side by side")
    @CsvSource(delimiter = ';', value = {
        "6, 8, 5, 7; 0, 2, 3; 8",          // a convolution's bias gradient: one kept axis in the middle
        "3, 4, 70; 2; 12",                 // every kept axis side by side, no outer loop
        "40, 3, 2, 30; 0, 3; 6",           // two kept axes between reduced ones
        "20, 5, 30, 4; 1, 2; 4",           // the last kept axis side by side, the first one a loop around
        "2, 100, 9; 1; 9",                 // 2·9 > 16: the 9 side by side, the 2 a loop
        "16, 100; 1; 16",
        "17, 100; 1; 0",                   // too many kept elements: one at a time
        "4, 2, 3, 5, 6; 0, 3, 4; 6",
        "3, 8, 20; 0, 2; 0",               // sums of 60 terms: one at a time
        // ≥ 2^17 terms and no outer loop: the sums in two halves on two threads ("4", not "8", side by side)
        "100, 8, 28, 28; 0, 2, 3; 4",      // W6's bias gradient
        "3, 4, 12000; 2; 6"})
    void sumsKeepingFewElementsRunSideBySideWithTheInterpretersBits(String dims, String axes, int sideBySide) {
        Shape shape = Shape.of(ints(dims));
        int[] reduced = ints(axes);
        Graph g = new Graph();
        Node x = g.input("x", shape);
        Plan plan = Harness.plan(List.of(), List.of(x), List.of(g.sum(x, reduced, false)), List.of());
        String source = JavaEmitter.emit(plan).toString();
        assertTrue(source.contains(sideBySide + " sums side by side") == (sideBySide > 0), source);
        int[] group = dev.nnc.interp.Indexing.reduceOffsets(shape, reduced);
        java.util.Random random = new java.util.Random(13);
        // magnitudes from 2⁻²⁰ to 2²⁰: a sum that took its terms in another order would round differently;
        // the first groups get a NaN, a +∞, a +∞ and a −∞, only −0 (summed from +0: +0)
        java.util.function.Consumer<double[]> plant = a -> {
            int[] seen = new int[4];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.scalb(a[i], random.nextInt(41) - 20);
                int k = group[i];
                if (k > 3) continue;
                if (k == 0 && seen[0]++ == 1) a[i] = Double.NaN;
                if (k == 1 && seen[1]++ == 2) a[i] = Double.POSITIVE_INFINITY;
                if (k == 2 && seen[2]++ < 2) a[i] = seen[2] == 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                if (k == 3) a[i] = -0.0;
            }
        };
        Harness.exact(plan, 14, model -> plant.accept(model.inputs()[0]));
        // float: the same order of float additions, checked against sums taken here in that order
        GeneratedModel model = Float32Harness.compile(plan);
        double[] in = model.inputs()[0];
        for (int i = 0; i < in.length; i++) in[i] = (float) (random.nextDouble() * 6 - 3);
        plant.accept(in);
        for (int i = 0; i < in.length; i++) in[i] = (float) in[i];
        model.forward();
        float[] expected = new float[model.values()[0].length];
        for (int i = 0; i < in.length; i++) expected[group[i]] += (float) in[i];
        for (int i = 0; i < expected.length; i++) {
            if (Double.compare(expected[i], model.values()[0][i]) != 0) {
                fail("float sum " + i + ": expected " + expected[i] + " but was " + model.values()[0][i] + "\n" + source);
            }
        }
    }

    private static int[] ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }
}
