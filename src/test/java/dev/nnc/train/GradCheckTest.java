package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.cli.Main;
import dev.nnc.lower.Model;
import dev.nnc.runtime.GeneratedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** gradcheck passes on every model and fails on a gradient made wrong on purpose. */
class GradCheckTest {

    @TestFactory
    Stream<DynamicTest> everyModelPasses() throws IOException {
        List<Path> models;
        try (var s = Files.walk(Path.of("models"))) {
            models = s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        return models.stream().map(m -> DynamicTest.dynamicTest(m.getFileName().toString(), () -> {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int status = Main.run(new String[] {"gradcheck", m.toString()}, new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, status, out + "\n" + err);
            assertTrue(out.toString().contains("agrees"), out.toString());
        }));
    }

    @Test
    void aWrongGradientFails() throws Exception {
        CompiledModel m = Nnc.compile(Path.of("models/gmm.nn"), Options.defaults());
        GeneratedModel honest = m.runtime();
        // the injected bug: ∂L/∂W1 one percent too large
        GeneratedModel wrong = new GeneratedModel() {
            @Override public double[][] params() { return honest.params(); }
            @Override public double[][] inputs() { return honest.inputs(); }
            @Override public double[][] values() { return honest.values(); }
            @Override public double[][] gradients() { return honest.gradients(); }
            @Override public void forward() { honest.forward(); }
            @Override public void update() { honest.update(); }
            @Override public void backward() {
                honest.backward();
                for (int i = 0; i < honest.gradients()[0].length; i++) honest.gradients()[0][i] *= 1.01;
            }
        };
        List<String> names = m.model().params().stream().map(Model.Leaf::name).toList();
        int objective = m.valueNames().indexOf(m.objective());
        List<GradCheck.Row> rows = GradCheck.run(wrong, names, objective, 1);
        assertFalse(rows.get(0).passed(), "W1's gradient is 1% off");
        assertTrue(rows.subList(1, rows.size()).stream().allMatch(GradCheck.Row::passed), "the others are right");
        assertTrue(GradCheck.run(honest, names, objective, 1).stream().allMatch(GradCheck.Row::passed));
    }
}
