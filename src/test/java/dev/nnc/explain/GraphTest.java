package dev.nnc.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nnc graph`: the sine neuron's graph as the lab draws it, forward and backward. */
class GraphTest {
    @TempDir Path dir;

    private static String run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        return out.toString();
    }

    @Test
    void forwardGraphHasTheLabsNodesAndValues() {
        String dot = run("graph", "models/sine.nn", "--values");
        assertTrue(dot.startsWith("digraph nnc {"), dot);
        assertTrue(dot.contains("param w\\n[2]\\n= [1.571, 3.142]"), dot);
        assertTrue(dot.contains("input x\\n[2]\\n= [2, 1]"), dot);
        assertTrue(dot.contains("y = sin"), dot);
        assertTrue(dot.contains("L = ^\\n= 4"), dot);
        assertTrue(!dot.contains("cluster_backward"), "no backward without --backward");
    }

    @Test
    void backwardGraphReusesForwardValuesWithDashedEdges() {
        String dot = run("graph", "models/sine.nn", "--backward", "--values");
        assertTrue(dot.contains("cluster_backward"), dot);
        assertTrue(dot.contains("∂L/∂w\\n[2]\\n= [-8, -4]"), dot);
        assertTrue(dot.contains("style=dashed, color="), "reused forward values are dashed edges:\n" + dot);
    }

    @Test
    void svgAndPngThroughGraphviz() throws Exception {
        Path svg = dir.resolve("g.svg"), png = dir.resolve("g.png");
        run("graph", "models/gmm.nn", "--backward", "-o", svg.toString());
        run("graph", "models/lab04_conv.nn", "-o", png.toString());
        assertTrue(Files.readString(svg).contains("<svg"), "an SVG document");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
