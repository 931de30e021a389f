package dev.nnc.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * explain in Markdown and LaTeX. The LaTeX transcripts are compiled by a real engine (pdflatex,
 * Debian package texlive-latex-base, installed by .ci/run).
 */
class FormatsTest {
    @TempDir Path dir;

    private static String explain(String model, String format) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"explain", model, "--format", format}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        return out.toString();
    }

    @Test
    void markdownWritesMathBetweenDollars() {
        String md = explain("models/sine.nn", "markdown");
        assertTrue(md.startsWith("## The derivation of L"), md);
        assertTrue(md.contains("- $\\frac{\\partial L}{\\partial w} = 2 \\cdot (y - t) \\cdot \\cos\\left(w \\cdot x\\right) \\cdot x$"), md);
        for (String line : md.split("\n")) {
            assertEquals(0, line.chars().filter(ch -> ch == '$').count() % 2, "unbalanced $ in: " + line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"models/sine.nn", "models/lab2_scalar.nn", "models/gmm.nn", "models/lab04_conv.nn", "models/mle.nn"})
    void latexCompilesWithPdflatex(String model) throws Exception {
        String tex = explain(model, "latex");
        Path file = dir.resolve("t.tex");
        Files.writeString(file, tex);
        Process p = new ProcessBuilder("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "log.txt")).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pdflatex finishes");
        assertEquals(0, p.exitValue(), "pdflatex failed on " + model + ":\n" + Files.readString(dir.resolve("log.txt")));
        assertTrue(Files.size(dir.resolve("t.pdf")) > 1000);
    }
}
