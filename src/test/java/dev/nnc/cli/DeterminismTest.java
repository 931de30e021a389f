package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file, seed and flags give the same bytes, run after run: generated source, the
 * `explain` transcript, and trained parameters (a shuffled, seeded run from random initial
 * weights, compared bit for bit through its checkpoint). Each run is its own JVM, so identity
 * hash codes and hash-map orders differ between them; anything that leaked into output would
 * show here.
 */
class DeterminismTest {
    @TempDir Path dir;

    @Test
    void twoProcessesGiveByteIdenticalSourceTranscriptAndParams() throws Exception {
        for (String run : List.of("a", "b")) {
            Path out = Files.createDirectories(dir.resolve(run));
            nnc(out, "compile", "models/gmm.nn", "--seed", "7", "-o", out.resolve("generated").toString());
            nnc(out, "explain", "models/gmm.nn", "--seed", "7");
            nnc(out, "train", "models/gmm.nn", "--seed", "7", "--epochs", "3", "--batch", "32", "--shuffle", "--lr", "0.3",
                    "--save", out.resolve("params.json").toString(), "--json", "--no-plots");
        }
        List<Path> a = files(dir.resolve("a")), b = files(dir.resolve("b"));
        assertEquals(a.stream().map(p -> dir.resolve("a").relativize(p)).toList(),
                b.stream().map(p -> dir.resolve("b").relativize(p)).toList());
        assertTrue(a.stream().anyMatch(p -> p.toString().endsWith(".java")), "generated source: " + a);
        assertTrue(a.stream().anyMatch(p -> p.toString().endsWith("params.json")), "a checkpoint: " + a);
        assertTrue(a.stream().anyMatch(p -> p.toString().endsWith("params.W1.npy")), "params as .npy: " + a);
        for (int i = 0; i < a.size(); i++) {
            byte[] x = timeless(a.get(i)), y = timeless(b.get(i));
            assertTrue(x.length > 0, a.get(i) + " is empty");
            assertArrayEquals(x, y, "differs between two runs: " + dir.resolve("a").relativize(a.get(i)));
        }
        String transcript = Files.readString(dir.resolve("a").resolve("explain.out"));
        assertTrue(transcript.contains("∂L/∂W1"), transcript);
        assertFalse(Files.readString(dir.resolve("a").resolve("train.out")).isBlank());
    }

    /** nnc in a JVM of its own; stdout to COMMAND.out in {@code out}. */
    private static void nnc(Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.nnc.cli.Main"));
        command.addAll(List.of(args));
        Path log = out.resolve(args[0] + ".out");
        Process p = new ProcessBuilder(command).redirectOutput(log.toFile()).redirectError(out.resolve(args[0] + ".err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nnc " + args[0] + " took too long");
        assertEquals(0, p.exitValue(), Files.readString(out.resolve(args[0] + ".err")));
    }

    /** A file's bytes; in train's JSON lines, the wall-clock "seconds" of each epoch (the one thing allowed to vary) is cut. */
    private static byte[] timeless(Path p) throws Exception {
        byte[] bytes = Files.readAllBytes(p);
        if (!p.getFileName().toString().equals("train.out")) return bytes;
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        String cut = text.replaceAll("\"seconds\":[-+0-9.eE]+,?", "");
        assertTrue(cut.length() < text.length() && cut.contains("\"epoch\":3"), text);
        return cut.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".err"))
                    .filter(p -> !p.getFileName().toString().equals("compile.out")) // it names the output directory
                    .sorted().toList();
        }
    }
}
