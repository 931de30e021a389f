package dev.nnc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nnc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.statistics.Statistics;

/**
 * Mutated valid models through the real command line, in process: `nnc check`, or `nnc grad`
 * with the reference interpreter, or `nnc grad` with generated code compared against the
 * interpreter. Every run ends in exit 0 with an answer (the same from both back-ends) or exit 1
 * with a positioned `FILE:LINE:COL: error:`; never an internal error, a stack trace, an
 * OutOfMemoryError or StackOverflowError, or more than 10 seconds (of a free core: see
 * {@link #budgetSeconds()}).
 *
 * The default run tries a small sample; `mvn -B -o verify -Pfuzz` runs {@link #fuzzMany}
 * (tagged "fuzz", excluded otherwise). Sizes are capped with {@code --max-elements} so that a
 * mutated dim cannot ask for minutes of arithmetic.
 */
class MutationFuzzProperties {
    static final long TIMEOUT_SECONDS = 10;
    static final String MAX_ELEMENTS = Long.toString(1L << 20);
    static final List<Mutants.Seed> SEEDS = Mutants.seeds();
    static final Path ROOT = mirror();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz");
        t.setDaemon(true);
        return t;
    });

    /** A mutant: which seed, which edits, and which command runs it (0–2 check, 3–6 grad --reference, 7 both back-ends). */
    record Mutant(int seed, List<Mutants.Edit> edits, int command) {
        @Override
        public String toString() {
            return SEEDS.get(seed) + " " + edits + " command " + command + ":\n"
                    + new String(Mutants.apply(SEEDS.get(seed).bytes(), edits), StandardCharsets.UTF_8);
        }
    }

    @Property(tries = 150)
    void mutatedModelsGetAnAnswerOrAPositionedError(@ForAll("mutants") Mutant m) {
        check(m);
    }

    /** Tries: jqwik.tries.default, which the fuzz profile sets to 100,000 (-Dfuzz.tries=N). */
    @Property
    @Tag("fuzz")
    void fuzzMany(@ForAll("mutants") Mutant m) {
        check(m);
    }

    @Provide
    Arbitrary<Mutant> mutants() {
        Arbitrary<Mutants.Edit> edit = Combinators.combine(
                Arbitraries.of(Mutants.Kind.class),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, Mutants.VOCABULARY.size() - 1),
                Arbitraries.integers().between(0, 255)).as(Mutants.Edit::new);
        return Combinators.combine(
                Arbitraries.integers().between(0, SEEDS.size() - 1),
                edit.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, 7)).as(Mutant::new);
    }

    static void check(Mutant m) {
        Mutants.Seed seed = SEEDS.get(m.seed());
        Path file = ROOT.resolve(seed.file().getParent().toString()).resolve("fuzz_" + seed.file().getFileName());
        try {
            Files.write(file, Mutants.apply(seed.bytes(), m.edits()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String f = file.toString();
        if (m.command() <= 2) {
            Run r = run("check", f, "--max-elements", MAX_ELEMENTS);
            Statistics.collect("check", r.status() == 0 ? "answer" : "error");
            if (r.status() == 0) assertTrue(r.out().contains(" "), "check printed nothing:\n" + r);
            return;
        }
        Run reference = run("grad", f, "--json", "--reference", "--max-elements", MAX_ELEMENTS);
        Statistics.collect(m.command() == 7 ? "grad, both back-ends" : "grad", reference.status() == 0 ? "answer" : "error");
        if (reference.status() == 0) {
            JsonNode answer = parse(reference);
            assertTrue(answer.has("objective") && answer.get("gradients").isObject(), "grad --json lacks its shape:\n" + reference);
            if (m.command() == 7) {
                Run compiled = run("grad", f, "--json", "--max-elements", MAX_ELEMENTS);
                assertEquals(0, compiled.status(), "the interpreter answered, generated code did not:\n" + compiled);
                same(answer, parse(compiled), "");
            }
        }
    }

    record Run(int status, String out, String err) {}

    /** Main.run on its own thread, so that a hang is a failure after TIMEOUT_SECONDS rather than a stuck build. */
    static Run run(String... args) {
        Future<Run> f = RUNNER.submit(() -> {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
            return new Run(status, out.toString(), err.toString());
        });
        Run r;
        long budget = budgetSeconds();
        try {
            r = f.get(budget, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("nnc " + String.join(" ", args) + " took more than " + budget + " s");
        } catch (ExecutionException e) {
            throw new AssertionError("nnc " + String.join(" ", args) + " threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String where = "nnc " + String.join(" ", args) + "\nstatus " + r.status() + "\nstdout:\n" + cut(r.out()) + "\nstderr:\n" + r.err();
        assertTrue(r.status() == 0 || r.status() == 1, "exit status: " + where);
        assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception") && !r.err().contains("internal error")
                && !r.err().contains("out of memory"), "a fault of nnc: " + where);
        if (r.status() == 1) {
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(Pattern.compile(Pattern.quote(args[1]) + ":\\d+:\\d+: error: \\S.*").matcher(first).matches(),
                    "not a positioned error: " + where);
            assertEquals("", r.out(), "stdout of a failed run: " + where);
        }
        return r;
    }

    /**
     * 10 s of a free core: on a machine busier than it has cores (a shared CI box, a niced run),
     * the wall-clock allowance grows with the load average, up to two minutes; a real hang still fails.
     */
    static long budgetSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double load = os.getSystemLoadAverage() / os.getAvailableProcessors();
        return (long) Math.min(120, TIMEOUT_SECONDS * Math.max(1, Double.isNaN(load) ? 1 : load));
    }

    private static JsonNode parse(Run r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("grad --json printed no JSON:\n" + r, e);
        }
    }

    /** The two back-ends' answers agree: NaN with NaN, an infinity with itself, numbers to 1e-6 relative. */
    private static void same(JsonNode a, JsonNode b, String path) {
        if (a.isObject() || a.isArray()) {
            assertEquals(a.size(), b.size(), "size of " + path);
            Iterator<String> names = a.fieldNames();
            if (a.isObject()) {
                while (names.hasNext()) {
                    String n = names.next();
                    assertTrue(b.has(n), path + "." + n + " missing");
                    same(a.get(n), b.get(n), path + "." + n);
                }
            } else {
                for (int i = 0; i < a.size(); i++) same(a.get(i), b.get(i), path + "[" + i + "]");
            }
            return;
        }
        if (a.isNumber() || b.isNumber()) {
            double x = value(a), y = value(b);
            if (Double.isNaN(x) && Double.isNaN(y) || x == y) return;
            double scale = Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
            if (!(Math.abs(x - y) <= 1e-6 * scale)) fail(path + ": interpreter " + x + ", generated code " + y);
            return;
        }
        assertEquals(a.asText(), b.asText(), path);
    }

    private static double value(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
    }

    private static String cut(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + " …" : s;
    }

    /**
     * A scratch copy of the seeds' folders: every non-.nn entry linked, so a mutant written there
     * finds the same data files its seed names.
     */
    private static Path mirror() {
        try {
            Path root = Files.createTempDirectory("nnc-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // links and mutants only: walking does not follow the links into the real folders
                try (Stream<Path> all = Files.walk(root)) {
                    all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a scratch folder left in /tmp
                }
            }));
            List<Path> dirs = new ArrayList<>();
            for (Mutants.Seed s : SEEDS) if (!dirs.contains(s.file().getParent())) dirs.add(s.file().getParent());
            for (Path d : dirs) {
                Path copy = Files.createDirectories(root.resolve(d.toString()));
                try (Stream<Path> entries = Files.list(d)) {
                    for (Path e : entries.filter(p -> !p.toString().endsWith(".nn")).toList()) {
                        Files.createSymbolicLink(copy.resolve(e.getFileName().toString()), e.toAbsolutePath());
                    }
                }
            }
            for (String top : List.of("bench", "tests/errors")) {
                Path link = root.resolve(top);
                if (!Files.exists(link)) {
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, Path.of(top).toAbsolutePath());
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
