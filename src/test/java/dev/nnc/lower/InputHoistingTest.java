package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.Compilation;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.interp.Interpreter;
import dev.nnc.interp.Tensor;
import dev.nnc.ir.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which definitions of data alone become inputs, and that their rows are computed as the step would. */
class InputHoistingTest {
    @TempDir Path dir;

    private Compilation compile(String body, boolean hoist) throws Exception {
        if (!Files.exists(dir.resolve("train.csv"))) Files.copy(Path.of("models/data/gmm_train.csv"), dir.resolve("train.csv"));
        Path file = dir.resolve("m.nn");
        Files.writeString(file, String.join("\n",
                "input X[N, 2]", "input y[N]", "data train = csv(\"train.csv\", X = [x1, x2], y = y)",
                "param W[2, 1] = uniform(-1, 1)", "param b[1] = zeros", body,
                "minimize L by sgd(lr = 0.1) for 1 epochs", ""));
        return Nnc.compile(Nnc.read(file), Options.defaults().withData(new Options.DataChoice(null, 16, false, null, hoist)))
                .compilation();
    }

    private static final String SCALED = String.join("\n",
            "x = -((X - 0.3) / 1.7) * 3 + 0.1",
            "p = sigmoid(x @ W + b)[:, 0]",
            "L = -mean(y * log(p) + (1 - y) * log(1 - p))");

    @Test
    void aDefinitionOfOneDataInputAndConstantsBecomesAnInputOfItsName() throws Exception {
        Compilation c = compile(SCALED, true);
        assertEquals(1, c.hoisted().size());
        assertEquals("X", c.hoisted().get(0).input());
        assertEquals("x", c.hoisted().get(0).name());
        List<String> inputs = c.plan().inputs().stream().map(Node::leafName).toList();
        assertEquals(List.of("x", "y"), inputs, "x is fed, X is gone");
        assertFalse(c.model().definitions().containsKey("x"), "x is no value the step computes");
        assertTrue(c.plan().values().stream().noneMatch(v -> v.name().equals("x")));
    }

    @Test
    void aChainHoistsItsFirstLinkAndTheRestReadsIt() throws Exception {
        // once a is an input, x = a * 3 reads a (not data) and stays in the step
        Compilation c = compile(SCALED.replace("x = -((X - 0.3) / 1.7) * 3 + 0.1", "a = X / 2\nx = a * 3"), true);
        assertEquals(List.of("a"), c.hoisted().stream().map(InputHoisting.Hoisted::name).toList());
        assertEquals(List.of("a", "y"), c.plan().inputs().stream().map(Node::leafName).toList());
        assertTrue(c.model().definitions().containsKey("x"));
    }

    @Test
    void withoutTheRequestNothingMoves() throws Exception {
        Compilation c = compile(SCALED, false);
        assertTrue(c.hoisted().isEmpty());
        assertEquals(List.of("X", "y"), c.plan().inputs().stream().map(Node::leafName).toList());
    }

    @Test
    void anInputThatFeedsAnythingElseStays() throws Exception {
        Compilation c = compile(SCALED + "\nreport spread = mean(X)", true);
        assertTrue(c.hoisted().isEmpty(), "the report reads X itself: " + c.hoisted());
    }

    @Test
    void onlyArithmeticWithConstantsQualifies() throws Exception {
        assertTrue(compile(SCALED.replace("x = -((X - 0.3) / 1.7) * 3 + 0.1", "x = exp(X)"), true).hoisted().isEmpty(), "exp");
        assertTrue(compile(SCALED.replace("x = -((X - 0.3) / 1.7) * 3 + 0.1", "x = X * [2, 3]"), true).hoisted().isEmpty(),
                "a constant of two values");
        assertTrue(compile(SCALED.replace("x = -((X - 0.3) / 1.7) * 3 + 0.1", "x = X * (X > 0)"), true).hoisted().isEmpty(),
                "a comparison");
        assertTrue(compile(SCALED.replace("x = -((X - 0.3) / 1.7) * 3 + 0.1", "x = X * W[:, 0]"), true).hoisted().isEmpty(),
                "a param");
    }

    @Test
    void theRowsAreTheInterpretersBitForBitAndFloat32sInFloat() throws Exception {
        Compilation c = compile(SCALED, true);
        InputHoisting.Hoisted h = c.hoisted().get(0);
        double[] rows = c.data().get("train").inputs().get("X").values();
        double[] hoisted = h.apply(rows, false);
        Node node = h.node();
        Node leaf = dev.nnc.ir.Dag.topo(List.of(node)).stream().filter(n -> n.op() == dev.nnc.ir.Op.INPUT).findFirst().orElseThrow();
        Tensor in = new Tensor(leaf.shape(), java.util.Arrays.copyOf(rows, leaf.shape().size()));
        // the interpreter on the definition's own node, for the first batch of rows
        Map<Node, Tensor> out = Interpreter.evaluate(List.of(node), l -> l == leaf ? in : null);
        double[] expected = out.get(node).data();
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], hoisted[i], 0.0, "element " + i);

        double[] f = h.apply(rows, true);
        for (int i = 0; i < rows.length; i++) {
            float v = -(((float) rows[i] - 0.3f) / 1.7f) * 3f + 0.1f;
            assertEquals(v, (float) f[i], 0.0f, "float element " + i);
            assertEquals((double) (float) f[i], f[i], 0.0, "a float's value");
        }
    }
}
