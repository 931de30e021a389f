package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that is truncated, has a flipped digit, has a corrupted .npy beside it, or was
 * written by another model is refused by `nnc train --resume` with exit 1 and a message naming
 * the file, never resumed from.
 */
class CheckpointIntegrityTest {
    @TempDir Path dir;
    Path model, checkpoint;

    @BeforeEach
    void trainAndSave() throws Exception {
        model = dir.resolve("small.nn");
        Files.writeString(model, KillTest.MODEL);
        checkpoint = dir.resolve("run.json");
        Run r = nnc("train", model.toString(), "--steps", "30", "--save", checkpoint.toString(), "--json", "--no-plots");
        assertEquals(0, r.status(), r.err());
        assertEquals(0, resume().status(), "an intact checkpoint resumes");
    }

    record Run(int status, String out, String err) {}

    static Run nnc(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private Run resume() {
        return nnc("train", model.toString(), "--steps", "40", "--resume", checkpoint.toString(), "--json", "--no-plots");
    }

    private void refused(Path named, String words) {
        Run r = resume();
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("nnc: error: " + named + ": ") && r.err().contains(words), r.err());
        assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), r.err());
    }

    @Test
    void aTruncatedCheckpointIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        refused(checkpoint, "truncated or corrupted");
    }

    @Test
    void aChangedDigitIsCaughtByTheChecksum() throws Exception {
        String text = Files.readString(checkpoint);
        int i = text.indexOf("\"b\" : ") + 8;   // a digit inside b's value: still valid JSON, another number
        char c = text.charAt(i);
        assertTrue(Character.isDigit(c), text);
        Files.writeString(checkpoint, text.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + text.substring(i + 1));
        refused(checkpoint, "checksum mismatch");
    }

    @Test
    void aChangedOptimizerStateIsCaughtByTheChecksum() throws Exception {
        String text = Files.readString(checkpoint);
        Files.writeString(checkpoint, text.replaceFirst("\"updates\" : 30", "\"updates\" : 31"));
        refused(checkpoint, "checksum mismatch");
    }

    @Test
    void aCorruptedNpyBesideItIsNamed() throws Exception {
        Path npy = dir.resolve("run.w.npy");
        byte[] bytes = Files.readAllBytes(npy);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(npy, bytes);
        refused(npy, "checksum mismatch");
        Files.delete(npy);
        refused(npy, "missing");
    }

    @Test
    void aCheckpointOfAnotherModelIsRefused() throws Exception {
        Files.writeString(model, KillTest.MODEL.replace("param w[3] = [1, -2, 0.5]", "param w[2] = [1, -2]")
                .replace("input x[3] = [0.3, 0.1, -0.2]", "input x[2] = [0.3, 0.1]").replace("[0.25, -0.5, 0.9]", "[0.25, -0.5]"));
        refused(checkpoint, "shape [3] there, but the model declares [2]");
        Files.writeString(model, KillTest.MODEL.replace("param b = 0.1", "param c = 0.1").replace("+ b)", "+ c)"));
        refused(checkpoint, "no value for param 'c'");
    }

    @Test
    void aCheckpointWithAParamTheModelLacksIsRefused() throws Exception {
        Files.writeString(model, KillTest.MODEL.replace("param b = 0.1\n", "").replace("+ b)", ")"));
        refused(checkpoint, "param 'b' that this model does not declare");
    }

    @Test
    void theChecksumCoversTheNumbersNotTheLayout() throws Exception {
        String text = Files.readString(checkpoint, StandardCharsets.UTF_8);
        Files.writeString(checkpoint, text.replace("\n", "\n  ").replace(" : ", ":"));
        assertEquals(0, resume().status(), "whitespace is not corruption");
    }
}
