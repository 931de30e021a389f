package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ast.AstPrinter;
import dev.nnc.ast.Program;
import dev.nnc.ast.Stmt;
import dev.nnc.diag.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Golden parse trees for every precedence corner, from tests/parse/precedence.txt. */
class PrecedenceTest {
    @TestFactory
    Stream<DynamicTest> treesMatch() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("tests/parse/precedence.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertTrue(lines.size() >= 4);
        return lines.stream().map(line -> DynamicTest.dynamicTest(line, () -> {
            String[] parts = line.split(" => ", 2);
            Program p = Parsing.parse(new Source("t.nn", "z = " + parts[0]));
            Stmt.Def def = (Stmt.Def) p.statements().get(0);
            assertEquals(parts[1], AstPrinter.sexpr(def.value()));
        }));
    }
}
