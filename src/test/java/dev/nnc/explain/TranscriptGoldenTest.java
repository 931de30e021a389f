package dev.nnc.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** tests/transcripts: the derivation printer's output per seed model, pinned (see its README). */
class TranscriptGoldenTest {
    static final Path DIR = Path.of("tests/transcripts");

    private static String explain(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        String[] command = new String[args.length + 1];
        command[0] = "explain";
        System.arraycopy(args, 0, command, 1, args.length);
        int status = Main.run(command, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        return out.toString();
    }

    @TestFactory
    Stream<DynamicTest> transcriptsAreCurrent() {
        boolean regenerate = Boolean.getBoolean("nnc.regenerate");
        return Stream.of("sine", "lab2_scalar", "mle", "gmm", "lab04_conv").map(name -> DynamicTest.dynamicTest(name, () -> {
            String actual = explain("models/" + name + ".nn");
            Path golden = DIR.resolve(name + ".txt");
            if (regenerate) Files.writeString(golden, actual);
            assertEquals(Files.readString(golden), actual, golden + " differs: review, then regenerate");
        }));
    }

    /** explain --second: the sine neuron's gradient differentiated again, sweep by sweep. */
    @Test
    void secondDerivationIsCurrentAndItsHessianIsTorchs() throws Exception {
        String actual = explain("models/sine.nn", "--second");
        Path golden = DIR.resolve("sine.second.txt");
        if (Boolean.getBoolean("nnc.regenerate")) Files.writeString(golden, actual);
        assertEquals(Files.readString(golden), actual, golden + " differs: review, then regenerate");
        var h = new com.fasterxml.jackson.databind.ObjectMapper().readTree(DIR.resolve("expected_numbers.json").toFile())
                .get("sine_hessian").get("w");
        for (int i = 0; i < 2; i++) {
            String row = "[" + Math.round(h.get(i).get(0).asDouble()) + ", " + Math.round(h.get(i).get(1).asDouble()) + "]";
            assertEquals(h.get(i).get(0).asDouble(), Math.round(h.get(i).get(0).asDouble()), 1e-12, "torch's H is integral here");
            assertTrue(actual.contains("∂²L/∂w[" + i + "]∂w = "), actual);
            assertTrue(actual.contains("(a row of the Hessian)   [2]   = " + row + "\n"), "row " + i + " = " + row + "\n" + actual);
            assertTrue(actual.contains("∂(∂L/∂w[" + i + "])/∂w = ∂(∂L/∂w[" + i + "])/∂h₁ * x   [2]   = " + row), actual);
        }
    }

    /** The seeds' own worked numbers, as the transcripts state them. */
    @Test
    void transcriptNumbersAreTheSeedsAnswers() {
        String lab2 = explain("models/lab2_scalar.nn");
        assertTrue(lab2.contains("l = u₃ + u₄   = 10"), lab2);
        assertTrue(lab2.contains("(2 uses: their contributions add)   = 38"), lab2);
        assertTrue(lab2.contains("= 1 − 0.1 · 38 = -2.8"), lab2);
        String conv = explain("models/lab04_conv.nn");
        assertTrue(conv.contains("u₃ = conv2d(u₁, u₂)   [1, 1, 1, 2]   = [2, 1]"), conv);
        assertTrue(conv.contains("f = slice(u₅, [0, 0])   = 2"), conv);
        assertTrue(conv.contains("   = [2, 1]\n"), conv);
        assertTrue(conv.contains("= [1, 0] − 0.5 · [2, 1] = [0, -0.5]"), conv);
    }

    /** mle and gmm: the objective and gradients PyTorch computes (tests/transcripts/check_numbers.py). */
    @Test
    void mleAndGmmNumbersAreTorchs() throws Exception {
        var expected = new com.fasterxml.jackson.databind.ObjectMapper().readTree(DIR.resolve("expected_numbers.json").toFile());
        for (String model : new String[] {"mle", "gmm"}) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            assertEquals(0, Main.run(new String[] {"grad", "models/" + model + ".nn", "--json"}, new PrintWriter(out), new PrintWriter(err)));
            var actual = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
            var e = expected.get(model);
            assertEquals(e.get("L").asDouble(), actual.get("values").get("L").asDouble(), 1e-12, model + " L");
            e.fieldNames().forEachRemaining(name -> {
                if (name.equals("L")) return;
                java.util.List<Double> flat = new java.util.ArrayList<>();
                flatten(actual.get("gradients").get(name), flat);
                for (int i = 0; i < flat.size(); i++) {
                    assertEquals(e.get(name).get(i).asDouble(), flat.get(i), 1e-12, model + " ∂L/∂" + name + "[" + i + "]");
                }
            });
            String transcript = explain("models/" + model + ".nn");
            String loss = new java.math.BigDecimal(e.get("L").asDouble()).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
            assertTrue(transcript.contains("   = " + loss + "\n"), model + ": the transcript states L = " + loss + "\n" + transcript);
        }
    }

    private static void flatten(com.fasterxml.jackson.databind.JsonNode n, java.util.List<Double> out) {
        if (n.isArray()) n.forEach(x -> flatten(x, out));
        else out.add(n.asDouble());
    }
}
