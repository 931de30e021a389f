package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.GeneratedModel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * update() of the float32 class: within 1e-5 of the float64 class over many steps, PyTorch's
 * float32 operation order bit for bit, and the double arrays authoritative between calls.
 * The model is {@link UpdateTest}'s: loss = Σ w²·x, gradient 2·w·x, w = [1, −2], x = [0.5, 3].
 */
class Float32UpdateTest {
    private static GeneratedModel model(Optimizer optimizer, boolean maximize, Precision precision) {
        Graph g = new Graph();
        Node w = g.param("w", Shape.of(2));
        Node x = g.input("x", Shape.of(2));
        Node loss = g.sumAll(g.mul(g.mul(w, w), x));
        Node grad = g.mul(g.mul(g.scalar(2), w), x);
        Plan plan = Harness.plan("Trained", List.of(w), List.of(x), List.of(loss), List.of(grad),
                new Plan.Update(optimizer, maximize, new int[] {0}));
        GeneratedModel m = JaninoCompiler.load(JavaEmitter.emit(plan, precision));
        m.params()[0][0] = 1;
        m.params()[0][1] = -2;
        m.inputs()[0][0] = 0.5;
        m.inputs()[0][1] = 3;
        return m;
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of(Optimizer.sgd(0.1, 0), false),
                Arguments.of(Optimizer.sgd(0.1, 0), true),
                Arguments.of(Optimizer.sgd(0.05, 0.9), false),
                Arguments.of(Optimizer.adam(0.1, 0.9, 0.999, 1e-8), false),
                Arguments.of(Optimizer.adam(0.1, 0.9, 0.999, 1e-8), true),
                Arguments.of(Optimizer.adam(0.01, 0.8, 0.99, 1e-6), false),
                Arguments.of(Optimizer.adam(0.003, 0.3, 0.5, 1e-8), false));   // lerp weight 0.7: the other branch
    }

    /** Relative 1e-5, absolute 1e-6: the momentum buffer is a small difference of large terms late in the run. */
    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-5 * Math.abs(expected[i]) + 1e-6;
            assertEquals(expected[i], actual[i], tolerance, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void float32FollowsFloat64Within1e5(Optimizer optimizer, boolean maximize) {
        GeneratedModel f64 = model(optimizer, maximize, Precision.FLOAT64);
        GeneratedModel f32 = model(optimizer, maximize, Precision.FLOAT32);
        for (int step = 1; step <= 20; step++) {
            f64.step();
            f32.step();
            assertClose(f64.values()[0], f32.values()[0], "loss, step " + step);
            assertClose(f64.gradients()[0], f32.gradients()[0], "gradient, step " + step);
            assertClose(f64.params()[0], f32.params()[0], "w, step " + step);
            for (int s = 0; s < f64.optimizerState().length; s++) {
                assertClose(f64.optimizerState()[s], f32.optimizerState()[s], "state " + s + ", step " + step);
            }
            assertEquals(f64.updates(), f32.updates());
        }
    }

    /**
     * PyTorch's _single_tensor_sgd and _single_tensor_adam on float32 tensors, replayed in Java
     * floats with ATen's scalar formulas (as {@link UpdateTest} does in double): bias corrections
     * in double (Python floats), every scalar rounded to float where it meets a tensor. ATen's
     * vectorised CPU kernels may fuse a multiply-add, so real PyTorch can differ in the last ulp.
     */
    @ParameterizedTest
    @MethodSource("optimizers")
    void float32FollowsPyTorchsFloat32OperationOrderExactly(Optimizer o, boolean maximize) {
        GeneratedModel model = model(o, maximize, Precision.FLOAT32);
        float[] w = {1, -2}, x = {0.5f, 3}, m = new float[2], v = new float[2];
        for (int t = 1; t <= 8; t++) {
            model.step();
            double bc1 = 1 - Math.pow(o.beta1(), t), bc2 = 1 - Math.pow(o.beta2(), t);
            float stepSizeNeg = (float) -(o.lr() / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
            float weight = (float) (1 - o.beta1());
            for (int i = 0; i < 2; i++) {
                float g = 2 * w[i] * x[i];
                if (maximize) g = -g;
                if (o.kind() == Optimizer.Kind.SGD) {
                    if (o.momentum() != 0) {
                        m[i] = t == 1 ? g : (float) o.momentum() * m[i] + g;   // buf.mul_(momentum).add_(grad)
                        g = m[i];
                    }
                    w[i] = w[i] - (float) o.lr() * g;                          // param.add_(grad, alpha=-lr)
                    continue;
                }
                m[i] = Math.abs(weight) < 0.5 ? m[i] + weight * (g - m[i]) : g - (g - m[i]) * (1 - weight);   // lerp_
                v[i] = v[i] * (float) o.beta2() + (float) (1 - o.beta2()) * g * g;                          // mul_, addcmul_
                float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + (float) o.eps();                        // sqrt / bc2_sqrt + eps
                w[i] = w[i] + stepSizeNeg * m[i] / denom;                                                   // addcdiv_
            }
            assertArrayEquals(new double[] {w[0], w[1]}, model.params()[0], "step " + t);
        }
    }

    /** What the caller writes between any two calls is what the next call reads, in both precisions alike. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void writesBetweenCallsAreHonoured(Precision precision) {
        GeneratedModel m = model(Optimizer.sgd(0.5, 0), false, precision);
        m.forward();
        assertEquals(12.5, m.values()[0][0]);                  // 1·0.5 + 4·3
        m.inputs()[0][0] = 1;
        m.inputs()[0][1] = 1;
        m.backward();
        assertArrayEquals(new double[] {2, -4}, m.gradients()[0]);   // 2·w·x with the new x
        m.params()[0][0] = 4;
        m.params()[0][1] = 8;
        m.gradients()[0][0] = 1;                               // as a caller clipping gradients would
        m.gradients()[0][1] = 2;
        m.update();
        assertArrayEquals(new double[] {3.5, 7}, m.params()[0]);
    }

    /** A trainer moves params and optimizer state between models by writing them; the next step reads them. */
    @Test
    void paramsAndStateWrittenBetweenStepsAreHonoured() {
        Optimizer adam = Optimizer.adam(0.05, 0.9, 0.999, 1e-8);
        GeneratedModel a = model(adam, false, Precision.FLOAT32);
        for (int i = 0; i < 3; i++) a.step();
        double[] before = a.params()[0].clone();
        a.params()[0][0] = 0.3;
        a.params()[0][1] = -0.7;

        GeneratedModel b = model(adam, false, Precision.FLOAT32);
        b.params()[0][0] = 0.3;
        b.params()[0][1] = -0.7;
        for (int s = 0; s < 2; s++) System.arraycopy(a.optimizerState()[s], 0, b.optimizerState()[s], 0, 2);
        b.updates(a.updates());

        a.step();
        b.step();
        assertArrayEquals(a.params()[0], b.params()[0]);
        assertArrayEquals(a.optimizerState()[0], b.optimizerState()[0]);
        assertArrayEquals(a.optimizerState()[1], b.optimizerState()[1]);
        assertTrue(Math.abs(a.params()[0][0] - 0.3) < 0.06 && Math.abs(a.params()[0][0] - before[0]) > 0.3, "the write was used");

        // resetting the state to zeros makes the next step Adam's first step again, from the written params
        GeneratedModel fresh = model(adam, false, Precision.FLOAT32);
        for (double[] s : a.optimizerState()) Arrays.fill(s, 0);
        a.updates(0);
        System.arraycopy(a.params()[0], 0, fresh.params()[0], 0, 2);
        a.step();
        fresh.step();
        assertArrayEquals(fresh.params()[0], a.params()[0]);
    }
}
