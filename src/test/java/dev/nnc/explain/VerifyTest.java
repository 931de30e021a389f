package dev.nnc.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Check my derivation, on lab_3's sine neuron. */
class VerifyTest {
    record Run(int status, String out, String err) {}

    private static Run verify(String model, String claim) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"verify", model, "--claim", claim}, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void aCorrectHandGradientIsEqual() {
        Run r = verify("models/sine.nn", "dL/dw = 2*(y - t)*cos(w·x)*x");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("equal"), r.out());
    }

    @Test
    void anEquivalentFormIsEqualNumerically() {
        Run r = verify("models/sine.nn", "∂L/∂w = x * cos(w · x) * (2*y - 2*t)");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("numerically"), r.out());
    }

    @Test
    void aSignErrorIsNamed() {
        Run r = verify("models/sine.nn", "dL/dw = 2*(t - y)*cos(w·x)*x");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("the factor t - y has the opposite sign"), r.out());
    }

    @Test
    void aWrongFactorIsNamed() {
        Run r = verify("models/sine.nn", "dL/dw = 2*(y - t)*sin(w·x)*x");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("the factor sin(w · x) has no counterpart"), r.out());
    }

    @Test
    void aClaimThatDoesNotParseIsAPositionedErrorInTheClaim() {
        Run r = verify("models/sine.nn", "dL/dw = 2*(y - t)*cos(w·x");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("--claim:1:26: error: unexpected end of file"), r.err());
        Run undefined = verify("models/sine.nn", "dL/dw = 2*(y - q)*x");
        assertTrue(undefined.err().startsWith("--claim:1:16: error: undefined name 'q'"), undefined.err());
    }

    @Test
    void theApiVerifiesToo() throws Exception {
        var model = dev.nnc.api.Nnc.compile(java.nio.file.Path.of("models/sine.nn"), dev.nnc.api.Options.defaults());
        assertTrue(model.verify("dL/dw = 2*(y - t)*cos(w·x)*x").equal());
        var wrong = model.verify("dL/dw = 2*(t - y)*cos(w·x)*x");
        assertTrue(!wrong.equal() && wrong.oppositeSign(), wrong.toString());
    }
}
