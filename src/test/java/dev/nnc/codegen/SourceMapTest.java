package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated Java lines map back to `.nn` lines, and a fault in generated code is reported there. */
class SourceMapTest {
    @Test
    void everyStatementMapsToItsLine() throws Exception {
        CompiledModel m = Nnc.compile(Path.of("models/sine.nn"), Options.defaults());
        List<String> java = m.javaSource().lines().toList();
        SourceMap map = SourceMap.of(m.javaSource());
        int sinLine = indexOf(java, "val_y[0] = Math.sin(") + 1;
        int powLine = indexOf(java, "val_L[0] = Kernels.pow(") + 1;
        assertEquals(8, map.nnLine(sinLine), "y = sin(w · x) - b is line 8 of sine.nn");
        assertEquals(9, map.nnLine(powLine), "L = (y - t)^2 is line 9");
        assertEquals(0, map.nnLine(indexOf(java, "public double[][] params()") + 1), "accessors belong to no line");
        assertEquals("forward", map.phase(sinLine));
        assertEquals("backward", map.phase(indexOf(java, "g_w[i] = ") + 1), "the gradient is computed in backward()");
        assertTrue(map.toJson("models/sine.nn").contains(", 8, \"forward\"]"), map.toJson("models/sine.nn"));
        assertTrue(map.toJson("models/sine.nn").contains(", 8, \"backward\"]"), map.toJson("models/sine.nn"));
    }

    @Test
    void aFaultInsideGeneratedCodeIsReportedAtTheNnLine() throws Exception {
        CompiledModel m = Nnc.compile(Path.of("models/sine.nn"), Options.defaults());
        // break the generated object on purpose: its input x loses its elements
        var field = m.runtime().getClass().getDeclaredField("in_x");
        field.setAccessible(true);
        field.set(m.runtime(), new double[0]);
        RuntimeException e = assertThrows(RuntimeException.class, m::forward);
        assertTrue(e.getMessage().contains("models/sine.nn:8"), e.getMessage());
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        throw new AssertionError("no line with " + text);
    }
}
