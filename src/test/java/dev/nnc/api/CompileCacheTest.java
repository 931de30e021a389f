package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second compile of the same model loads the classes the first one stored, and computes the same. */
class CompileCacheTest {
    @TempDir Path dir;

    private static final String SINE = """
            param w[2] = [pi/2, pi]
            input x[2] = [2, 1]
            input t    = 2
            y = sin(w · x)
            L = (y - t)^2
            minimize L by sgd(lr = 0.5) for 1 steps
            """;

    @Test
    void theSecondCompileHitsAndComputesTheSame() {
        Options o = Options.defaults().withCacheDir(dir);
        CompiledModel first = Nnc.compile(SINE, o);
        CompiledModel second = Nnc.compile(SINE, o);
        assertTrue(first.stageNanos().containsKey("janino"), "the first compile runs Janino: " + first.stageNanos().keySet());
        assertTrue(second.stageNanos().containsKey("cache"), "the second loads from the cache: " + second.stageNanos().keySet());
        assertFalse(second.stageNanos().containsKey("janino"));
        assertEquals(1, entries().size());
        assertEquals(first.javaSource(), second.javaSource());
        for (CompiledModel m : List.of(first, second)) m.step();
        assertArrayEquals(first.value("L"), second.value("L"));
        assertArrayEquals(first.gradient("w"), second.gradient("w"));
        assertArrayEquals(first.param("w"), second.param("w"));
        assertArrayEquals(Nnc.compile(SINE, Options.defaults()).param("w"), new double[] {Math.PI / 2, Math.PI});
    }

    @Test
    void changedTextOrCodegenOptionsMiss() {
        Options o = Options.defaults().withCacheDir(dir);
        Nnc.compile(SINE, o);
        assertMiss(SINE.replace("(y - t)^2", "(y - t)^4"), o);
        assertMiss(SINE, o.withFloat32(true));
        assertMiss(SINE, o.withLr(0.25));
        assertMiss(SINE, o.withClassName("OtherModel"));
        String dims = "dim H = 2\nparam w[H] = ones\nL = sum(tanh(w))\nminimize L by sgd(lr = 0.1) for 1 steps\n";
        assertMiss(dims, o);
        assertMiss(dims, o.withSet("H", "3"));
        assertEquals(7, entries().size());
    }

    /** The seed changes initial values, not code: the class is shared and each model starts where its seed says. */
    @Test
    void aSharedClassStillGetsItsOwnInitialValues() {
        String text = "param w[3] = glorot\ninput x[3] = [1, 2, 3]\nL = sum(tanh(w * x))\nminimize L by sgd(lr = 0.1) for 1 steps\n";
        CompiledModel a = Nnc.compile(text, Options.defaults().withCacheDir(dir).withSeed(1));
        CompiledModel b = Nnc.compile(text, Options.defaults().withCacheDir(dir).withSeed(2));
        assertTrue(b.stageNanos().containsKey("cache"));
        assertArrayEquals(Nnc.compile(text, Options.defaults().withSeed(2)).param("w"), b.param("w"));
        assertFalse(java.util.Arrays.equals(a.param("w"), b.param("w")));
    }

    @Test
    void aCorruptEntryIsRecompiledAndReplaced() throws IOException {
        Options o = Options.defaults().withCacheDir(dir);
        Nnc.compile(SINE, o);
        Path entry = entries().get(0);
        byte[] good = Files.readAllBytes(entry);
        for (byte[] bad : List.of(new byte[0], "garbage".getBytes(), java.util.Arrays.copyOf(good, good.length / 2), flipped(good))) {
            Files.write(entry, bad);
            CompiledModel m = Nnc.compile(SINE, o);
            assertTrue(m.stageNanos().containsKey("janino"), "a damaged entry is a miss");
            m.step();
            assertArrayEquals(new double[] {-8, -4}, m.gradient("w"), 1e-12);
            assertArrayEquals(good, Files.readAllBytes(entry), "and is written again whole");
        }
        assertTrue(Nnc.compile(SINE, o).stageNanos().containsKey("cache"));
    }

    @Test
    void concurrentCompilesOfOneModelAllSucceed() throws Exception {
        Options o = Options.defaults().withCacheDir(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit((Callable<double[]>) () -> {
                    CompiledModel m = Nnc.compile(SINE, o);
                    m.step();
                    return m.param("w");
                }));
            }
            for (Future<double[]> r : runs) assertArrayEquals(runs.get(0).get(), r.get());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, entries().size(), "one entry, no temporary files left: " + entries());
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(1, all.count());
        }
    }

    @Test
    void theEnvironmentChoosesTheDirectory() {
        assertNull(CompileCache.defaultDir(Map.of("NNC_CACHE", "off", "NNC_CACHE_DIR", "/x")));
        assertEquals(Path.of("/x"), CompileCache.defaultDir(Map.of("NNC_CACHE_DIR", "/x", "XDG_CACHE_HOME", "/y")));
        assertEquals(Path.of("/y/nnc"), CompileCache.defaultDir(Map.of("XDG_CACHE_HOME", "/y")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "nnc"), CompileCache.defaultDir(Map.of()));
    }

    private void assertMiss(String text, Options o) {
        CompiledModel m = Nnc.compile(text, o);
        assertTrue(m.stageNanos().containsKey("janino"), "expected a miss: " + m.stageNanos().keySet());
        assertTrue(Nnc.compile(text, o).stageNanos().containsKey("cache"), "and then a hit");
    }

    private List<Path> entries() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".classes")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] flipped(byte[] good) {
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        return bad;
    }
}
