package dev.nnc.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import dev.nnc.runtime.GeneratedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A class that keeps its arrays in {@link Slots} (as a graph of thousands of tensors does)
 * computes bit for bit what the same plan's class with one field per array computes: every
 * model in {@code models/}, in both precisions, forced into slots by a threshold of zero.
 */
class SlotsTest {
    @TestFactory
    Stream<DynamicTest> slotsComputeWhatFieldsCompute() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("models"))) {
            files = walk.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        return files.stream().flatMap(f -> Stream.of(Precision.values()).map(p ->
                DynamicTest.dynamicTest(f + " " + p, () -> check(f, p))));
    }

    private static void check(Path file, Precision precision) throws IOException {
        // the Fashion-MNIST files are analysed at a batch of 4 without their data
        String text = Files.readString(file);
        Options options = Options.defaults();
        if (text.contains("fashion_mnist(")) options = options.withData(new Options.DataChoice(null, null, false, Map.of())).withSet("N", "4");
        Plan plan = Nnc.analyse(Nnc.read(file), options).plan();
        String fields = JavaEmitter.emit(plan, precision).toString();
        String slots = JavaEmitter.emit(plan, precision, 0).toString();
        assertFalse(fields.contains("slots_"));
        assertTrue(slots.contains("slots_"), "forced into slots");
        GeneratedModel a = JaninoCompiler.load(JavaEmitter.emit(plan, precision));
        GeneratedModel b = JaninoCompiler.load(JavaEmitter.emit(plan, precision, 0));
        Harness.fill(a, plan, 7, false);
        Harness.fill(b, plan, 7, false);
        for (int step = 0; step < 3; step++) {
            a.step();
            b.step();
        }
        assertEqual(a.params(), b.params());
        assertEqual(a.values(), b.values());
        assertEqual(a.gradients(), b.gradients());
        assertEqual(a.optimizerState(), b.optimizerState());
    }

    private static void assertEqual(double[][] x, double[][] y) {
        assertEquals(x.length, y.length);
        for (int i = 0; i < x.length; i++) assertArrayEquals(x[i], y[i]);
    }
}
