package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * generated/ holds `nnc compile` output (the class and its source map) for every model in models/
 * and nothing else; a stale
 * file fails here. Regenerate on purpose with: mvn test -Dtest=GeneratedSourcesTest -Dnnc.regenerate=true
 */
class GeneratedSourcesTest {
    static final Path MODELS = Path.of("models"), GENERATED = Path.of("generated");

    static List<Path> models() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(MODELS)) {
            s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(out::add);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyModelsGeneratedSourceIsCurrent() throws IOException {
        boolean regenerate = Boolean.getBoolean("nnc.regenerate");
        return models().stream().map(model -> DynamicTest.dynamicTest(model.getFileName().toString(), () -> {
            CompiledModel m = Nnc.compile(model, Options.defaults());
            Path target = GENERATED.resolve(m.compilation().plan().className() + ".java");
            Path map = GENERATED.resolve(m.compilation().plan().className() + ".map.json");
            String mapJson = dev.nnc.codegen.SourceMap.of(m.javaSource()).toJson(model.toString());
            if (regenerate) {
                Files.createDirectories(GENERATED);
                Files.writeString(target, m.javaSource());
                Files.writeString(map, mapJson);
            }
            assertTrue(Files.exists(target), target + " is missing: run ./nnc compile " + model);
            assertEquals(Files.readString(target), m.javaSource(), target + " is stale: run ./nnc compile " + model);
            assertEquals(Files.readString(map), mapJson, map + " is stale: run ./nnc compile " + model);
        }));
    }

    @Test
    void noOrphans() throws IOException {
        List<String> expected = new ArrayList<>();
        for (Path model : models()) expected.add(Nnc.compile(model, Options.defaults()).compilation().plan().className() + ".java");
        List<String> actual = new ArrayList<>();
        try (Stream<Path> s = Files.list(GENERATED)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java")).sorted().forEach(actual::add);
        }
        expected.sort(null);
        assertEquals(expected, actual, "generated/ must match models/ one to one");
    }
}
