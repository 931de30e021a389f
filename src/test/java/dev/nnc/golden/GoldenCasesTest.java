package dev.nnc.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nnc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case in tests/golden/cases: `nnc grad --json` must give PyTorch's float64 answer, with
 * the generated code and with the reference interpreter.
 */
class GoldenCasesTest {
    static final Path CASES = Path.of("tests/golden/cases");
    static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> compiledMatchesPyTorch() throws IOException {
        return cases().map(nn -> DynamicTest.dynamicTest(name(nn), () -> check(nn, false)));
    }

    @TestFactory
    Stream<DynamicTest> interpreterMatchesPyTorch() throws IOException {
        return cases().map(nn -> DynamicTest.dynamicTest(name(nn), () -> check(nn, true)));
    }

    static Stream<Path> cases() throws IOException {
        List<Path> all = new ArrayList<>();
        try (var s = Files.list(CASES)) {
            s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(all::add);
        }
        assertTrue(all.size() >= 50, "the golden corpus is missing: " + CASES.toAbsolutePath());
        return all.stream();
    }

    private static String name(Path nn) {
        String f = nn.getFileName().toString();
        return f.substring(0, f.length() - 3);
    }

    static JsonNode run(String... args) throws IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        if (status != 0) fail("nnc " + String.join(" ", args) + " exited " + status + ":\n" + err);
        return JSON.readTree(out.toString());
    }

    private static void check(Path nn, boolean reference) throws IOException {
        Path expectedFile = nn.resolveSibling(name(nn) + ".expected.json");
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        JsonNode actual = reference ? run("grad", nn.toString(), "--json", "--reference") : run("grad", nn.toString(), "--json");
        assertEquals(expected.get("objective").asText(), actual.get("objective").asText(), "objective");
        for (String section : List.of("values", "gradients", "updated")) {
            JsonNode e = expected.get(section), a = actual.get(section);
            assertTrue(a != null, "missing section " + section + " in " + actual);
            List<String> expectedNames = new ArrayList<>(), actualNames = new ArrayList<>();
            e.fieldNames().forEachRemaining(expectedNames::add);
            a.fieldNames().forEachRemaining(actualNames::add);
            assertEquals(expectedNames, actualNames, section + " names");
            for (String k : expectedNames) close(e.get(k), a.get(k), section + "." + k);
        }
    }

    /** |a − e| ≤ 1e-12 + 1e-9·|e| elementwise, over nested lists of the same shape. */
    static void close(JsonNode expected, JsonNode actual, String where) {
        if (expected.isArray()) {
            assertTrue(actual.isArray() && actual.size() == expected.size(), where + ": expected " + expected + ", got " + actual);
            Iterator<JsonNode> ei = expected.elements(), ai = actual.elements();
            int i = 0;
            while (ei.hasNext()) close(ei.next(), ai.next(), where + "[" + i++ + "]");
            return;
        }
        assertTrue(actual.isNumber(), where + ": expected the number " + expected + ", got " + actual);
        double e = expected.asDouble(), a = actual.asDouble();
        assertTrue(Math.abs(a - e) <= 1e-12 + 1e-9 * Math.abs(e), where + ": expected " + e + ", got " + a);
    }
}
