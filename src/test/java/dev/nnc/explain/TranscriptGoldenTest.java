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

    private static String explain(String model) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {"explain", model}, new PrintWriter(out), new PrintWriter(err));
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
}
