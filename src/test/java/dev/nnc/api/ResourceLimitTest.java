package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.diag.CompileError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The element limit is settable (--max-elements, Options.withMaxElements) and refuses a tensor at
 * its declaration; memory the model would need beyond the heap is refused before anything is
 * allocated — at the declaration of a value too big, or at the largest tensor of the plan.
 */
class ResourceLimitTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    static Run nnc(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = dev.nnc.cli.Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void maxElementsIsAFlagAndPointsAtTheDeclaration() throws Exception {
        Path f = dir.resolve("m.nn");
        Files.writeString(f, "param w = 1\nparam W[40, 40] = zeros\nL = sum(W) * w\nminimize L by sgd(lr = 0.1) for 1 steps\n");
        Run refused = nnc("check", f.toString(), "--max-elements", "1000");
        assertEquals(1, refused.status());
        assertTrue(refused.err().startsWith(f + ":2:7: error: 'W' would have more than 1000 elements"), refused.err());
        assertEquals(0, nnc("check", f.toString(), "--max-elements", "1600").status(), "40 × 40 = 1600 is allowed");
        assertEquals(0, nnc("grad", f.toString()).status(), "the default 2^28");
        Run negative = nnc("check", f.toString(), "--max-elements", "0");
        assertEquals(1, negative.status());
        assertTrue(negative.err().startsWith("nnc: error: --max-elements must be a positive number"), negative.err());
    }

    @Test
    void aDefinitionOverTheLimitPointsAtItsName() {
        CompileError e = assertThrows(CompileError.class, () -> Nnc.compile("m.nn",
                "param a[100, 1] = zeros\nparam b[1, 100] = zeros\ny = a @ b\n", Options.defaults().withMaxElements(9999)));
        assertEquals(3, e.diagnostics().get(0).span().line());
        assertEquals(1, e.diagnostics().get(0).span().column());
        assertTrue(e.getMessage().contains("10000 elements, more than the 9999 allowed"), e.getMessage());
    }

    /** A side n with n² doubles more than this JVM's heap (and n² still an int). */
    private static int tooBigForTheHeap() {
        long max = Runtime.getRuntime().maxMemory();
        long n = (long) Math.ceil(Math.sqrt(max / 8.0 * 1.25));
        assumeTrue(n * n < Integer.MAX_VALUE, "the heap is too large to exceed with one Java array");
        return (int) n;
    }

    @Test
    void aValueBiggerThanTheHeapIsRefusedAtItsDeclaration() {
        int n = tooBigForTheHeap();
        CompileError e = assertThrows(CompileError.class, () -> Nnc.compile("m.nn",
                "param w = 1\nparam W[" + n + ", " + n + "] = zeros\n", Options.defaults().withMaxElements(Integer.MAX_VALUE)));
        assertEquals(2, e.diagnostics().get(0).span().line());
        assertEquals(7, e.diagnostics().get(0).span().column());
        assertTrue(e.getMessage().contains("of memory, more than this JVM has free") && e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void aPlanBiggerThanTheHeapIsRefusedBeforeAllocating() {
        int n = tooBigForTheHeap();
        String model = "param a[" + n + ", 1] = zeros\nparam b[1, " + n + "] = zeros\ny = tanh(a @ b)\nL = sum(y)\n"
                + "minimize L by sgd(lr = 0.1) for 1 steps\n";
        for (Options.Backend backend : Options.Backend.values()) {
            CompileError e = assertThrows(CompileError.class, () -> Nnc.compile("m.nn", model,
                    Options.defaults().withMaxElements(Integer.MAX_VALUE).withBackend(backend)));
            assertEquals(3, e.diagnostics().get(0).span().line(), backend + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("of memory, more than this JVM has free"), e.getMessage());
        }
    }
}
