package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.palantir.javapoet.JavaFile;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Node;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Compiles plans in float32 and checks them against the float64 interpreter. Leaves are filled
 * with float-representable values, so both sides start from the same numbers and every
 * difference is the float class's own rounding; each expected value is rounded to float before
 * the comparison (so a double beyond float's range is expected as an infinity).
 */
final class Float32Harness {
    /** |actual − expected| ≤ abs + rel·|expected|; both zero means bit for bit. */
    record Tolerance(double rel, double abs) {
        static final Tolerance EXACT = new Tolerance(0, 0);
        /** The float tolerance of the per-op tests. */
        static final Tolerance FLOAT = new Tolerance(1e-5, 1e-6);

        boolean accepts(double expected, double actual) {
            double e = (float) expected;
            if (Double.compare(e, actual) == 0) return true;
            if (rel == 0 && abs == 0) return false;
            if (e == actual) return true;
            if (Double.isNaN(e) || Double.isNaN(actual) || Double.isInfinite(e) || Double.isInfinite(actual)) return false;
            return Math.abs(e - actual) <= abs + rel * Math.abs(e);
        }
    }

    private Float32Harness() {}

    static GeneratedModel compile(Plan plan) {
        return JaninoCompiler.load(JavaEmitter.emit(plan, Precision.FLOAT32));
    }

    /** As {@link Harness#fill}, every value rounded to float. */
    static Map<Node, Tensor> fill(GeneratedModel model, Plan plan, long seed, boolean positive) {
        Random random = new Random(seed);
        Map<Node, Tensor> leaves = new IdentityHashMap<>();
        for (int k = 0; k < 2; k++) {
            List<Node> nodes = k == 0 ? plan.params() : plan.inputs();
            double[][] arrays = k == 0 ? model.params() : model.inputs();
            for (int i = 0; i < nodes.size(); i++) {
                double[] a = arrays[i];
                for (int j = 0; j < a.length; j++) {
                    double v = positive ? 0.25 + 2 * random.nextDouble() : Math.round((random.nextDouble() * 6 - 3) * 1000) / 1000.0;
                    a[j] = (float) v;
                }
                leaves.put(nodes.get(i), new Tensor(nodes.get(i).shape(), a.clone()));
            }
        }
        return leaves;
    }

    /** Compiles in float32, fills, runs forward and backward, and compares every value and gradient. */
    static GeneratedModel check(Plan plan, long seed, boolean positive, Tolerance tolerance) {
        JavaFile file = JavaEmitter.emit(plan, Precision.FLOAT32);
        String source = file.toString();
        Harness.assertNoAllocationInMethods(source);
        GeneratedModel model = JaninoCompiler.load(file);
        Map<Node, Tensor> leaves = fill(model, plan, seed, positive);
        model.forward();
        model.backward();
        Map<Node, Tensor> expected = Interpreter.evaluate(roots(plan), leaves::get);
        for (int i = 0; i < plan.values().size(); i++) {
            assertArray(expected.get(plan.values().get(i).node()).data(), model.values()[i], "value " + i, source, tolerance);
        }
        for (int i = 0; i < plan.gradients().size(); i++) {
            assertArray(expected.get(plan.gradients().get(i).node()).data(), model.gradients()[i], "gradient " + i, source,
                    tolerance);
        }
        return model;
    }

    /**
     * Compiles in float32, fills, runs forward and backward, and judges every value and gradient
     * with a {@link Float32Oracle}: for random graphs, whose conditioning no fixed tolerance fits.
     */
    static GeneratedModel checkWithOracle(Plan plan, long seed) {
        String source = JavaEmitter.emit(plan, Precision.FLOAT32).toString();
        Harness.assertNoAllocationInMethods(source);
        Float32Test.assertFloatOnly(source);
        GeneratedModel model = compile(plan);
        Map<Node, Tensor> leaves = fill(model, plan, seed, true);
        model.forward();
        model.backward();
        Float32Oracle oracle = new Float32Oracle(roots(plan), leaves::get, seed);
        for (int k = 0; k < plan.values().size() + plan.gradients().size(); k++) {
            boolean value = k < plan.values().size();
            Node root = value ? plan.values().get(k).node() : plan.gradients().get(k - plan.values().size()).node();
            double[] actual = value ? model.values()[k] : model.gradients()[k - plan.values().size()];
            for (int i = 0; i < actual.length; i++) {
                String verdict = oracle.judge(root, i, actual[i]);
                if (verdict != null) fail((value ? "value " : "gradient ") + k + "[" + i + "]: " + verdict + "\n" + source);
            }
        }
        return model;
    }

    static List<Node> roots(Plan plan) {
        List<Node> roots = new ArrayList<>();
        for (Plan.Named v : plan.values()) roots.add(v.node());
        for (Plan.Named g : plan.gradients()) roots.add(g.node());
        return roots;
    }

    static void assertArray(double[] expected, double[] actual, String what, String source, Tolerance tolerance) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (!tolerance.accepts(expected[i], actual[i])) {
                fail(what + "[" + i + "]: expected " + (float) expected[i] + " (" + expected[i] + ") but was " + actual[i]
                        + " within " + tolerance + "\n" + source);
            }
        }
    }
}
