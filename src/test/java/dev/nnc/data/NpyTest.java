package dev.nnc.data;

import static dev.nnc.data.NpyFiles.dict;
import static dev.nnc.data.NpyFiles.encode;
import static dev.nnc.data.NpyFiles.withHeader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("pts.npy"), bytes);
    }

    /** One dtype (kind and size, no byte order) and values covering its range. */
    private record Type(String code, long[] ints, double[] floats) {
        static Type ints(String code, long... values) {
            return new Type(code, values, null);
        }

        static Type floats(String code, double... values) {
            return new Type(code, null, values);
        }

        double[] expected() {
            if (floats != null) {
                return floats.clone();
            }
            double[] out = new double[ints.length];
            for (int i = 0; i < ints.length; i++) {
                long v = ints[i];
                out[i] = switch (code) {
                    case "u8" -> new BigDecimal(new BigInteger(Long.toUnsignedString(v))).doubleValue();
                    case "u4" -> v & 0xFFFFFFFFL;
                    case "u2" -> v & 0xFFFF;
                    case "u1" -> v & 0xFF;
                    default -> v;
                };
            }
            return out;
        }
    }

    private static final List<Type> TYPES = List.of(
            Type.floats("f8", -1.5, 0, Math.PI, 1e300, -Double.MIN_VALUE, Double.MAX_VALUE),
            Type.floats("f4", -1.5, 0, (double) 0.1f, (double) Float.MAX_VALUE, (double) Float.MIN_VALUE),
            Type.ints("i8", Long.MIN_VALUE, -1, 0, 1L << 53, Long.MAX_VALUE),
            Type.ints("i4", Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE),
            Type.ints("i2", Short.MIN_VALUE, -1, 0, Short.MAX_VALUE),
            Type.ints("i1", Byte.MIN_VALUE, -1, 0, Byte.MAX_VALUE),
            // 0x8000000000000401 = 2^63 + 1025 rounds up to 2^63 + 2048: a check on double rounding.
            Type.ints("u8", 0, 1, Long.MIN_VALUE, 0x8000000000000401L, -1),
            Type.ints("u4", 0, 1, 1L << 31, 0xFFFFFFFFL),
            Type.ints("u2", 0, 1, 0x8000, 0xFFFF),
            Type.ints("u1", 0, 1, 0x80, 0xFF),
            Type.ints("b1", 0, 1, 1, 0));

    @TestFactory
    Stream<DynamicTest> everyDtypeVersionAndByteOrderRoundTrips() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Type type : TYPES) {
            boolean oneByte = type.code().endsWith("1");
            for (String order : oneByte ? List.of("|", "<", ">") : List.of("<", ">")) {
                for (int major = 1; major <= 3; major++) {
                    String descr = order + type.code();
                    int version = major;
                    tests.add(DynamicTest.dynamicTest(descr + " v" + major + ".0", () -> {
                        double[] expected = type.expected();
                        byte[] data = encode(descr, type.ints(), type.floats());
                        Dataset d = Sources.npy(write(withHeader(version, dict(descr, false, expected.length), data)));
                        assertEquals(List.of("array"), d.columnNames());
                        assertEquals(expected.length, d.rows());
                        assertArrayEquals(new int[0], d.columnShape("array"));
                        assertArrayEquals(expected, d.column("array"));
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void rowShapeIsTheShapeAfterTheFirstAxis() throws IOException {
        double[] values = new double[12];
        for (int i = 0; i < 12; i++) {
            values[i] = i - 6.5;
        }
        Dataset d = Sources.npy(write(withHeader(1, dict("<f8", false, 2, 3, 2), encode("<f8", null, values))));
        assertEquals(2, d.rows());
        assertArrayEquals(new int[] {3, 2}, d.columnShape("array"));
        assertArrayEquals(values, d.column("array"));
        Dataset empty = Sources.npy(write(withHeader(1, dict("<f8", false, 0, 4), new byte[0])));
        assertEquals(0, empty.rows());
        assertArrayEquals(new int[] {4}, empty.columnShape("array"));
    }

    @Test
    void headerSpellingsNumPyHasWritten() throws IOException {
        byte[] data = encode("<i4", new long[] {7, 8}, null);
        for (String header : List.of(
                "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<i4\"}", // other order, double quotes
                "{'descr':'<i4','fortran_order':False,'shape':(2L,)}",             // Python 2 long
                "{ 'descr' : '<i4' , 'fortran_order' : False , 'shape' : ( 2 , ) , }")) {
            assertArrayEquals(new double[] {7, 8}, Sources.npy(write(withHeader(1, header, data))).column("array"), header);
        }
    }

    @Test
    void trailingBytesAfterTheDataAreIgnoredAsNumPyDoes() throws IOException {
        byte[] data = encode("<i2", new long[] {1, 2, 3}, null);
        Dataset d = Sources.npy(write(withHeader(1, dict("<i2", false, 2), data)));
        assertArrayEquals(new double[] {1, 2}, d.column("array"));
    }

    private record Bad(String name, byte[] bytes, String detail) {}

    @TestFactory
    Stream<DynamicTest> corruptFilesNameTheFileAndTheProblem() {
        byte[] f8 = encode("<f8", null, new double[] {1, 2, 3, 4});
        byte[] good = withHeader(1, dict("<f8", false, 4), f8);
        byte[] badMagic = good.clone();
        badMagic[1] = 'n';
        byte[] version4 = good.clone();
        version4[6] = 4;
        byte[] longHeader = good.clone();
        longHeader[8] = (byte) 0xff;
        longHeader[9] = (byte) 0x7f;
        return Stream.of(
                new Bad("bad magic", badMagic, "not a .npy file: it does not start with \\x93NUMPY"),
                new Bad("tiny", new byte[] {(byte) 0x93, 'N'}, "not a .npy file: it does not start with \\x93NUMPY"),
                new Bad("version 4", version4, "unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are read)"),
                new Bad("header past the end", longHeader,
                        "truncated: the header says it is 32767 bytes long, but the file ends before that"),
                new Bad("header garbage", withHeader(1, "{'descr': '<f8', 'fortran_order': Nope}", f8),
                        "the header does not parse: expected a string, a tuple, True or False at character 35 of "
                                + "{'descr': '<f8', 'fortran_order': Nope}"),
                new Bad("header unclosed", withHeader(1, "{'descr': '<f8'", f8),
                        "the header does not parse: expected ',' at the end of {'descr': '<f8'"),
                new Bad("missing shape", withHeader(1, "{'descr': '<f8', 'fortran_order': False}", f8),
                        "the header has no 'shape' entry"),
                new Bad("shape not a tuple", withHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': 'x'}", f8),
                        "'shape' is x, expected a tuple of integers"),
                new Bad("structured", withHeader(1, "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (4,)}", f8),
                        "structured dtypes (a list as 'descr') are not supported: save a plain numeric array"),
                new Bad("fortran", withHeader(1, dict("<f8", true, 2, 2), f8),
                        "Fortran-order arrays are not supported: save np.ascontiguousarray(a)"),
                new Bad("0-d", withHeader(1, dict("<f8", false), f8),
                        "a 0-d array (a single number) has no rows: need at least 1 dimension"),
                new Bad("complex", withHeader(1, dict("<c16", false, 2), f8), "unsupported dtype '<c16': expected one of"
                        + " f8, f4, i8, i4, i2, i1, u8, u4, u2, u1 or b1 with a byte order (<, > or |)"),
                new Bad("unicode string", withHeader(1, dict("<U8", false, 1), f8), "unsupported dtype '<U8': expected one of"
                        + " f8, f4, i8, i4, i2, i1, u8, u4, u2, u1 or b1 with a byte order (<, > or |)"),
                new Bad("no byte order", withHeader(1, dict("|f8", false, 4), f8),
                        "dtype '|f8' has no byte order ('|' is only for 1-byte types)"),
                new Bad("huge", withHeader(1, dict("<f8", false, 3_000_000_000L, 0), f8),
                        "the shape (3000000000, 0) is too large to load"),
                new Bad("short data", withHeader(2, dict("<f8", false, 5), f8),
                        "truncated: the shape (5,) of '<f8' needs 40 bytes of data, the file has 32"),
                new Bad("short 2-d data", withHeader(1, dict("<f8", false, 3, 2), f8),
                        "truncated: the shape (3, 2) of '<f8' needs 48 bytes of data, the file has 32"))
            .map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
                Path file = write(bad.bytes());
                DataError e = assertThrows(DataError.class, () -> Sources.npy(file));
                assertEquals(file.toString(), e.file());
                assertEquals(0, e.row());
                assertEquals(file + ": " + bad.detail(), e.getMessage());
            }));
    }

    @Test
    void missingFile() {
        DataError e = assertThrows(DataError.class, () -> Sources.npy(dir.resolve("absent.npy")));
        assertEquals("no such file", e.detail());
    }

    private Path table() throws IOException {
        double[] values = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}; // [4, 3]: row r, column c = 10r + c
        return write(withHeader(1, dict("<f8", false, 4, 3), encode("<f8", null, values)));
    }

    @Test
    void namedColumnsOfATwoDimensionalArray() throws IOException {
        Map<String, int[]> columns = new LinkedHashMap<>();
        columns.put("X", new int[] {0, 1});
        columns.put("y", new int[] {-1});
        columns.put("Z", new int[] {2, 0, 2});
        Dataset d = Sources.npyColumns(table(), columns);
        assertEquals(List.of("X", "y", "Z"), d.columnNames());
        assertEquals(4, d.rows());
        assertArrayEquals(new int[] {2}, d.columnShape("X"));
        assertArrayEquals(new int[0], d.columnShape("y"));
        assertArrayEquals(new int[] {3}, d.columnShape("Z"));
        assertArrayEquals(new double[] {0, 1, 10, 11, 20, 21, 30, 31}, d.column("X"));
        assertArrayEquals(new double[] {2, 12, 22, 32}, d.column("y"));
        assertArrayEquals(new double[] {2, 0, 2, 12, 10, 12, 22, 20, 22, 32, 30, 32}, d.column("Z"));
    }

    @Test
    void namedColumnErrors() throws IOException {
        Path file = table();
        assertEquals("column 'x': index 3 is out of range for an array with 3 columns",
                assertThrows(DataError.class, () -> Sources.npyColumns(file, Map.of("x", new int[] {3}))).detail());
        assertEquals("column 'x': index -4 is out of range for an array with 3 columns",
                assertThrows(DataError.class, () -> Sources.npyColumns(file, Map.of("x", new int[] {-4}))).detail());
        assertEquals("column 'x' lists no indices",
                assertThrows(DataError.class, () -> Sources.npyColumns(file, Map.of("x", new int[0]))).detail());
        Path flat = write(withHeader(1, dict("<f8", false, 2), encode("<f8", null, new double[] {1, 2})));
        assertEquals("named columns need a 2-D array, but the shape is (2,)",
                assertThrows(DataError.class, () -> Sources.npyColumns(flat, Map.of("x", new int[] {0}))).detail());
    }
}
