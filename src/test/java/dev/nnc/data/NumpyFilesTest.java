package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files written by NumPy itself (an independent writer): see
 * src/test/resources/dev/nnc/data/make_npy.py, which produced them with NumPy 1.24.2.
 */
class NumpyFilesTest {

    private static Path resource(String name) {
        try {
            return Path.of(NumpyFilesTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertArray(String file, int rows, int[] rowShape, double[] values) {
        Dataset d = Sources.npy(resource(file));
        assertEquals(rows, d.rows(), file);
        assertArrayEquals(rowShape, d.columnShape("array"), file);
        assertArrayEquals(values, d.column("array"), file);
    }

    @Test
    void float64Matrix() {
        // np.arange(10).reshape(5, 2) * 0.5 - 1.0
        assertArray("f8_5x2.npy", 5, new int[] {2}, new double[] {-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5});
    }

    @Test
    void everyIntegerAndFloatDtype() {
        assertArray("f4_be.npy", 3, new int[0], new double[] {1.5, -2.25, (double) 0.1f});
        assertArray("i4_2x2x3.npy", 2, new int[] {2, 3}, new double[] {-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5});
        assertArray("u1_images.npy", 2, new int[] {2, 2}, new double[] {0, 255, 7, 128, 1, 2, 3, 254});
        assertArray("b1.npy", 4, new int[0], new double[] {1, 0, 1, 1});
        assertArray("i8_be.npy", 3, new int[0], new double[] {-(double) (1L << 40), 0, (1L << 40) + 1});
        assertArray("i2.npy", 3, new int[0], new double[] {-32768, 32767, 5});
        assertArray("u2.npy", 3, new int[0], new double[] {0, 65535, 1000});
        assertArray("i1.npy", 3, new int[0], new double[] {-128, 127, 0});
    }

    @Test
    void formatVersions2And3() {
        assertArray("f8_v2.npy", 1, new int[] {3}, new double[] {1, 2, 3});
        assertArray("f8_v3.npy", 2, new int[] {1}, new double[] {1, -1});
    }

    @Test
    void namedColumnsOfANumPyMatrix() {
        Dataset d = Sources.npyColumns(resource("f8_5x2.npy"), Map.of("x", new int[] {0}));
        assertArrayEquals(new double[] {-1, 0, 1, 2, 3}, d.column("x"));
    }

    @Test
    void fortranOrderAndScalarsAreRefused() {
        assertEquals("Fortran-order arrays are not supported: save np.ascontiguousarray(a)",
                assertThrows(DataError.class, () -> Sources.npy(resource("fortran.npy"))).detail());
        assertEquals("a 0-d array (a single number) has no rows: need at least 1 dimension",
                assertThrows(DataError.class, () -> Sources.npy(resource("scalar.npy"))).detail());
    }
}
