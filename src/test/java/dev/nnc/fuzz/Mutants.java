package dev.nnc.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Valid models and the edits that break them: token insertions, deletions, swaps and
 * duplications, byte flips and truncation. An edit holds fractions in [0, 1) for its positions,
 * so the same edit applies to any file and jqwik can shrink a failing list of edits.
 */
final class Mutants {
    private Mutants() {}

    /** A valid model to start from: where it lives (its data is found relative to it) and its bytes. */
    record Seed(Path file, byte[] bytes) {
        @Override
        public String toString() {
            return file.toString();
        }
    }

    enum Kind { INSERT_TOKEN, DELETE_TOKEN, SWAP_TOKENS, DUPLICATE_TOKEN, REPLACE_TOKEN, DUPLICATE_LINE, FLIP_BIT, SET_BYTE, TRUNCATE }

    /** One edit: positions as fractions of the text, a pick from the vocabulary, a byte. */
    record Edit(Kind kind, double at, double other, int pick, int value) {}

    /**
     * Tokens worth inserting: every kind of punctuation the grammar knows, statement words,
     * function names, numbers at the edges of what sizes and indices accept, names that are Java
     * words, strings, unicode, and bytes a lexer must refuse.
     */
    static final List<String> VOCABULARY = List.of(
            "(", ")", "[", "]", ",", ";", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "^", "@", "·",
            ".T", ".", ":", "::", "\n", " ", "#", "\"", "\"data.csv\"", "\\", "\t", "\r",
            "dim", "param", "input", "const", "fn", "data", "report", "minimize", "maximize", "by", "for", "steps", "epochs",
            "batch", "sgd", "adam", "lr", "momentum", "axis", "stride", "padding",
            "sin", "log", "exp", "sqrt", "sum", "mean", "max", "softmax", "log_softmax", "cross_entropy", "onehot",
            "reshape", "flatten", "transpose", "conv2d", "maxpool", "avgpool", "batchnorm", "grad", "argmax", "logsumexp",
            "dot", "zeros", "ones", "uniform", "normal", "glorot", "he", "pi", "π",
            "0", "1", "2", "-1", "0.5", "1e-300", "1e308", "1e309", "3", "7", "64", "1000", "65536", "2147483647",
            "2147483648", "99999999999999999999", "NaN", "inf",
            "x", "y", "w", "L", "N", "H", "X", "T", "class", "int", "System", "null", "java", "Math", "String",
            "θ", "𝑥", "\u0000", "\u00ff", "\uFEFF", "$", "×", "\\u000a", "*/", "/*", "\"); System.exit(1); //");

    private static final Pattern TOKEN = Pattern.compile(
            "\\p{L}[\\p{L}\\p{N}_]*|_[\\p{L}\\p{N}_]*|\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?|\"(?:[^\"\\\\\\n]|\\\\.)*\"|\\s+|.",
            Pattern.DOTALL);

    /** The valid models: models/ (without those that read Fashion-MNIST: data sizes stay small) and the golden cases. */
    static List<Seed> seeds() {
        List<Seed> out = new ArrayList<>();
        for (String dir : List.of("models", "tests/golden/cases")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".nn")).sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(p);
                    if (new String(bytes, StandardCharsets.UTF_8).contains("fashion_mnist")) continue;
                    out.add(new Seed(p, bytes));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    static byte[] apply(byte[] bytes, List<Edit> edits) {
        byte[] b = bytes;
        for (Edit e : edits) b = apply(b, e);
        return b;
    }

    private static byte[] apply(byte[] bytes, Edit e) {
        switch (e.kind()) {
            case FLIP_BIT, SET_BYTE, TRUNCATE -> {
                if (bytes.length == 0) return bytes;
                int i = index(e.at(), bytes.length);
                if (e.kind() == Kind.TRUNCATE) return java.util.Arrays.copyOf(bytes, i);
                byte[] out = bytes.clone();
                out[i] = e.kind() == Kind.FLIP_BIT ? (byte) (out[i] ^ (1 << (e.value() & 7))) : (byte) e.value();
                return out;
            }
            default -> {
                List<String> t = tokens(new String(bytes, StandardCharsets.UTF_8));
                String word = VOCABULARY.get(Math.floorMod(e.pick(), VOCABULARY.size()));
                int i = index(e.at(), t.size() + 1), j = index(e.other(), t.size() + 1);
                switch (e.kind()) {
                    case INSERT_TOKEN -> t.add(i, word);
                    case DELETE_TOKEN -> { if (i < t.size()) t.remove(i); }
                    case REPLACE_TOKEN -> { if (i < t.size()) t.set(i, word); }
                    case DUPLICATE_TOKEN -> { if (i < t.size()) t.add(j, t.get(i)); }
                    case SWAP_TOKENS -> {
                        if (i < t.size() && j < t.size()) {
                            String a = t.get(i);
                            t.set(i, t.get(j));
                            t.set(j, a);
                        }
                    }
                    case DUPLICATE_LINE -> {
                        String text = String.join("", t);
                        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                        int k = index(e.at(), lines.size()), to = index(e.other(), lines.size() + 1);
                        lines.add(to, lines.get(k));
                        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
                    }
                    default -> throw new IllegalStateException(e.kind().toString());
                }
                return String.join("", t).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static int index(double fraction, int size) {
        return Math.min(size - 1, Math.max(0, (int) (fraction * size)));
    }
}
