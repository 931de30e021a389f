package dev.nnc.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file: the Python dict literal
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (5, 2), }}, read by a small parser
 * that accepts exactly the literals NumPy writes (strings, True/False, integer tuples).
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    static NpyHeader parse(String file, String text) {
        Map<String, Object> dict = new Parser(file, text).dict();
        Object descr = require(file, dict, "descr");
        Object fortran = require(file, dict, "fortran_order");
        Object shape = require(file, dict, "shape");
        if (!(descr instanceof String)) {
            throw new DataError(file, 0, "'descr' is " + show(descr) + ", expected a dtype string such as '<f8'");
        }
        if (!(fortran instanceof Boolean)) {
            throw new DataError(file, 0, "'fortran_order' is " + show(fortran) + ", expected True or False");
        }
        if (!(shape instanceof long[])) {
            throw new DataError(file, 0, "'shape' is " + show(shape) + ", expected a tuple of integers");
        }
        return new NpyHeader((String) descr, (Boolean) fortran, (long[]) shape);
    }

    private static String show(Object value) {
        return value instanceof long[] ? Arrays.toString((long[]) value) : String.valueOf(value);
    }

    private static Object require(String file, Map<String, Object> dict, String key) {
        Object value = dict.get(key);
        if (value == null) {
            throw new DataError(file, 0, "the header has no '" + key + "' entry");
        }
        return value;
    }

    /** A recursive-descent reader of the dict literal; values are String, Boolean or long[]. */
    private static final class Parser {
        private final String file;
        private final String text;
        private int pos;

        Parser(String file, String text) {
            this.file = file;
            this.text = text;
        }

        Map<String, Object> dict() {
            Map<String, Object> dict = new HashMap<>();
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                dict.put(key, value());
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            skipSpace();
            if (pos != text.length()) {
                throw fail("unexpected text after the dict");
            }
            return dict;
        }

        private Object value() {
            skipSpace();
            if (peek('\'') || peek('"')) {
                return string();
            }
            if (peek('(')) {
                return tuple();
            }
            if (peek('[')) {
                throw new DataError(file, 0, "structured dtypes (a list as 'descr') are not supported:"
                        + " save a plain numeric array");
            }
            for (String word : new String[] {"True", "False"}) {
                if (text.startsWith(word, pos)) {
                    pos += word.length();
                    return word.equals("True");
                }
            }
            throw fail("expected a string, a tuple, True or False");
        }

        /** {@code ()}, {@code (5,)}, {@code (5, 2)}; Python 2's {@code 5L} is accepted. */
        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!peek(')')) {
                dims.add(integer());
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw fail("expected a non-negative integer");
            }
            String digits = text.substring(start, pos);
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++;
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw fail("dimension " + digits + " is too large");
            }
        }

        private String string() {
            skipSpace();
            if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
                throw fail("expected a quoted string");
            }
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw fail("unterminated string");
            }
            String s = text.substring(pos, end);
            pos = end + 1;
            return s;
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw fail("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private DataError fail(String what) {
            String where = pos >= text.length() ? "the end" : "character " + (pos + 1);
            return new DataError(file, 0, "the header does not parse: " + what + " at " + where + " of "
                    + text.strip());
        }
    }
}
