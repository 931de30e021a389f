package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.janino.ScriptEvaluator;
import org.junit.jupiter.api.Test;

/**
 * The README's API example, run as written: its Java block is compiled and executed, and each
 * line it prints must equal the `// …` comment on the statement that printed it.
 */
class ReadmeExampleTest {
    @Test
    void apiExampleRunsAndPrintsWhatItsCommentsSay() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README has a ```java block");
        String block = readme.substring(start + 8, readme.indexOf("```", start + 8));

        List<String> expected = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (line.contains("System.out.println") && line.contains("//")) expected.add(line.substring(line.indexOf("//") + 2).trim());
        }
        assertTrue(expected.size() >= 3, "the example shows its results");

        ScriptEvaluator script = new ScriptEvaluator();
        script.setDefaultImports("dev.nnc.api.*", "java.nio.file.Path", "java.util.Arrays");
        script.setThrownExceptions(new Class<?>[] {Exception.class});
        script.setParentClassLoader(ReadmeExampleTest.class.getClassLoader());
        script.setTargetVersion(11);
        script.cook(block);

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            script.evaluate(new Object[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals(expected, List.of(captured.toString(StandardCharsets.UTF_8).split("\n")));
    }
}
