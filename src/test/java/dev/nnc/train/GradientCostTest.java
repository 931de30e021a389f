package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.codegen.Plan;
import dev.nnc.diag.Source;
import dev.nnc.ir.Flops;
import dev.nnc.ir.Node;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The cheap-gradient principle on every model in {@code models/}: the backward pass (the nodes
 * of the gradients that the forward values do not already compute) costs at most
 * {@link #MAX_RATIO} times the forward pass (every named value), in floating-point operations
 * estimated from shapes by {@link Flops}. A larger ratio would mean a missed simplification or
 * a gradient recomputing what the forward pass has. Prints the table of BENCHMARKS.md, "Gradient cost".
 *
 * <p>A file with a literal batch is analysed at that batch without reading its data (N is set);
 * the others read their (small) data files.
 */
class GradientCostTest {
    static final double MAX_RATIO = 3.0;

    @TestFactory
    Stream<DynamicTest> theGradientCostsAtMostThreeForwardPasses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("models"))) {
            files = walk.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        System.out.printf("gradient-cost | %-28s | %14s | %14s | %6s | %12s |%n", "model", "forward flops", "backward flops",
                "ratio", "bwd moves");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(Nnc.read(f))));
    }

    private static void check(Source source) {
        Options options = Options.defaults();
        Integer batch = Trainer.literalBatch(dev.nnc.syntax.Parsing.parse(source));
        if (batch != null) options = options.withData(new Options.DataChoice(null, null, false, Map.of())).withSet("N", batch.toString());
        Plan plan = Nnc.analyse(source, options).plan();
        List<Node> forward = plan.values().stream().map(Plan.Named::node).toList();
        List<Node> backward = plan.gradients().stream().map(Plan.Named::node).toList();
        long f = Flops.total(forward), b = Flops.added(backward, forward);
        double ratio = (double) b / Math.max(1, f);
        System.out.printf("gradient-cost | %-28s | %,14d | %,14d | %6.2f | %,12d |%n", source.name(), f, b, ratio,
                Flops.addedMoves(backward, forward));
        assertTrue(ratio <= MAX_RATIO, source.name() + ": the backward pass costs " + ratio + " forward passes");
    }
}
