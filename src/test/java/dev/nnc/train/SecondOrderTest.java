package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * newton and lbfgs reach optima computed independently by PyTorch in float64
 * (tests/golden/second_order.py → tests/golden/second_order/*.json).
 */
class SecondOrderTest {
    /** bench/w2_mle.nn's final loss after 100,000 sgd steps, by PyTorch in float64. */
    private static final double MLE_OPTIMUM = 0.0049666681791428096;

    private static JsonNode golden(String name) throws Exception {
        return new ObjectMapper().readTree(Path.of("tests/golden/second_order", name + ".json").toFile());
    }

    private static Trainer.Result train(Source source) throws Exception {
        return new Trainer(source, Options.defaults(), TrainConfig.defaults(), new Trainer.Listener() {}).run();
    }

    private static Source variant(String path, String from, String to) throws Exception {
        String text = Files.readString(Path.of(path));
        assertTrue(text.contains(from), from);
        return new Source(path.replace(".nn", "_variant.nn"), text.replace(from, to));
    }

    /** The objective after each step, on the train split (or the declared values without data). */
    private static List<Double> losses(Trainer.Result r, String objective) {
        return r.epochs().stream().map(e -> e.splits().values().iterator().next().get(objective)).toList();
    }

    private static void assertParams(JsonNode expected, Trainer.Result r, double tolerance) {
        double[] w = r.params().get("w");
        for (int i = 0; i < w.length; i++) assertEquals(expected.get("w").get(i).asDouble(), w[i], tolerance, "w[" + i + "]");
        if (expected.has("b")) assertEquals(expected.get("b").asDouble(), r.params().get("b")[0], tolerance, "b");
    }

    @Test
    void newtonReachesTheSgdOptimumOfMleWithinTenIterations() throws Exception {
        JsonNode g = golden("mle");
        assertEquals(MLE_OPTIMUM, g.get("sgd_L").asDouble(), 1e-15, "the golden file agrees with bench/w2_mle.nn");
        Trainer.Result r = train(Nnc.read(Path.of("models/mle_newton.nn")));
        List<Double> losses = losses(r, "L");
        assertEquals(10, losses.size());
        int first = 0;
        while (first < losses.size() && Math.abs(losses.get(first) - MLE_OPTIMUM) > 1e-9) first++;
        assertTrue(first + 1 <= 10, "within 1e-9 of L* after at most 10 iterations: " + losses);
        assertTrue(r.search().iterations() <= 10);
        assertEquals(MLE_OPTIMUM, losses.get(losses.size() - 1), 1e-9);
        assertParams(g, r, 1e-9);
    }

    @Test
    void newtonsFirstStepIsTheDampedStepPytorchTakes() throws Exception {
        CompiledModel m = Nnc.compile(Path.of("models/mle_newton.nn"), Options.defaults());
        assertTrue(SecondOrder.of(m).step());
        JsonNode step = golden("mle").get("newton_first_step");
        double[] w = m.param("w");
        for (int i = 0; i < 2; i++) assertEquals(step.get(i).asDouble(), w[i], 1e-12);
    }

    @Test
    void lbfgsReachesTheSgdOptimumOfMle() throws Exception {
        Trainer.Result r = train(Nnc.read(Path.of("models/mle_lbfgs.nn")));
        List<Double> losses = losses(r, "L");
        assertEquals(MLE_OPTIMUM, losses.get(losses.size() - 1), 1e-9);
        assertTrue(r.search().iterations() <= 50, r.search().toString());
        assertParams(golden("mle"), r, 1e-6);
    }

    @Test
    void maximizingTheNegatedObjectiveFindsTheSameOptimum() throws Exception {
        Source s = variant("models/mle_newton.nn", "L = sum((y - f)^2)\n\nminimize L", "L = -sum((y - f)^2)\n\nmaximize L");
        Trainer.Result r = train(s);
        assertEquals(-MLE_OPTIMUM, losses(r, "L").get(9), 1e-9);
        assertParams(golden("mle"), r, 1e-7);
    }

    @Test
    void lbfgsSolvesLeastSquaresAsTheNormalEquationsDo() throws Exception {
        JsonNode g = golden("least_squares");
        Trainer.Result r = train(Nnc.read(Path.of("tests/golden/second_order/least_squares.nn")));
        assertEquals(g.get("L").asDouble(), losses(r, "L").get(losses(r, "L").size() - 1), 1e-12);
        assertParams(g, r, 1e-8);
    }

    @Test
    void newtonSolvesLeastSquaresInAFewSteps() throws Exception {
        JsonNode g = golden("least_squares");
        Trainer.Result r = train(variant("tests/golden/second_order/least_squares.nn", "lbfgs(m = 5) for 30", "newton(damping = 1e-3) for 10"));
        assertEquals(g.get("L").asDouble(), losses(r, "L").get(9), 1e-12);
        assertParams(g, r, 1e-9);
    }

    @Test
    void lbfgsAndNewtonAgreeWithTorchLbfgsOnRegularisedLogisticRegression() throws Exception {
        JsonNode g = golden("logistic_l2");
        Trainer.Result lbfgs = train(Nnc.read(Path.of("tests/golden/second_order/logistic_l2.nn")));
        assertEquals(g.get("L").asDouble(), losses(lbfgs, "L").get(losses(lbfgs, "L").size() - 1), 1e-12);
        assertParams(g, lbfgs, 1e-6);
        Trainer.Result newton = train(variant("tests/golden/second_order/logistic_l2.nn", "lbfgs(m = 10) for 50", "newton() for 10"));
        assertEquals(g.get("L").asDouble(), losses(newton, "L").get(9), 1e-12);
        assertParams(g, newton, 1e-6);
    }

    @Test
    void aLearningRateOrBatchDoesNotApply() throws Exception {
        Source s = Nnc.read(Path.of("models/mle_newton.nn"));
        CompileError lr = assertThrows(CompileError.class, () -> new Trainer(s, Options.defaults().withLr(0.5),
                TrainConfig.defaults(), new Trainer.Listener() {}).run());
        assertTrue(lr.getMessage().contains("--lr does not apply"), lr.getMessage());
        TrainConfig batch = new TrainConfig(null, null, 2, false, 42, null, null, "p", null, null, null, null);
        CompileError b = assertThrows(CompileError.class, () -> new Trainer(s, Options.defaults(), batch, new Trainer.Listener() {}).run());
        assertTrue(b.getMessage().contains("whole training split"), b.getMessage());
    }

    @Test
    void jacobiDecomposesASymmetricMatrix() {
        SymmetricEigen two = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        double[] values = two.values().clone();
        java.util.Arrays.sort(values);
        assertEquals(1, values[0], 1e-15);
        assertEquals(3, values[1], 1e-15);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int n = 7;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) a[i][j] = a[j][i] = random.nextDouble(-1, 1);
        SymmetricEigen e = SymmetricEigen.of(a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rebuilt = 0, gram = 0;
                for (int k = 0; k < n; k++) {
                    rebuilt += e.vectors()[i][k] * e.values()[k] * e.vectors()[j][k];
                    gram += e.vectors()[k][i] * e.vectors()[k][j];
                }
                assertEquals(a[i][j], rebuilt, 1e-13, "V Λ Vᵀ = A at " + i + "," + j);
                assertEquals(i == j ? 1 : 0, gram, 1e-13, "Vᵀ V = I at " + i + "," + j);
            }
        }
        double[] b = {1, -2, 0.5, 3, 0, 1, -1};
        double[] x = e.solveShifted(0.7, b);
        for (int i = 0; i < n; i++) {
            double ax = 0.7 * x[i];
            for (int j = 0; j < n; j++) ax += a[i][j] * x[j];
            assertEquals(b[i], ax, 1e-12, "(A + 0.7 I) x = b");
        }
    }
}
