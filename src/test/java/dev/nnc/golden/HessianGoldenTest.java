package dev.nnc.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nnc.api.Hessians;
import dev.nnc.api.Nnc;
import dev.nnc.api.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hessians (reverse over reverse) and Hessian-vector products of golden models against
 * torch.autograd.functional.hessian / hvp in float64 (tests/golden/hessians.py).
 */
class HessianGoldenTest {
    static final Path DIR = Path.of("tests/golden/hessians");

    @TestFactory
    Stream<DynamicTest> hessiansMatchPyTorch() throws IOException {
        List<Path> files;
        try (var s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "at least ten models");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        JsonNode e = new ObjectMapper().readTree(file.toFile());
        var source = Nnc.read(Path.of("tests/golden/cases", e.get("case").asText() + ".nn"));
        Hessians.Result h = Hessians.hessian(source, Options.defaults(), List.of());
        JsonNode expected = e.get("hessian");
        assertEquals(expected.size(), h.matrix().length, "entries");
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.size(); j++) {
                double x = expected.get(i).get(j).asDouble(), a = h.matrix()[i][j];
                assertTrue(Math.abs(a - x) <= 1e-12 + 1e-9 * Math.abs(x), "H[" + i + "][" + j + "]: torch " + x + ", nnc " + a);
            }
        }
        double[] v = new double[e.get("v").size()];
        for (int i = 0; i < v.length; i++) v[i] = e.get("v").get(i).asDouble();
        Hessians.Result hv = Hessians.hvp(source, Options.defaults(), List.of(), v);
        for (int i = 0; i < v.length; i++) {
            double x = e.get("hvp").get(i).asDouble(), a = hv.product()[i];
            assertTrue(Math.abs(a - x) <= 1e-12 + 1e-9 * Math.abs(x), "Hv[" + i + "]: torch " + x + ", nnc " + a);
        }
    }
}
