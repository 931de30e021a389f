package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import dev.nnc.runtime.Float32Model;
import dev.nnc.runtime.GeneratedModel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A float class's step() runs forward, backward and update with one round of conversions between
 * its float arrays and their double mirrors: everything a caller can read afterwards (params,
 * values, gradients, optimizer state, update count) must be what the three calls leave, bit for bit.
 */
class FusedStepTest {
    static Stream<Optimizer> optimizers() {
        return Stream.of(Optimizer.sgd(0.1, 0), Optimizer.sgd(0.05, 0.9), Optimizer.adam(0.01, 0.9, 0.999, 1e-8));
    }

    /** loss = Σ relu(x @ W + b)², its gradients in W and b (b only in the backward statements' reads of g). */
    private static Plan plan(Optimizer optimizer) {
        Graph g = new Graph();
        Node w = g.param("W", Shape.of(5, 3));
        Node b = g.param("b", Shape.of(3));
        Node x = g.input("x", Shape.of(4, 5));
        Node h = g.unary(dev.nnc.ir.Op.RELU, g.add(g.matmul(x, w), b));
        Node loss = g.sumAll(g.mul(h, h));
        Node gh = g.mul(g.mul(g.scalar(2), h), g.unary(dev.nnc.ir.Op.STEP, h));
        Node gw = g.matmul(g.transpose(x), gh);
        Node gb = g.sum(gh, new int[] {0}, false);
        return Harness.plan("Fused", List.of(w, b), List.of(x), List.of(h, loss), List.of(gw, gb),
                new Plan.Update(optimizer, false, new int[] {0, 1}));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void aFloatClassStepLeavesWhatForwardBackwardAndUpdateLeave(Optimizer optimizer) {
        Plan plan = plan(optimizer);
        String source = JavaEmitter.emit(plan, Precision.FLOAT32).toString();
        assertTrue(source.contains("public void step()"), "the float class has a step of its own:\n" + source);
        GeneratedModel fused = JaninoCompiler.load(JavaEmitter.emit(plan, Precision.FLOAT32));
        GeneratedModel calls = JaninoCompiler.load(JavaEmitter.emit(plan, Precision.FLOAT32));
        Float32Harness.fill(fused, plan, 11, false);
        Float32Harness.fill(calls, plan, 11, false);
        for (int s = 0; s < 4; s++) {
            // the caller writes between steps: a new batch, and a param moved by hand
            fused.inputs()[0][s] = calls.inputs()[0][s] = 0.25 * s - 0.3;
            fused.params()[1][s % 3] = calls.params()[1][s % 3] = 0.1 * s;
            fused.step();
            calls.forward();
            calls.backward();
            calls.update();
            same("param", fused.params(), calls.params());
            same("value", fused.values(), calls.values());
            same("gradient", fused.gradients(), calls.gradients());
            same("state", fused.optimizerState(), calls.optimizerState());
            assertEquals(calls.updates(), fused.updates());
        }
    }

    /**
     * Float32Model: floatStep() on the float arrays, with the caller writing batches and params
     * into them, leaves what step() leaves with the same writes through the mirrors — the float
     * arrays hold what the mirrors hold, and widenMirrors() gives the mirrors bit for bit;
     * narrowMirrors() takes up what the caller wrote through the mirrors.
     */
    @ParameterizedTest
    @MethodSource("optimizers")
    void floatStepOnTheFloatArraysLeavesWhatStepLeaves(Optimizer optimizer) {
        Plan plan = plan(optimizer);
        GeneratedModel native_ = JaninoCompiler.load(JavaEmitter.emit(plan, Precision.FLOAT32));
        GeneratedModel mirrored = JaninoCompiler.load(JavaEmitter.emit(plan, Precision.FLOAT32));
        assertTrue(native_ instanceof Float32Model, "a float class with an update is a Float32Model");
        Float32Model f = (Float32Model) native_;
        Float32Harness.fill(native_, plan, 11, false);
        Float32Harness.fill(mirrored, plan, 11, false);
        f.narrowMirrors();
        for (int s = 0; s < 4; s++) {
            float x = (float) (0.25 * s - 0.3), b = (float) (0.1 * s);
            f.floatInputs()[0][s] = x;
            mirrored.inputs()[0][s] = x;
            f.floatParams()[1][s % 3] = b;
            mirrored.params()[1][s % 3] = b;
            f.floatStep();
            mirrored.step();
            holds("param", f.floatParams(), mirrored.params());
            holds("input", f.floatInputs(), mirrored.inputs());
            holds("value", f.floatValues(), mirrored.values());
            holds("gradient", f.floatGradients(), mirrored.gradients());
            holds("state", f.floatOptimizerState(), mirrored.optimizerState());
            assertEquals(mirrored.updates(), native_.updates());
        }
        f.widenMirrors();
        same("param", native_.params(), mirrored.params());
        same("input", native_.inputs(), mirrored.inputs());
        same("value", native_.values(), mirrored.values());
        same("gradient", native_.gradients(), mirrored.gradients());
        same("state", native_.optimizerState(), mirrored.optimizerState());
        // a write through the mirrors, taken up by narrowMirrors
        native_.params()[0][2] = mirrored.params()[0][2] = 0.75;
        native_.inputs()[0][1] = mirrored.inputs()[0][1] = -1.5;
        f.narrowMirrors();
        f.floatStep();
        mirrored.step();
        f.widenMirrors();
        same("param", native_.params(), mirrored.params());
        same("value", native_.values(), mirrored.values());
        same("state", native_.optimizerState(), mirrored.optimizerState());
    }

    @org.junit.jupiter.api.Test
    void onlyFloatClassesWithAnUpdateAreFloat32Models() {
        Plan trained = plan(Optimizer.sgd(0.1, 0));
        assertTrue(!(JaninoCompiler.load(JavaEmitter.emit(trained, Precision.FLOAT64)) instanceof Float32Model));
        Graph g = new Graph();
        Node w = g.param("w", Shape.of(3));
        Plan untrained = Harness.plan(List.of(w), List.of(), List.of(g.sumAll(w)), List.of(g.fill(Shape.of(3), 1)));
        assertTrue(!(JaninoCompiler.load(JavaEmitter.emit(untrained, Precision.FLOAT32)) instanceof Float32Model));
    }

    /** Each float array holds exactly what its mirror holds. */
    private static void holds(String what, float[][] floats, double[][] mirrors) {
        assertEquals(mirrors.length, floats.length, what + "s");
        for (int i = 0; i < floats.length; i++) {
            assertEquals(mirrors[i].length, floats[i].length, what + " " + i);
            for (int j = 0; j < floats[i].length; j++) {
                assertEquals(mirrors[i][j], (double) floats[i][j], 0.0, what + " " + i + "[" + j + "]");
            }
        }
    }

    /**
     * Long conversions and flat elementwise loops (≥ 2^17 elements) are shared by two threads:
     * the float class still follows the interpreter, and the double class matches it to the bit.
     */
    @org.junit.jupiter.api.Test
    void longConversionsAndFlatLoopsSharedByTwoThreadsComputeEveryElement() {
        Graph g = new Graph();
        Node x = g.input("x", Shape.of(1024, 160));
        Node w = g.param("w", Shape.of(160, 3));
        Node scaled = g.div(x, g.scalar(255));
        Node loss = g.sumAll(g.matmul(scaled, w));
        Plan plan = Harness.plan("Shared", List.of(w), List.of(x), List.of(scaled, loss), List.of(g.matmul(g.transpose(scaled), g.fill(Shape.of(1024, 3), 1))),
                new Plan.Update(Optimizer.sgd(0.1, 0), false, new int[] {0}));
        for (Precision p : Precision.values()) {
            String source = JavaEmitter.emit(plan, p).toString();
            long shared = java.util.regex.Pattern.compile("Parts\\.Shared\\.run\\(this, \\d+, 163840\\);").matcher(source).results().count();
            // the flat x / 255; in float also x narrowed and x / 255 widened, in forward() and in step(),
            // and x narrowed by narrowMirrors(), x and x / 255 widened by widenMirrors()
            assertEquals(p == Precision.FLOAT32 ? 8 : 1, shared, source);
        }
        Harness.exact(plan, 5, false).step();
        Float32Harness.check(plan, 5, false, Float32Harness.Tolerance.FLOAT).step();
    }

    private static void same(String what, double[][] a, double[][] b) {
        assertEquals(b.length, a.length, what + "s");
        for (int i = 0; i < a.length; i++) assertArrayEquals(b[i], a[i], 0.0, what + " " + i);
    }
}
