package dev.nnc.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every bad input in tests/errors: exit status 1, `FILE:LINE:COL: error:` at the position
 * LANGUAGE.md prescribes, the expected words in the message, and no Java trace.
 * Cases named grad_* run `nnc grad`, the rest `nnc check`.
 */
class ErrorCorpusTest {
    static final Path DIR = Path.of("tests/errors");

    @TestFactory
    Stream<DynamicTest> everyBadInputIsReportedWhereItIs() throws IOException {
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.filter(p -> p.toString().endsWith(".nn")).sorted().forEach(cases::add);
        }
        assertTrue(cases.size() >= 100, "the bad-input corpus is missing");
        return cases.stream().map(nn -> DynamicTest.dynamicTest(nn.getFileName().toString(), () -> check(nn)));
    }

    /**
     * Inputs too big to commit (2 MB each), written here from a fixed seed: binary garbage, whose
     * first byte is never UTF-8, and text garbage of characters the language does not have.
     */
    @TestFactory
    Stream<DynamicTest> twoMegabytesOfGarbage(@org.junit.jupiter.api.io.TempDir Path dir) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2024);
        byte[] binary = new byte[2 << 20];
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) random.nextInt(256);
        binary[0] = (byte) 0xFF;
        StringBuilder text = new StringBuilder("x = 1\n");
        String junk = "$?~`";
        while (text.length() < 2 << 20) {
            for (int i = 0; i < 99; i++) text.append(junk.charAt(random.nextInt(junk.length())));
            text.append('\n');
        }
        return Stream.of(
                DynamicTest.dynamicTest("garbage_2mb_binary", () -> check(write(dir, "garbage_2mb_binary", binary), "1:1", "UTF-8")),
                DynamicTest.dynamicTest("garbage_2mb_text", () -> check(write(dir, "garbage_2mb_text",
                        text.toString().getBytes(StandardCharsets.UTF_8)), "2:1", "unexpected character")));
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name + ".nn"), bytes);
    }

    private static void check(Path nn) throws IOException {
        String name = nn.getFileName().toString().replace(".nn", "");
        String spec = Files.readString(nn.resolveSibling(name + ".err"), StandardCharsets.UTF_8).strip();
        check(nn, spec.split(" ", 2)[0], spec.contains(" ") ? spec.split(" ", 2)[1] : "");
    }

    private static void check(Path nn, String position, String words) throws IOException {
        String name = nn.getFileName().toString().replace(".nn", "");
        String command = name.startsWith("grad_") ? "grad" : "check";
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {command, nn.toString()}, new PrintWriter(out), new PrintWriter(err));
        String message = err.toString();
        assertEquals(1, status, "exit status; stderr:\n" + message);
        String firstLine = message.lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith(nn + ":" + position + ": error: "), "expected " + position + ", got:\n" + message);
        assertTrue(firstLine.toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT)),
                "expected the words '" + words + "' in:\n" + firstLine);
        assertFalse(message.contains("Exception") || message.contains("\tat "), "a Java trace reached the user:\n" + message);
        assertEquals("", out.toString(), "nothing on stdout for an error");
    }
}
