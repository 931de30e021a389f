package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToyDataTest {

    @Test
    void gaussianMixtureIsDeterministicInTheSeed() {
        Dataset a = Sources.gaussianMixture(500, 4);
        Dataset b = Sources.gaussianMixture(500, 4);
        Dataset c = Sources.gaussianMixture(500, 5);
        assertEquals(List.of("x1", "x2", "y"), a.columnNames());
        for (String name : a.columnNames()) {
            assertArrayEquals(a.column(name), b.column(name));
        }
        assertFalse(Arrays.equals(a.column("x1"), c.column("x1")));
    }

    @Test
    void gaussianMixtureMatchesAnIndependentPythonDraw() {
        // Python with the same splitmix64 and documented draw order (y, component, gauss x1, gauss x2;
        // Box–Muller with math.sqrt/log/cos): the first three points for seed 1.
        Dataset d = Sources.gaussianMixture(3, 1);
        assertArrayEquals(new double[] {-1.1250303720164405, 0.10070936209484552, 1.2398240620944816}, d.column("x1"), 1e-12);
        assertArrayEquals(new double[] {-0.8605248892583012, -1.2610846276139673, 0.2586338405254818}, d.column("x2"), 1e-12);
        assertArrayEquals(new double[] {1, 1, 0}, d.column("y"));
    }

    @Test
    void gaussianMixtureHasBalancedClassesAndClustersAtTheirCentres() {
        Dataset d = Sources.gaussianMixture(2000, 7);
        double[] x1 = d.column("x1");
        double[] x2 = d.column("x2");
        double[] y = d.column("y");
        double ones = Arrays.stream(y).sum();
        assertTrue(Math.abs(ones / 2000 - 0.5) < 0.05, "class 1 fraction " + ones / 2000);
        // Split each class by the sign of the axis its centres lie on (a few percent of points
        // cross over, which moves a cluster mean by about 0.03).
        double[][] sum = new double[4][3];
        for (int i = 0; i < y.length; i++) {
            int cluster = y[i] == 0 ? (x1[i] < 0 ? 0 : 1) : (x2[i] > 0 ? 2 : 3);
            sum[cluster][0] += x1[i];
            sum[cluster][1] += x2[i];
            sum[cluster][2]++;
        }
        double[][] centres = {{-1, 0}, {1, 0}, {0, 0.9}, {0, -0.9}};
        for (int k = 0; k < 4; k++) {
            assertTrue(sum[k][2] > 400, "cluster " + k + " has " + sum[k][2] + " points");
            assertEquals(centres[k][0], sum[k][0] / sum[k][2], 0.1, "cluster " + k + " x1");
            assertEquals(centres[k][1], sum[k][1] / sum[k][2], 0.1, "cluster " + k + " x2");
        }
    }

    @Test
    void fivePoints() {
        Dataset d = Sources.fivePoints();
        assertEquals(5, d.rows());
        assertArrayEquals(new double[] {0, 1, 0, -1, 0}, d.column("x1"));
        assertArrayEquals(new double[] {0, 0, -1, 0, 1}, d.column("x2"));
        assertArrayEquals(new double[] {1, 0, 0, 0, 0}, d.column("y"));
    }

    @Test
    void xorOfFourIsTheCorners() {
        Dataset d = Sources.xor(4, 99);
        assertArrayEquals(new double[] {-1, -1, 1, 1}, d.column("x1"));
        assertArrayEquals(new double[] {-1, 1, -1, 1}, d.column("x2"));
        assertArrayEquals(new double[] {1, 0, 0, 1}, d.column("y"));
    }

    @Test
    void xorPointsAreUniformInTheSquareAndLabelledBySign() {
        Dataset d = Sources.xor(1000, 5);
        double[] x1 = d.column("x1");
        double[] x2 = d.column("x2");
        double[] y = d.column("y");
        // Python, same splitmix64: 2·unit() − 1 for x1 then x2, seed 5.
        assertEquals(-0.226463908032132, x1[0]);
        assertEquals(0.5046140316764478, x2[0]);
        assertEquals(-0.5345816686450764, x1[1]);
        for (int i = 0; i < 1000; i++) {
            assertTrue(x1[i] >= -1 && x1[i] < 1 && x2[i] >= -1 && x2[i] < 1);
            assertEquals(x1[i] * x2[i] > 0 ? 1 : 0, y[i]);
        }
        double ones = Arrays.stream(y).sum();
        assertTrue(Math.abs(ones / 1000 - 0.5) < 0.07, "class 1 fraction " + ones / 1000);
        assertArrayEquals(x1, Sources.xor(1000, 5).column("x1"));
    }

    @Test
    void badCountsAreDataErrors() {
        assertEquals("gaussian_mixture: the number of points must be at least 1, got 0",
                assertThrows(DataError.class, () -> Sources.gaussianMixture(0, 1)).getMessage());
        assertEquals("xor: the number of points must be at least 1, got -3",
                assertThrows(DataError.class, () -> Sources.xor(-3, 1)).getMessage());
    }
}
