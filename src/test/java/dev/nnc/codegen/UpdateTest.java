package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.GeneratedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * update() against values worked out by hand (for Adam: in 50-digit decimal arithmetic) on
 * loss = Σ w²·x, whose gradient is 2·w·x; w = [1, −2], x = [0.5, 3].
 */
class UpdateTest {
    private static GeneratedModel model(Optimizer optimizer, boolean maximize) {
        Graph g = new Graph();
        Node w = g.param("w", Shape.of(2));
        Node x = g.input("x", Shape.of(2));
        Node loss = g.sumAll(g.mul(g.mul(w, w), x));
        Node grad = g.mul(g.mul(g.scalar(2), w), x);
        Plan plan = Harness.plan("Trained", List.of(w), List.of(x), List.of(loss), List.of(grad),
                new Plan.Update(optimizer, maximize, new int[] {0}));
        GeneratedModel m = Harness.compile(plan);
        m.params()[0][0] = 1;
        m.params()[0][1] = -2;
        m.inputs()[0][0] = 0.5;
        m.inputs()[0][1] = 3;
        return m;
    }

    private static void assertParams(double[] expected, GeneratedModel m) {
        double[] w = m.params()[0];
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], w[i], 1e-12 * Math.abs(expected[i]), "w[" + i + "]");
    }

    @Test
    void sgdWithoutMomentum() {
        GeneratedModel m = model(Optimizer.sgd(0.1, 0), false);
        m.step();   // g = [1, -12]
        assertArrayEquals(new double[] {1, -12}, m.gradients()[0]);
        assertParams(new double[] {0.9, -0.8}, m);
        m.step();   // g = [0.9, -4.8]
        assertParams(new double[] {0.81, -0.32}, m);
    }

    @Test
    void sgdWithMomentum() {
        GeneratedModel m = model(Optimizer.sgd(0.1, 0.9), false);
        m.step();   // v = g = [1, -12]
        assertParams(new double[] {0.9, -0.8}, m);
        m.step();   // g = [0.9, -4.8], v = 0.9·[1, -12] + g = [1.8, -15.6]
        assertParams(new double[] {0.72, 0.76}, m);
    }

    @Test
    void sgdMaximize() {
        GeneratedModel m = model(Optimizer.sgd(0.1, 0), true);
        m.step();
        assertParams(new double[] {1.1, -3.2}, m);
    }

    @Test
    void adamTwoSteps() {
        GeneratedModel m = model(Optimizer.adam(0.1, 0.9, 0.999, 1e-8), false);
        m.step();   // m̂ = g, v̂ = g²: w −= 0.1·g/(|g| + 1e-8)
        assertParams(new double[] {0.90000000099999999000, -1.9000000000833333332}, m);
        m.step();
        assertParams(new double[] {0.80041222971233739110, -1.8001664857787726295}, m);
    }

    @Test
    void adamMaximize() {
        GeneratedModel m = model(Optimizer.adam(0.1, 0.9, 0.999, 1e-8), true);
        m.step();
        assertParams(new double[] {1.09999999900000000999, -2.0999999999166666667}, m);
    }

    /** PyTorch's operation order, replayed in plain Java: the generated code must agree to the bit. */
    @Test
    void adamFollowsPyTorchsOperationOrderExactly() {
        GeneratedModel model = model(Optimizer.adam(0.01, 0.8, 0.99, 1e-6), false);
        double[] w = {1, -2}, x = {0.5, 3}, m = new double[2], v = new double[2];
        for (int t = 1; t <= 5; t++) {
            model.step();
            double bc1 = 1 - Math.pow(0.8, t), bc2 = 1 - Math.pow(0.99, t);
            double stepSize = 0.01 / bc1, bc2Sqrt = Math.sqrt(bc2);
            for (int i = 0; i < 2; i++) {
                double g = 2 * w[i] * x[i];
                m[i] = m[i] + (1 - 0.8) * (g - m[i]);                 // lerp, weight 0.2 < 0.5
                v[i] = v[i] * 0.99 + (1 - 0.99) * g * g;               // mul_ then addcmul_
                double denom = Math.sqrt(v[i]) / bc2Sqrt + 1e-6;       // (sqrt(v) / sqrt(bc2)).add_(eps)
                w[i] = w[i] + -stepSize * m[i] / denom;                // addcdiv_(m, denom, value=-step_size)
            }
            assertArrayEquals(w, model.params()[0], "step " + t);
        }
    }

    /**
     * A param of at least 2^16 elements is updated by two threads (LoopParts.sharesUpdate): every
     * element must still take each optimizer's update. Its elements repeat the pattern of
     * {@link #model}'s w and x, so after three steps each must equal the two-element class's, bit
     * for bit, in both precisions (an element a split skipped would keep its initial value).
     */
    @Test
    void longParamsAreUpdatedByTwoThreadsEveryElement() {
        int n = 76_802;
        for (Optimizer o : List.of(Optimizer.sgd(0.1, 0), Optimizer.sgd(0.1, 0.9), Optimizer.adam(0.1, 0.9, 0.999, 1e-8))) {
            for (Precision precision : Precision.values()) {
                Graph g = new Graph();
                Node w = g.param("w", Shape.of(n));
                Node x = g.input("x", Shape.of(n));
                Node loss = g.sumAll(g.mul(g.mul(w, w), x));
                Node grad = g.mul(g.mul(g.scalar(2), w), x);
                Plan plan = Harness.plan("Long", List.of(w), List.of(x), List.of(loss), List.of(grad),
                        new Plan.Update(o, false, new int[] {0}));
                String source = JavaEmitter.emit(plan, precision).toString();
                org.junit.jupiter.api.Assertions.assertTrue(source.contains("Parts.Shared.run(this, 0, " + n + ")"), source);
                GeneratedModel big = JaninoCompiler.load(JavaEmitter.emit(plan, precision));
                GeneratedModel small = precision == Precision.FLOAT32 ? floatModel(o) : model(o, false);
                for (int i = 0; i < n; i++) {
                    big.params()[0][i] = small.params()[0][i % 2];
                    big.inputs()[0][i] = small.inputs()[0][i % 2];
                }
                for (int t = 0; t < 3; t++) {
                    big.step();
                    small.step();
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(small.params()[0][i % 2], big.params()[0][i], 0.0, o + " " + precision + ": w[" + i + "]");
                }
            }
        }
    }

    private static GeneratedModel floatModel(Optimizer optimizer) {
        Graph g = new Graph();
        Node w = g.param("w", Shape.of(2));
        Node x = g.input("x", Shape.of(2));
        Node loss = g.sumAll(g.mul(g.mul(w, w), x));
        Node grad = g.mul(g.mul(g.scalar(2), w), x);
        GeneratedModel m = JaninoCompiler.load(JavaEmitter.emit(Harness.plan("Trained", List.of(w), List.of(x), List.of(loss),
                List.of(grad), new Plan.Update(optimizer, false, new int[] {0})), Precision.FLOAT32));
        m.params()[0][0] = 1;
        m.params()[0][1] = -2;
        m.inputs()[0][0] = 0.5;
        m.inputs()[0][1] = 3;
        return m;
    }

    @Test
    void gradientThatIsAnotherParamIsCopiedBeforeTheUpdate() {
        Graph g = new Graph();
        Node a = g.param("a", Shape.of(2));
        Node b = g.param("b", Shape.of(2));
        Node loss = g.sumAll(g.mul(a, b));
        Plan plan = Harness.plan("Swap", List.of(a, b), List.of(), List.of(loss), List.of(b, a),
                new Plan.Update(Optimizer.sgd(0.5, 0), false, new int[] {0, 1}));
        GeneratedModel m = Harness.compile(plan);
        m.params()[0][0] = 1; m.params()[0][1] = 2;
        m.params()[1][0] = 3; m.params()[1][1] = 4;
        m.step();
        assertArrayEquals(new double[] {1 - 1.5, 2 - 2}, m.params()[0]);
        assertArrayEquals(new double[] {3 - 0.5, 4 - 1}, m.params()[1]);
    }

    @Test
    void withoutOptimizerUpdateChangesNothing() {
        Graph g = new Graph();
        Node w = g.param("w", Shape.of(2));
        Plan plan = Harness.plan(List.of(w), List.of(), List.of(g.sumAll(w)), List.of(g.fill(Shape.of(2), 1)));
        GeneratedModel m = Harness.compile(plan);
        m.params()[0][0] = 3;
        m.step();
        assertArrayEquals(new double[] {3, 0}, m.params()[0]);
    }
}
