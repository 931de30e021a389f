package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
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
            // the flat x / 255; in float also x narrowed and x / 255 widened, in forward() and in step()
            assertEquals(p == Precision.FLOAT32 ? 5 : 1, shared, source);
        }
        Harness.exact(plan, 5, false).step();
        Float32Harness.check(plan, 5, false, Float32Harness.Tolerance.FLOAT).step();
    }

    private static void same(String what, double[][] a, double[][] b) {
        assertEquals(b.length, a.length, what + "s");
        for (int i = 0; i < a.length; i++) assertArrayEquals(b[i], a[i], 0.0, what + " " + i);
    }
}
