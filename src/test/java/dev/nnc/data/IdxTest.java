package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes: magic 0x0000080N, the N dimensions big-endian, the data. */
    private static byte[] idx(int[] dims, int... data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x00000800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int v : data) {
            b.put((byte) v);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static final byte[] IMAGES = idx(new int[] {3, 2, 2}, 0, 1, 2, 3, 255, 254, 128, 127, 9, 8, 7, 6);
    private static final byte[] LABELS = idx(new int[] {3}, 7, 0, 9);

    private static void assertSmallSet(Dataset d) {
        assertEquals(List.of("images", "labels"), d.columnNames());
        assertEquals(3, d.rows());
        assertArrayEquals(new int[] {2, 2}, d.columnShape("images"));
        assertArrayEquals(new int[0], d.columnShape("labels"));
        assertArrayEquals(new double[] {0, 1, 2, 3, 255, 254, 128, 127, 9, 8, 7, 6}, d.column("images"));
        assertArrayEquals(new double[] {7, 0, 9}, d.column("labels"));
    }

    @Test
    void readsPlainFiles() throws IOException {
        assertSmallSet(Sources.idx(write("images.gz", IMAGES), write("labels.gz", LABELS))); // names do not matter
    }

    @Test
    void readsGzipFilesByTheirMagic() throws IOException {
        assertSmallSet(Sources.idx(write("images-idx3-ubyte", gzip(IMAGES)), write("labels-idx1-ubyte", gzip(LABELS))));
    }

    private DataError fails(byte[] images, byte[] labels) throws IOException {
        Path x = write("x-idx3", images);
        Path y = write("y-idx1", labels);
        return assertThrows(DataError.class, () -> Sources.idx(x, y));
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        DataError e = fails(IMAGES, idx(new int[] {2}, 1, 2));
        assertEquals(dir.resolve("y-idx1").toString(), e.file());
        assertEquals("has 2 labels, but " + dir.resolve("x-idx3") + " has 3 images", e.detail());
    }

    @Test
    void badMagicSaysWhatWasExpected() throws IOException {
        DataError e = fails(LABELS, IMAGES); // swapped
        assertEquals(dir.resolve("x-idx3").toString(), e.file());
        assertEquals("bad magic 0x00000801: expected 0x00000803 (unsigned-byte images [n, rows, cols])", e.detail());
        assertEquals("bad magic 0x00000803: expected 0x00000801 (unsigned-byte labels [n])",
                fails(IMAGES, IMAGES).detail());
        byte[] floats = IMAGES.clone();
        floats[2] = 0x0d; // IDX float data
        assertEquals("bad magic 0x00000d03: expected 0x00000803 (unsigned-byte images [n, rows, cols])",
                fails(floats, LABELS).detail());
    }

    @Test
    void truncationIsReported() throws IOException {
        assertEquals("truncated: the header promises 3 × 2 × 2 = 12 bytes of data, the file has 11",
                fails(Arrays.copyOf(IMAGES, IMAGES.length - 1), LABELS).detail());
        assertEquals("truncated: the header promises 2147483647 × 2147483647 × 2147483647 bytes of data, the file has 0",
                fails(idx(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}), LABELS).detail());
        assertEquals("truncated: the file ends inside the 3 dimensions", fails(Arrays.copyOf(IMAGES, 10), LABELS).detail());
        assertEquals("truncated: the file ends inside the magic number", fails(new byte[] {0, 0}, LABELS).detail());
        byte[] z = gzip(IMAGES);
        assertEquals("truncated: the gzip stream ends early", fails(Arrays.copyOf(z, z.length - 12), LABELS).detail());
        byte[] corrupt = z.clone();
        corrupt[z.length - 8] ^= 1; // the CRC-32 in the trailer
        assertEquals("corrupt gzip data: Corrupt GZIP trailer", fails(corrupt, LABELS).detail());
        byte[] method = z.clone();
        method[2] = 7; // compression method: only 8 (deflate) exists
        assertEquals("corrupt gzip data: Unsupported compression method", fails(method, LABELS).detail());
    }

    @Test
    void missingFile() throws IOException {
        Path y = write("y", LABELS);
        DataError e = assertThrows(DataError.class, () -> Sources.idx(dir.resolve("nope"), y));
        assertEquals(dir.resolve("nope") + ": no such file", e.getMessage());
    }

    @Test
    void fashionMnistAbsentNamesTheDebianPackage() {
        Path absent = dir.resolve("fashion");
        DataError e = assertThrows(DataError.class, () -> Sources.fashionMnist("train", absent));
        assertEquals("Fashion-MNIST not found in " + absent + ": install the Debian package dataset-fashion-mnist"
                + " (apt-get install dataset-fashion-mnist)", e.getMessage());
        assertEquals(absent.toString(), e.file());
        assertEquals("fashion_mnist: unknown split 'valid': expected \"train\" or \"test\"",
                assertThrows(DataError.class, () -> Sources.fashionMnist("valid", absent)).getMessage());
    }

    @Test
    void fashionMnistDirectoryCanBeOverridden() throws IOException {
        assertEquals(Sources.FASHION_MNIST_DIR, Sources.fashionMnistDir(Map.of()));
        assertEquals(Path.of("/data/fm"), Sources.fashionMnistDir(Map.of("NNC_FASHION_MNIST_DIR", "/data/fm")));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(IMAGES));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(LABELS));
        assertSmallSet(Sources.fashionMnist("test", Sources.fashionMnistDir(Map.of("NNC_FASHION_MNIST_DIR", dir.toString()))));
    }

    @Test
    void readsTheInstalledFashionMnist() {
        assumeTrue(Files.isDirectory(Sources.FASHION_MNIST_DIR), "dataset-fashion-mnist is not installed");
        Dataset train = Sources.fashionMnist("train", Sources.FASHION_MNIST_DIR);
        assertEquals(60_000, train.rows());
        assertArrayEquals(new int[] {28, 28}, train.columnShape("images"));
        // Expected values from Python: gzip.open(".../train-labels-idx1-ubyte.gz").read()[8:28], and for
        // the first image sum(b[16:16 + 784]) and max(...) of train-images-idx3-ubyte.gz.
        double[] labels = train.slice(0, 20).column("labels");
        assertArrayEquals(new double[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9, 5, 5, 7, 9, 1, 0, 6, 4}, labels);
        double[] first = train.slice(0, 1).column("images");
        assertEquals(76_247, Arrays.stream(first).sum());
        assertEquals(255, Arrays.stream(first).max().orElseThrow());
        Dataset test = Sources.fashionMnist("test", Sources.FASHION_MNIST_DIR);
        assertEquals(10_000, test.rows());
        // Python: gzip.open(".../t10k-labels-idx1-ubyte.gz").read()[8:18]
        assertArrayEquals(new double[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, test.slice(0, 10).column("labels"));
    }
}
