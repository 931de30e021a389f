package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Models far deeper than any a person writes: every pass over the DAG is iterative, so they
 * compile and give the right answer (or a clear error), never a StackOverflowError; generated
 * code with thousands of arrays stays under the JVM's 64 KB method limit.
 */
class DeepModelTest {
    /** y0 = x; y1 = tanh(y0); …; L = y_n: one statement per level. */
    private static String tanhChain(int n) {
        StringBuilder b = new StringBuilder("param x = 0.5\ny0 = x\n");
        for (int i = 1; i <= n; i++) b.append('y').append(i).append(" = tanh(y").append(i - 1).append(")\n");
        return b.append("L = y").append(n).append("\nminimize L by sgd(lr = 0.1) for 1 steps\n").toString();
    }

    @Test
    void aChainOfOneHundredThousandDefinitionsChecks() {
        Compilation c = Nnc.analyse(new dev.nnc.diag.Source("chain.nn", tanhChain(100_000)), Options.defaults());
        assertEquals(100_003, c.model().definitions().size() + c.model().params().size());
        assertTrue(c.gradients().containsKey("x"));
    }

    @Test
    void aSumOfOneHundredThousandTermsHasTheRightGradient() {
        StringBuilder b = new StringBuilder("param x = 0.5\nL = x");
        for (int i = 1; i < 100_000; i++) b.append(" + x");
        b.append("\nminimize L by sgd(lr = 0.1) for 1 steps\n");
        CompiledModel m = Nnc.compile("sum.nn", b.toString(), Options.defaults().withBackend(Options.Backend.INTERPRETED));
        m.forward();
        m.backward();
        assertEquals(50_000, m.value("L")[0], 1e-9);      // 100,000 × 0.5
        assertEquals(100_000, m.gradient("x")[0], 1e-9);  // ∂/∂x of 100,000 x
    }

    @Test
    void generatedCodeForThousandsOfDefinitionsFitsTheJvmsLimits() {
        int n = 2100;
        CompiledModel m = Nnc.compile("chain.nn", tanhChain(n), Options.defaults());
        m.forward();
        m.backward();
        // the chain rule by hand: ∂y_n/∂x = Π (1 − tanh²(y_{k−1}))
        double y = 0.5, d = 1;
        for (int k = 0; k < n; k++) {
            double t = Math.tanh(y);
            d *= 1 - t * t;
            y = t;
        }
        assertEquals(y, m.value("L")[0], 1e-15);
        assertEquals(d, m.gradient("x")[0], Math.abs(d) * 1e-12);
        assertTrue(m.javaSource().contains("void allocate"), "past 2,000 arrays they live in tables filled in parts:\n"
                + m.javaSource().substring(0, Math.min(3000, m.javaSource().length())));
    }
}
