package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.api.CompiledModel;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.ast.Program;
import dev.nnc.data.Binder;
import dev.nnc.data.SplitData;
import dev.nnc.diag.Source;
import dev.nnc.syntax.Parsing;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The trainer's inner loop — gather a minibatch, {@code step()}, fold batchnorm statistics, read
 * the loss and the reports — allocates nothing once warm, for every model in {@code models/}
 * (and a momentum variant, since no model there uses one). Batchnorm models also evaluate with
 * their separate evaluation variant, which must not allocate either.
 *
 * <p>Models compile as the trainer compiles them ({@link Trainer#compile}), but with at most
 * {@link #MAX_ROWS} rows a step so the Fashion-MNIST models stay fast: the ops are the same at
 * any batch size. Warm-up and measured step counts shrink for the expensive models (a step
 * budget in time); nothing here asserts a time.
 */
class ModelAllocationTest {
    static final int MAX_ROWS = 16;
    static final int KEPT_ROWS = 4 * MAX_ROWS;
    private static final long WARM_NANOS = 500_000_000L;
    private final Map<String, Map<String, SplitData>> loaded = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> everyModelTrainsWithoutAllocating() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("models"))) {
            files = walk.filter(p -> p.toString().endsWith(".nn")).sorted().collect(Collectors.toList());
        }
        Stream<DynamicTest> models = files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(Nnc.read(f))));
        Stream<DynamicTest> momentum = Stream.of(DynamicTest.dynamicTest("gmm.nn with sgd momentum", () -> {
            Source gmm = Nnc.read(Path.of("models/gmm.nn"));
            String text = gmm.text().replace("sgd(lr = 0.1)", "sgd(lr = 0.1, momentum = 0.9)");
            assumeTrue(!text.equals(gmm.text()), "gmm.nn no longer says sgd(lr = 0.1)");
            check(new Source(gmm.name(), text));
        }));
        Stream<DynamicTest> float32 = Stream.of("bench/w5_fmnist_mlp.nn", "models/gmm.nn").map(f -> DynamicTest.dynamicTest(
                f + " in float32, as nnc bench trains it", () -> checkFloat32Bench(Nnc.read(Path.of(f)))));
        return Stream.concat(Stream.concat(models, momentum), float32);
    }

    /** nnc bench --float32's loop (Benchmark.Loop.trainFloats): gather rounded to float, floatStep(). */
    private void checkFloat32Bench(Source source) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        TrainConfig config = new TrainConfig(null, null, MAX_ROWS, false, 42, null, null, "p", null, null, null, null);
        Benchmark.Loop loop = Benchmark.prepare(source, Options.defaults().withFloat32(true), config);
        Variant v = loop.step;
        assertNotNull(v.floats, source.name() + " compiles to a Float32Model");
        v.floats.narrowMirrors();
        int batches = loop.rows / MAX_ROWS;
        StepLoop step = k -> {
            int from = (int) (k % batches) * MAX_ROWS;
            loop.train.gatherFloats(loop.order, from, from + MAX_ROWS, v.floatInputArrays);
            v.floats.floatStep();
            return v.floats.floatValues()[0][0];
        };
        assertEquals(0, allocatedPerStep(threads, step), source.name() + ": bytes allocated per float32 bench step");
    }

    private void check(Source source) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        Program program = Parsing.parse(source);
        Trainer trainer = new Trainer(source, Options.defaults(), TrainConfig.defaults(), new Trainer.Listener() {});
        Map<String, SplitData> splits = splits(program, trainer.baseDir());
        SplitData train = splits.isEmpty() ? null : splits.getOrDefault("train", splits.values().iterator().next());
        Integer literal = Trainer.literalBatch(program);
        int rows = train == null ? 0 : Math.min(MAX_ROWS, Math.min(train.rows(), literal != null ? literal : train.rows()));
        CompiledModel compiled = trainer.compile(train, rows, train == null, splits);
        Variant v = new Variant(compiled, Math.max(rows, 1));
        // the rows as the trainer feeds them: hoisted definitions computed once (x = X / 255)
        SplitData fed = HoistedData.of(train, compiled.compilation().hoisted(), false);
        RunningStats running = new RunningStats(compiled.model().batchnorms());
        List<String> reports = List.copyOf(compiled.model().reports().keySet());
        int[] order = new int[train == null ? 0 : train.rows()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int batches = train == null ? 1 : train.rows() / rows;
        StepLoop loop = k -> {
            if (train != null) {
                int from = (int) (k % batches) * rows;
                fed.gather(order, from, from + rows, v.inputArrays);
            }
            v.model.step();
            running.update(v);
            double sink = v.objectiveValue();
            for (int r = 0; r < reports.size(); r++) sink += v.value(reports.get(r));
            return sink;
        };
        long perStep = allocatedPerStep(threads, loop);
        if (perStep > 0) {
            // say which of the generated calls allocates (a pointer to the loop to read, not a second verdict)
            long f = allocatedPerStep(threads, k -> { v.runtime.forward(); return 0; });
            long b = allocatedPerStep(threads, k -> { v.runtime.backward(); return 0; });
            long u = allocatedPerStep(threads, k -> { v.runtime.update(); return 0; });
            assertEquals(0, perStep, source.name() + ": bytes allocated per training step (forward() " + f
                    + ", backward() " + b + ", update() " + u + ")");
        }

        if (!running.isEmpty()) {
            CompiledModel eval = trainer.compile(train, rows, false, splits, false);
            Variant e = new Variant(eval, rows);
            StepLoop evaluate = k -> {
                running.copyInto(e);
                e.model.forward();
                return e.objectiveValue();
            };
            assertEquals(0, allocatedPerStep(threads, evaluate), source.name() + ": bytes allocated per evaluation forward()");
        }
    }

    /**
     * Warms the loop (20,000 steps or about {@link #WARM_NANOS}, whichever comes first, but at least
     * 1,500 steps: the Vector API lanes allocate until C2 has compiled them), then measures the
     * bytes it and the helper thread allocate over a round of steps: up to ten rounds, the fewest
     * bytes wins. An allocation per step shows in every round; a one-off event of the JIT (an OSR
     * transition or a deoptimization rematerialising an object, seen as 128 bytes once) does not.
     */
    private static long allocatedPerStep(com.sun.management.ThreadMXBean threads, StepLoop loop) {
        double sink = 0;
        long k = 0, t0 = System.nanoTime();
        while (k < 20_000 && (k < 1_500 || System.nanoTime() - t0 < WARM_NANOS)) sink += loop.run(k++);
        long steps = Math.max(10, Math.min(10_000, k / 2));
        findHelper();
        long fewest = Long.MAX_VALUE;
        // up to ten rounds: on a loaded machine C2 may still be compiling (or recompiling after a
        // deoptimisation) the Vector API loops of the larger models, whose C1 code boxes every vector
        for (int round = 0; round < 10 && fewest > 0; round++) {
            long before = allocated(threads);
            long idle = allocated(threads) - before;   // what measuring costs
            before = allocated(threads);
            for (long i = 0; i < steps; i++) sink += loop.run(k++);
            fewest = Math.min(fewest, allocated(threads) - before - idle);
        }
        if (sink == 42.4242) System.out.print(""); // keeps the loop's results alive
        return fewest / steps + (fewest % steps == 0 ? 0 : 1);
    }

    /**
     * Bytes allocated so far by this thread and by the helper thread that shares large products
     * and loops with it ({@code nnc-gemm}, once started).
     */
    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long bytes = threads.getCurrentThreadAllocatedBytes();
        return helper == null ? bytes : bytes + Math.max(0, threads.getThreadAllocatedBytes(helper.getId()));
    }

    private static Thread helper;

    /** Finds the helper thread once it exists (it starts with the first shared product). */
    private static void findHelper() {
        if (helper != null) return;
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals("nnc-gemm")) helper = t;
    }

    @FunctionalInterface
    private interface StepLoop {
        double run(long k);
    }

    /**
     * The file's splits, cut to their first {@link #KEPT_ROWS} rows (the loop only needs a few
     * batches); files with the same data and input statements share them (the uva_bn models read
     * the same images).
     */
    private Map<String, SplitData> splits(Program program, Path baseDir) {
        String key = baseDir + "\n" + program.source().text().lines()
                .filter(l -> l.startsWith("data ") || l.startsWith("input ")).collect(Collectors.joining("\n"));
        return loaded.computeIfAbsent(key, k -> {
            Map<String, SplitData> cut = new LinkedHashMap<>();
            Binder.load(program, baseDir, 42, Map.of()).forEach((name, s) -> cut.put(name, firstRows(s, KEPT_ROWS)));
            return cut;
        });
    }

    private static SplitData firstRows(SplitData s, int rows) {
        if (s.rows() <= rows) return s;
        Map<String, SplitData.BoundInput> inputs = new LinkedHashMap<>();
        for (SplitData.BoundInput in : s.inputs().values()) {
            inputs.put(in.name(), new SplitData.BoundInput(in.name(), in.rowShape(), in.rowSize(),
                    Arrays.copyOf(in.values(), rows * in.rowSize())));
        }
        return new SplitData(s.split(), rows, inputs);
    }
}
