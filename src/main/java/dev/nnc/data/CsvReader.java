package dev.nnc.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a CSV file of numbers: a header row of column names, then one row per line, every
 * value a finite decimal number. UTF-8 (a byte-order mark is skipped), LF or CRLF; blank
 * lines only at the end. No quoting: a field is the text between commas, trimmed.
 */
final class CsvReader {
    /** What Double.parseDouble accepts minus Java's extras (hex floats, "1f", "NaN", "Infinity"). */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    private final String file;
    private int line;

    private CsvReader(String file) {
        this.file = file;
    }

    static Dataset read(Path path) {
        CsvReader reader = new CsvReader(path.toString());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataError(reader.file, 0, "no such file", e);
        } catch (IOException e) {
            throw new DataError(reader.file, 0, DataError.cannotRead(path, e), e);
        }
        try {
            return reader.parse(new BufferedReader(new StringReader(reader.decode(bytes))));
        } catch (IOException e) {
            throw new AssertionError("reading a string", e);
        }
    }

    /** Strict UTF-8; a malformed byte is reported on its line. */
    private String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            line = 1;
            for (int i = 0; i < bad; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw error(String.format("not UTF-8 text (byte 0x%02x at offset %d)", bytes[bad] & 0xFF, bad), null);
        }
        return out.flip().toString();
    }

    private Dataset parse(BufferedReader in) throws IOException {
        String[] names = header(in);
        DoubleList[] values = new DoubleList[names.length];
        for (int c = 0; c < names.length; c++) {
            values[c] = new DoubleList();
        }
        int rows = 0;
        int firstBlank = 0;
        for (String text = nextLine(in); text != null; text = nextLine(in)) {
            if (text.isBlank()) {
                firstBlank = firstBlank == 0 ? line : firstBlank;
                continue;
            }
            if (firstBlank != 0) {
                throw new DataError(file, firstBlank, "blank line inside the data (blank lines are allowed only at the end)");
            }
            String[] fields = text.split(",", -1);
            if (fields.length != names.length) {
                throw error("expected " + names.length + " fields (" + String.join(", ", names) + "), found "
                        + fields.length, null);
            }
            for (int c = 0; c < names.length; c++) {
                values[c].add(number(names[c], fields[c].trim()));
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataError(file, 0, "the header names the columns " + String.join(", ", names)
                    + " but there are no data rows");
        }
        Dataset.Builder data = Dataset.builder(rows);
        for (int c = 0; c < names.length; c++) {
            data.adopt(names[c], new int[0], values[c].toArray());
        }
        return data.build();
    }

    /** The column names of line 1: trimmed, non-empty, distinct. */
    private String[] header(BufferedReader in) throws IOException {
        String text = nextLine(in);
        if (text != null && text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text == null || text.isBlank()) {
            String rest = nextLine(in);
            while (rest != null && rest.isBlank()) {
                rest = nextLine(in);
            }
            if (rest == null) {
                throw new DataError(file, 0, "the file is empty: expected a header row naming the columns");
            }
            throw new DataError(file, 1, "blank line where the header row naming the columns should be");
        }
        String[] names = text.split(",", -1);
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < names.length; c++) {
            names[c] = names[c].trim();
            if (names[c].isEmpty()) {
                throw error("column " + (c + 1) + " of the header has an empty name", null);
            }
            Integer before = seen.putIfAbsent(names[c], c + 1);
            if (before != null) {
                throw error("duplicate column name '" + names[c] + "' (columns " + before + " and " + (c + 1) + ")", null);
            }
        }
        return names;
    }

    private double number(String column, String text) {
        if (text.isEmpty()) {
            throw error("column '" + column + "': empty value (expected a number)", null);
        }
        if (NON_FINITE.matcher(text).matches()) {
            throw error("column '" + column + "': '" + text + "' is not a finite number (NaN and infinity are refused)", null);
        }
        if (!NUMBER.matcher(text).matches()) {
            throw error("column '" + column + "': '" + text + "' is not a number", null);
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw error("column '" + column + "': '" + text + "' is too large for a double", null);
        }
        return value;
    }

    private String nextLine(BufferedReader in) throws IOException {
        line++;
        return in.readLine();
    }

    private DataError error(String detail, Throwable cause) {
        return new DataError(file, line, detail, cause);
    }

    /** A growable array of doubles, so a column is never boxed. */
    private static final class DoubleList {
        private double[] values = new double[64];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
