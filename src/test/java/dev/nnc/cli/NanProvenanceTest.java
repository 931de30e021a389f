package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first NaN or infinity is traced to its op and `.nn` line, under `nnc grad` and in training. */
class NanProvenanceTest {
    @TempDir Path dir;

    private Path file(String text) throws Exception {
        Path p = dir.resolve("m.nn");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void gradNamesTheLogOfANegativeNumber() throws Exception {
        Path f = file("param w = 1\ny = 2 * w\nL = y + log(w - 2)\nminimize L by sgd(lr = 0.1) for 1 steps\n");
        CliTest.Run r = CliTest.nnc("grad", f.toString());
        assertEquals(0, r.status(), "the answer is still given: " + r.err());
        assertTrue(r.out().contains("L = NaN"), r.out());
        // ∂/∂w (2w + log(w − 2)) = 2 + 1/(w − 2) = 1 at w = 1: finite although L is not
        assertTrue(r.out().contains("∂L/∂w = 1\n"), r.out());
        assertEquals(f + ":3:9: warning: the first non-finite value: log of a negative number gives NaN (op 'log' on line 3)",
                r.err().lines().findFirst().orElse(""), r.err());
        assertEquals("        ^~~", r.err().lines().skip(2).findFirst().orElse(""), r.err());
    }

    @Test
    void gradNamesADivisionByZeroInTheGradient() throws Exception {
        // sqrt is finite at 0 but its derivative 1/(2 sqrt(w)) is not
        Path f = file("param w = 0\nL = w + sqrt(w)\nminimize L by sgd(lr = 0.1) for 1 steps\n");
        CliTest.Run r = CliTest.nnc("grad", f.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"L\":0.0"), r.out());
        assertTrue(r.err().startsWith(f + ":2:9: warning: the first non-finite value in the gradient: division by zero gives "
                + "+infinity"), r.err());
    }

    @Test
    void finiteAnswersGetNoWarning() throws Exception {
        CliTest.Run r = CliTest.nnc("grad", "models/sine.nn");
        assertEquals(0, r.status());
        assertEquals("", r.err());
    }

    @Test
    void trainingStopsAtTheStepAndNamesTheOpAndLine() throws Exception {
        // w = 3 → 3 − 10 · (1/3) = −1/3 after one step; log(−1/3) is NaN at the second
        Path f = file("param w = 3\n\nL = log(w)\nminimize L by sgd(lr = 10) for 5 steps\n");
        CliTest.Run r = CliTest.nnc("train", f.toString(), "--no-plots", "--json");
        assertEquals(1, r.status(), r.out() + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith(f + ":3:5: error: the objective 'L' became NaN at epoch 2"), r.err());
        assertTrue(first.contains("'log' on line 3: log of a negative number gives NaN"), r.err());
    }
}
