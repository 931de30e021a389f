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

/** Builds plans over hand-made graphs, compiles them and checks them against the interpreter. */
final class Harness {
    private Harness() {}

    static Plan plan(List<Node> params, List<Node> inputs, List<Node> values, List<Node> gradients) {
        return plan("Model", params, inputs, values, gradients, null);
    }

    static Plan plan(String name, List<Node> params, List<Node> inputs, List<Node> values, List<Node> gradients,
                     Plan.Update update) {
        List<Plan.Named> v = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) v.add(new Plan.Named("value" + i, values.get(i)));
        List<Plan.Named> g = new ArrayList<>();
        for (int i = 0; i < gradients.size(); i++) g.add(new Plan.Named("grad" + i, gradients.get(i)));
        return new Plan(name, "test.nn", List.of(), params, inputs, v, g, update);
    }

    static GeneratedModel compile(Plan plan) {
        return JaninoCompiler.load(JavaEmitter.emit(plan));
    }

    /** Writes varied values (positive when asked) into the model's params and inputs. */
    static Map<Node, Tensor> fill(GeneratedModel model, Plan plan, long seed, boolean positive) {
        Random random = new Random(seed);
        Map<Node, Tensor> leaves = new IdentityHashMap<>();
        for (int k = 0; k < 2; k++) {
            List<Node> nodes = k == 0 ? plan.params() : plan.inputs();
            double[][] arrays = k == 0 ? model.params() : model.inputs();
            for (int i = 0; i < nodes.size(); i++) {
                double[] a = arrays[i];
                for (int j = 0; j < a.length; j++) {
                    a[j] = positive ? 0.25 + 2 * random.nextDouble() : Math.round((random.nextDouble() * 6 - 3) * 1000) / 1000.0;
                }
                leaves.put(nodes.get(i), new Tensor(nodes.get(i).shape(), a.clone()));
            }
        }
        return leaves;
    }

    /** Compiles, fills, runs forward and backward; every value and gradient must be bit-identical. */
    static GeneratedModel exact(Plan plan, long seed, boolean positive) {
        return check(plan, seed, positive, true);
    }

    /** Compiles, fills, runs forward and backward, and compares every value and gradient. */
    static GeneratedModel check(Plan plan, long seed, boolean positive, boolean exact) {
        return check(plan, seed, positive, exact, model -> {});
    }

    /**
     * As {@link #exact}, with the params and inputs changed by {@code edit} after filling (to plant
     * NaN, ±∞ or −0 where a form must not lose them); the interpreter reads the edited values.
     */
    static GeneratedModel exact(Plan plan, long seed, java.util.function.Consumer<GeneratedModel> edit) {
        return check(plan, seed, false, true, edit);
    }

    private static GeneratedModel check(Plan plan, long seed, boolean positive, boolean exact,
                                        java.util.function.Consumer<GeneratedModel> edit) {
        JavaFile file = JavaEmitter.emit(plan);
        assertNoAllocationInMethods(file.toString());
        GeneratedModel model = JaninoCompiler.load(file);
        Map<Node, Tensor> leaves = fill(model, plan, seed, positive);
        edit.accept(model);
        for (int k = 0; k < 2; k++) {
            List<Node> nodes = k == 0 ? plan.params() : plan.inputs();
            double[][] arrays = k == 0 ? model.params() : model.inputs();
            for (int i = 0; i < nodes.size(); i++) leaves.put(nodes.get(i), new Tensor(nodes.get(i).shape(), arrays[i].clone()));
        }
        model.forward();
        model.backward();
        List<Node> roots = new ArrayList<>();
        for (Plan.Named v : plan.values()) roots.add(v.node());
        for (Plan.Named g : plan.gradients()) roots.add(g.node());
        Map<Node, Tensor> expected = Interpreter.evaluate(roots, leaves::get);
        for (int i = 0; i < plan.values().size(); i++) {
            assertArray(expected.get(plan.values().get(i).node()).data(), model.values()[i], "value " + i, file, exact);
        }
        for (int i = 0; i < plan.gradients().size(); i++) {
            assertArray(expected.get(plan.gradients().get(i).node()).data(), model.gradients()[i], "gradient " + i, file,
                    exact);
        }
        return model;
    }

    /** From forward() on, the class has no {@code new} outside comments. */
    static void assertNoAllocationInMethods(String source) {
        String methods = source.substring(source.indexOf("public void forward()"));
        methods.lines().filter(l -> !l.strip().startsWith("//")).forEach(l -> {
            if (l.contains("new ")) fail("allocation in a generated method: " + l + "\n" + source);
        });
    }

    static void assertArray(double[] expected, double[] actual, String what, Object source, boolean exact) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (exact ? Double.compare(expected[i], actual[i]) != 0 : !close(expected[i], actual[i])) {
                fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i] + "\n" + source);
            }
        }
    }

    /** Equal, both NaN, or within 1e-12 relative. */
    static boolean close(double e, double a) {
        if (Double.compare(e, a) == 0 || e == a) return true;
        if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) return false;
        return Math.abs(e - a) <= 1e-12 * Math.max(Math.abs(e), Math.abs(a));
    }
}
