package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Node;
import dev.nnc.runtime.GeneratedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every model in models/ compiled in float32 from its float64 starting point (params and inputs
 * rounded to float): one forward and backward as the {@link Float32Oracle} allows, then twenty
 * training steps, each from the float64 class's params and optimizer state, whose objective and
 * updated params stay within 1e-4 of the float64 class's.
 */
class Float32ModelsTest {
    @TestFactory
    Stream<DynamicTest> everyModelInFloat32() throws IOException {
        List<Path> models;
        try (Stream<Path> s = Files.list(Path.of("models"))) {
            models = s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        return models.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> check(path)));
    }

    private static void check(Path path) throws IOException {
        CompiledModel compiled = Nnc.compile(path, Options.defaults());
        Plan plan = compiled.compilation().plan();
        GeneratedModel f64 = compiled.runtime();
        GeneratedModel f32 = Float32Harness.compile(plan);
        Map<Node, Tensor> leaves = new IdentityHashMap<>();
        for (int k = 0; k < 2; k++) {
            List<Node> nodes = k == 0 ? plan.params() : plan.inputs();
            double[][] from = k == 0 ? f64.params() : f64.inputs(), to = k == 0 ? f32.params() : f32.inputs();
            for (int i = 0; i < nodes.size(); i++) {
                for (int j = 0; j < from[i].length; j++) from[i][j] = to[i][j] = (float) from[i][j];
                leaves.put(nodes.get(i), new Tensor(nodes.get(i).shape(), from[i].clone()));
            }
        }
        f32.forward();
        f32.backward();
        Float32Oracle oracle = new Float32Oracle(Float32Harness.roots(plan), leaves::get, 1, 4);
        for (int k = 0; k < plan.values().size(); k++) judge(oracle, plan.values().get(k), f32.values()[k], path);
        for (int k = 0; k < plan.gradients().size(); k++) judge(oracle, plan.gradients().get(k), f32.gradients()[k], path);

        int objective = -1;
        for (int k = 0; k < plan.values().size(); k++) if (plan.values().get(k).name().equals(compiled.objective())) objective = k;
        if (objective < 0 || plan.update() == null) return;
        for (int step = 1; step <= 20; step++) {
            // as the trainer moves state between variants; some of these models are chaotic at their
            // learning rates, so each step starts from the float64 state rather than its own
            copy(f64.params(), f32.params());
            copy(f64.optimizerState(), f32.optimizerState());
            f32.updates(f64.updates());
            f64.step();
            f32.step();
            double e = f64.values()[objective][0], a = f32.values()[objective][0];
            assertEquals(e, a, 1e-4 * Math.max(1, Math.abs(e)), path + ": objective at step " + step);
            for (int p = 0; p < plan.params().size(); p++) {
                for (int i = 0; i < f64.params()[p].length; i++) {
                    double w = f64.params()[p][i];
                    assertEquals(w, f32.params()[p][i], 1e-4 * Math.max(1, Math.abs(w)), path + ": param " + p + "[" + i + "] at step " + step);
                }
            }
        }
    }

    private static void copy(double[][] from, double[][] to) {
        for (int i = 0; i < from.length; i++) System.arraycopy(from[i], 0, to[i], 0, from[i].length);
    }

    private static void judge(Float32Oracle oracle, Plan.Named named, double[] actual, Path path) {
        for (int i = 0; i < actual.length; i++) {
            String verdict = oracle.judge(named.node(), i, actual[i]);
            if (verdict != null) fail(path + ": " + named.name() + "[" + i + "]: " + verdict);
        }
    }
}
