package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        return write(content.getBytes(StandardCharsets.UTF_8));
    }

    private Path write(byte[] content) throws IOException {
        return Files.write(dir.resolve("gmm_train.csv"), content);
    }

    @Test
    void readsColumnsByHeaderName() throws IOException {
        Dataset d = Sources.csv(write(" x1 , x2,y\n-0.5, 1e-3 ,1\n+2,.25,0\n3.,-4E2,1\n"));
        assertEquals(List.of("x1", "x2", "y"), d.columnNames());
        assertEquals(3, d.rows());
        assertArrayEquals(new int[0], d.columnShape("x1"));
        assertArrayEquals(new double[] {-0.5, 2, 3}, d.column("x1"));
        assertArrayEquals(new double[] {1e-3, 0.25, -400}, d.column("x2"));
        assertArrayEquals(new double[] {1, 0, 1}, d.column("y"));
    }

    @Test
    void acceptsBomCrlfAndBlankLinesAtTheEnd() throws IOException {
        Dataset d = Sources.csv(write("\uFEFFa,b\r\n1,2\r\n3,4\r\n\r\n  \n"));
        assertEquals(List.of("a", "b"), d.columnNames());
        assertArrayEquals(new double[] {2, 4}, d.column("b"));
        assertEquals(1, Sources.csv(write("a\n5")).rows()); // no final newline
    }

    @Test
    void readsTheBenchmarkMixture() {
        Path gmm = Path.of("/work/shared/bench/data/gmm_train.csv");
        assumeTrue(Files.isRegularFile(gmm), "benchmark data not on this machine");
        Dataset d = Sources.csv(gmm);
        assertEquals(200, d.rows());
        assertEquals(-0.415403, d.column("x1")[0]);
        assertEquals(-1.205386, d.column("x2")[0]);
        assertEquals(1, d.column("y")[0]);
    }

    private record Bad(String name, String content, int row, String detail) {}

    @TestFactory
    Stream<DynamicTest> badFilesNameFileRowAndColumn() {
        return Stream.of(
                new Bad("not a number", "x1,x2,y\n1,2,3\n4,abc,6\n", 3, "column 'x2': 'abc' is not a number"),
                new Bad("nan", "x1,x2\nnan,1\n", 2, "column 'x1': 'nan' is not a finite number (NaN and infinity are refused)"),
                new Bad("NaN", "x1,x2\n1,NaN\n", 2, "column 'x2': 'NaN' is not a finite number (NaN and infinity are refused)"),
                new Bad("inf", "x1\n1\n-inf\n", 3, "column 'x1': '-inf' is not a finite number (NaN and infinity are refused)"),
                new Bad("Infinity", "x1\nInfinity\n", 2, "column 'x1': 'Infinity' is not a finite number (NaN and infinity are refused)"),
                new Bad("overflow", "x1\n1e999\n", 2, "column 'x1': '1e999' is too large for a double"),
                new Bad("java float suffix", "x1\n1f\n", 2, "column 'x1': '1f' is not a number"),
                new Bad("hex float", "x1\n0x1p3\n", 2, "column 'x1': '0x1p3' is not a number"),
                new Bad("empty value", "a,b\n1,\n", 2, "column 'b': empty value (expected a number)"),
                new Bad("short row", "x1,x2,y\n1,2,3\n1,2\n", 3, "expected 3 fields (x1, x2, y), found 2"),
                new Bad("long row", "x1,x2\n1,2,\n", 2, "expected 2 fields (x1, x2), found 3"),
                new Bad("empty file", "", 0, "the file is empty: expected a header row naming the columns"),
                new Bad("only blank lines", "\uFEFF\n \r\n", 0, "the file is empty: expected a header row naming the columns"),
                new Bad("blank header", "\nx1\n1\n", 1, "blank line where the header row naming the columns should be"),
                new Bad("header only", "x1,x2,y\n", 0, "the header names the columns x1, x2, y but there are no data rows"),
                new Bad("duplicate name", "a, b ,a\n1,2,3\n", 1, "duplicate column name 'a' (columns 1 and 3)"),
                new Bad("empty name", "a,,b\n1,2,3\n", 1, "column 2 of the header has an empty name"),
                new Bad("blank line inside", "a\n1\n\n2\n", 3, "blank line inside the data (blank lines are allowed only at the end)"))
            .map(bad -> DynamicTest.dynamicTest(bad.name(), () -> {
                Path file = write(bad.content());
                DataError e = assertThrows(DataError.class, () -> Sources.csv(file));
                assertEquals(file.toString(), e.file());
                assertEquals(bad.row(), e.row());
                assertEquals(bad.detail(), e.detail());
                String place = bad.row() > 0 ? file + ":" + bad.row() + ": " : file + ": ";
                assertEquals(place + bad.detail(), e.getMessage());
            }));
    }

    @Test
    void malformedUtf8IsReportedOnItsLine() throws IOException {
        byte[] bytes = {'a', '\n', '1', '\n', '2', (byte) 0xff, '\n'};
        Path file = write(bytes);
        DataError e = assertThrows(DataError.class, () -> Sources.csv(file));
        assertEquals(3, e.row());
        assertEquals("not UTF-8 text (byte 0xff at offset 5)", e.detail());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.csv");
        DataError e = assertThrows(DataError.class, () -> Sources.csv(file));
        assertEquals(file + ": no such file", e.getMessage());
        assertEquals(0, e.row());
    }
}
