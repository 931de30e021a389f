package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, from `.nn` text: Java keywords and JDK names are ordinary names, and nothing a
 * file says (names, comments, strings, its own file name) can change the generated program.
 * Java turns a backslash-u escape into its character before it lexes, even inside a comment,
 * so the lines quoted in the generated comments are the likeliest way in; an injected statement
 * would throw "injected" (or exit) when the model runs, and its text would appear as code.
 */
class InjectionTest {
    @TempDir Path dir;

    /** Every name a Java keyword or a java.lang class; the answers are worked by hand in the comments. */
    static final String JAVA_WORDS = String.join("\n",
            "# \\u000a throw new Error(\"injected\"); */ /* \\u000d\\u000a System.exit(3);",
            "param class[2] = [1, 2]",
            "param System = 3",
            "input int[2] = [0.5, -1]",
            "input null = 2",
            "const Math = 4",
            "dim String = 2",
            "param double[String] = [0, 0]",
            "fn java(long, Object) = long * Object + Math       # \\u000a throw new Error(\"injected\");",
            "return = java(class, int) + double                 # [0.5, -2] + 4 = [4.5, 2]",
            "L = sum(return) * System * null                    # 6.5 * 3 * 2 = 39",
            "minimize L by sgd(lr = 0.1) for 1 steps",
            "");

    @Test
    void javaKeywordsAndJdkNamesAreOrdinaryNames() {
        for (Options.Backend backend : Options.Backend.values()) {
            CompiledModel m = Nnc.compile("java_words.nn", JAVA_WORDS, Options.defaults().withBackend(backend));
            m.forward();
            m.backward();
            assertArrayEquals(new double[] {4.5, 2}, m.value("return"), 1e-12, backend.name());
            assertEquals(39, m.value("L")[0], 1e-12);
            // ∂L/∂class = int · System · null = [0.5, -1] · 6; ∂L/∂System = sum(return) · null = 13; ∂L/∂double = 6
            assertArrayEquals(new double[] {3, -6}, m.gradient("class"), 1e-12);
            assertArrayEquals(new double[] {13}, m.gradient("System"), 1e-12);
            assertArrayEquals(new double[] {6, 6}, m.gradient("double"), 1e-12);
            m.step();
            assertArrayEquals(new double[] {0.7, 2.6}, m.param("class"), 1e-12);
            assertArrayEquals(new double[] {1.7}, m.param("System"), 1e-12);
            if (backend == Options.Backend.COMPILED) noInjectedCode(m.javaSource());
        }
    }

    @Test
    void injectionShapedPathsAndFileNamesCannotAlterTheProgram() throws Exception {
        // a data path with a quote, a statement, a comment opener and closer and a unicode escape:
        // directories `q"); System.exit(1); ` and `*`, and a file named backslash, u000a, .csv (not a newline)
        Path data = Files.createDirectories(dir.resolve("q\"); System.exit(1); ").resolve("*")).resolve("\\u000a.csv");
        Files.writeString(data, "x,t\n1,2\n3,5\n");
        String model = String.join("\n",
                "input x[N]",
                "input t[N]",
                "data train = csv(\"q\\\"); System.exit(1); //*/\\\\u000a.csv\", x = x, t = t)",
                "param w = 1",
                "L = mean((w * x - t)^2)                    # ((1-2)^2 + (3-5)^2)/2 = 2.5",
                "minimize L by sgd(lr = 0.1) for 1 steps",
                "");
        Path file = dir.resolve("\"); System.exit(1); \\u000a * class.nn");
        Files.writeString(file, model);
        CompiledModel m = Nnc.compile(file, Options.defaults());
        m.forward();
        m.backward();
        assertEquals(2.5, m.value("L")[0], 1e-12);
        // ∂L/∂w = mean(2 (w x − t) x) = (2·(−1)·1 + 2·(−2)·3)/2 = −7
        assertEquals(-7, m.gradient("w")[0], 1e-12);
        noInjectedCode(m.javaSource());
    }

    /**
     * The source as javac would lex it (unicode escapes first), comments removed: no injected
     * statement survives as code.
     */
    static void noInjectedCode(String source) {
        String lexed = unescapeUnicode(source);
        String code = Pattern.compile("//[^\n\r]*|/\\*.*?\\*/", Pattern.DOTALL).matcher(lexed).replaceAll("");
        assertFalse(code.contains("System.exit") || code.contains("injected"), source);
        assertTrue(source.contains("// line 9: fn java") || source.contains("// line 5: L = mean"), source);
    }

    /** JLS 3.3: a backslash-u escape preceded by an even number of backslashes is its character. */
    static String unescapeUnicode(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                int run = 0;
                while (i + run < s.length() && s.charAt(i + run) == '\\') run++;
                b.append(s, i, i + run);
                i += run;
                if (run % 2 == 1 && i < s.length() && s.charAt(i) == 'u') {
                    b.setLength(b.length() - 1);
                    while (i < s.length() && s.charAt(i) == 'u') i++;
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                continue;
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }
}
