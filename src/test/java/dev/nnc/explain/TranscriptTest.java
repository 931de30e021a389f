package dev.nnc.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The sine transcript carries lab_3 ex. 1's worked numbers (y ≈ 0, ∂y/∂w = [2, 1], L = 4,
 * ∂L/∂w = [−8, −4], w′ = [π/2 + 4, π + 2] ≈ [5.571, 5.142]) in the lab's order: graph, forward,
 * ∂y/∂w, the loss, the chain rule, the update.
 */
class TranscriptTest {
    @Test
    void sineWalksTheLabInOrder() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"explain", "models/sine.nn"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        String t = out.toString();
        String[] inOrder = {"0. Graph", "y ← w, x", "L ← y, t", "1. Forward pass", "u₁ = w · x   = 6.283",
                "u₂ = sin(u₁)   = 0", "L = u₃^2   = 4", "2. Gradients of the intermediate outputs", "∂y/∂w = cos(w · x) * x   = [2, 1]",
                "3. Backward pass", "∂L/∂w = ∂L/∂v₁ * x   [2]   = [-8, -4]", "4. Simplification", "5. Gradients",
                "∂L/∂w = 2 * (y - t) * cos(w · x) * x   = [-8, -4]", "6. Update: sgd(lr = 0.5)", "= [5.571, 5.142]"};
        int at = 0;
        for (String s : inOrder) {
            int i = t.indexOf(s, at);
            assertTrue(i >= 0, "missing, or out of order: " + s + "\n" + t);
            at = i + s.length();
        }
    }

    @Test
    void sharedNodesShowEachContributionAndTheirSum() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Main.run(new String[] {"explain", "models/lab2_scalar.nn"}, new PrintWriter(out), new PrintWriter(err));
        assertTrue(out.toString().contains("(2 uses: their contributions add)   = 38"), out.toString());
    }

    @Test
    void memoryReportListsWhatTheBackwardPassKeeps() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"explain", "models/gmm.nn", "--memory"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("h = relu(X @ W1 + b1)"), out.toString());
        assertTrue(out.toString().contains("[200, 5]            8,000 bytes   line 18"), out.toString());
    }

    @Test
    void indexNotationShowsTheOuterProduct() {
        // the UvA sheet's example 2: s = bᵀXc gives ∂s/∂X = b cᵀ, element by element b[k] c[l]
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"explain", "models/uva_index.nn", "--of", "s", "--index"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("∂s/∂X = b cᵀ   = [[2, 6, -4], [-1, -3, 2]]"), out.toString());
        assertTrue(out.toString().contains("∂s/∂X[k, l] = b[k] c[l]   (index notation)"), out.toString());
    }

    @Test
    void theMlpsBackwardIsInMatrixForm() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Main.run(new String[] {"explain", "models/gmm.nn"}, new PrintWriter(out), new PrintWriter(err));
        assertTrue(out.toString().contains("∂L/∂W1 = transpose(X) @ ("), out.toString());
        assertTrue(out.toString().contains("@ transpose(W2) * (h > 0))"), out.toString());
    }

    @Test
    void theDerivationIsAlsoData() throws Exception {
        var model = dev.nnc.api.Nnc.compile(java.nio.file.Path.of("models/sine.nn"), dev.nnc.api.Options.defaults());
        Derivation d = Derivation.of(model);
        assertEquals("5. Gradients", d.sections().get(5).title());
        Derivation.Entry grad = d.sections().get(5).entries().get(0);
        assertEquals("∂L/∂w", grad.lhs());
        assertEquals(java.util.List.of("2 * (y - t) * cos(w · x) * x"), grad.rhs());
        assertEquals("[-8, -4]", grad.value());
    }
}
