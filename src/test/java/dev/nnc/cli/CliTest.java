package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: layouts, exit codes, error rendering. */
class CliTest {
    record Run(int status, String out, String err) {}

    static Run nnc(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @TempDir Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        for (String command : new String[] {"check", "grad", "compile", "train", "gradcheck", "compare", "graph", "verify", "explain",
                "hessian", "bench"}) {
            Run r = nnc(command, "--help");
            assertEquals(0, r.status(), command + " --help: " + r.err());
            assertTrue(r.out().startsWith("Usage: nnc " + command), command + " --help:\n" + r.out());
        }
    }

    @Test
    void benchTimesTheTrainingLoopAndEndsWhereTrainingEnds() {
        Run r = nnc("bench", "models/mle.nn", "--json", "--warmup-s", "0", "--measure-s", "0.05");
        assertEquals(0, r.status(), r.err());
        Run t = nnc("train", "models/mle.nn", "--json", "--no-plots");
        String summary = t.out().lines().filter(l -> l.contains("\"summary\"")).findFirst().orElseThrow();
        for (String key : new String[] {"final_loss", "param_sum"}) {
            assertEquals(field(summary, key), field(r.out(), key), key + ": bench and train run the same steps");
        }
        assertTrue(Double.parseDouble(field(r.out(), "steady_ns_per_step")) > 0, r.out());
        assertTrue(Double.parseDouble(field(r.out(), "allocated_bytes_per_step")) >= 0, r.out());
        // the threads it ran on: the caller and the products' helper, as the peers report theirs
        assertEquals(String.valueOf(dev.nnc.runtime.Gemm.threads()), field(r.out(), "threads"), r.out());
    }

    private static String field(String json, String key) {
        int i = json.indexOf("\"" + key + "\":");
        assertTrue(i >= 0, key + " in " + json);
        int from = i + key.length() + 3, to = from;
        while (to < json.length() && ",}".indexOf(json.charAt(to)) < 0) to++;
        return json.substring(from, to);
    }

    @Test
    void sineGradHumanLayout() {
        Run r = nnc("grad", "models/sine.nn");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("L = 4\n"), r.out());
        assertTrue(r.out().contains("∂L/∂w = [-8, -4]"), r.out());
        // π/2 + 4 and π + 2
        assertTrue(r.out().contains("w = [5.570796327, 5.141592654]"), r.out());
    }

    @Test
    void sineGradOfYWrtW() {
        Run r = nnc("grad", "models/sine.nn", "--of", "y", "--wrt", "w");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("∂y/∂w = [2, 1]"), r.out());
        assertFalse(r.out().contains("after one step"), "an update belongs to the objective, not to --of y");
    }

    @Test
    void lab2ScalarGrad() {
        Run r = nnc("grad", "models/lab2_scalar.nn");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("l = 10\n"), r.out());
        assertTrue(r.out().contains("∂l/∂w = 38\n"), r.out());
        assertTrue(r.out().contains("w = -2.8\n"), r.out());
    }

    @Test
    void gradJsonHasTheContractShape() throws Exception {
        Run r = nnc("grad", "models/sine.nn", "--json");
        assertEquals(0, r.status(), r.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(java.util.List.of("values", "objective", "gradients", "updated"), iterate(json.fieldNames()));
        assertEquals(java.util.List.of("y", "L"), iterate(json.get("values").fieldNames()));
        assertEquals("L", json.get("objective").asText());
        assertEquals(-8.0, json.get("gradients").get("w").get(0).asDouble(), 1e-12);
        assertEquals(Math.PI / 2 + 4, json.get("updated").get("w").get(0).asDouble(), 1e-12);
        assertEquals(Math.PI + 2, json.get("updated").get("w").get(1).asDouble(), 1e-12);
        assertEquals(1, r.out().strip().lines().count(), "one JSON document on one line");
    }

    private static java.util.List<String> iterate(java.util.Iterator<String> it) {
        java.util.List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void shapeErrorPointsAtTheOperator() throws IOException {
        Path p = file("bad.nn", "param w[2] = [1, 2]\ninput x[3] = [1, 2, 3]\ny = w + x\n");
        Run r = nnc("check", p.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith(p + ":3:7: error: shape mismatch"), r.err());
        assertTrue(r.err().contains("y = w + x\n      ^\n"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void gradWithoutObjectivePointsAtTheStart() throws IOException {
        Path p = file("noobj.nn", "param w = 1\ny = w * 2\n");
        Run r = nnc("grad", p.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith(p + ":1:1: error: nothing to differentiate"), r.err());
    }

    @Test
    void missingFileIsAUserError() {
        Run r = nnc("grad", "does/not/exist.nn");
        assertEquals(1, r.status());
        assertEquals("nnc: error: cannot read does/not/exist.nn: no such file\n", r.err());
    }

    @Test
    void unknownOptionIsAUserErrorWithAHint() {
        Run r = nnc("grad", "models/sine.nn", "--frobnicate");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
        assertTrue(r.err().contains("--help"), r.err());
    }

    @Test
    void setBindsInputsAndRejectsUnknownNames() {
        Run ok = nnc("grad", "models/sine.nn", "--set", "x=[1,1]", "--json");
        assertEquals(0, ok.status(), ok.err());
        Run bad = nnc("grad", "models/sine.nn", "--set", "q=3");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("--set q: the file declares no dim or input named 'q'"), bad.err());
    }

    @Test
    void inputWithoutValueIsNamed() throws IOException {
        Path p = file("novalue.nn", "param w = 1\ninput x\nL = (w * x)^2\nminimize L by sgd(lr = 0.1)\n");
        Run r = nnc("grad", p.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith(p + ":2:7: error: input 'x' has no value"), r.err());
    }

    @Test
    void checkListsShapes() {
        Run r = nnc("check", "models/five_points.nn");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("param  W2 : [10, 10]"), r.out());
        assertTrue(r.out().contains("h1 : [5, 10]"), r.out());
        assertTrue(r.out().contains("L : scalar"), r.out());
    }

    @Test
    void helpExplainsEveryCommand() {
        Run r = nnc("--help");
        assertEquals(0, r.status());
        for (String c : new String[] {"check", "grad", "compile", "train"}) assertTrue(r.out().contains(c), r.out());
    }

    @Test
    void lab04ConvolutionAnswers() {
        Run r = nnc("grad", "models/lab04_conv.nn");
        assertEquals(0, r.status(), r.err());
        for (String line : new String[] {"conv_s1_p0 = [[3, -4], [1, 6]]", "conv_s3_p1 = [[2, 0], [0, 2]]", "pool_2x2 = [[2]]",
                "f = 2\n", "∂f/∂w = [2, 1]", "w = [0, -0.5]"}) {
            assertTrue(r.out().contains(line), "missing " + line + " in\n" + r.out());
        }
    }

    @Test
    void lab04DimensionsAreTheEdgeJacobians() {
        Run r = nnc("check", "models/lab04_dims.nn", "--jacobians");
        assertEquals(0, r.status(), r.err());
        for (String line : new String[] {"∂L/∂q : 1 × 17", "∂q/∂z : 17 × 68", "∂z/∂w : 68 × 24", "∂L/∂y : 1 × 17", "∂L/∂w : 1 × 24",
                "x : [6, 17]", "w : [24]", "z : [4, 17]", "q : [1, 17]", "L : scalar"}) {
            assertTrue(r.out().contains(line), "missing " + line + " in\n" + r.out());
        }
    }
}
