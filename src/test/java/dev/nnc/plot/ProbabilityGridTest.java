package dev.nnc.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbabilityGridTest {
    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void interpolationIsExactOnGridPointsAndBilinearBetween() {
        ProbabilityGrid g = ProbabilityGrid.sample((x, y) -> 0.25 + 0.1 * x + 0.2 * y, 11, 0, 1, 0, 2);
        assertEquals(0.25, g.at(0, 0), 1e-12);
        assertEquals(0.25 + 0.1 + 0.4, g.at(10, 10), 1e-12);
        assertEquals(0.25 + 0.1 * 0.33 + 0.2 * 1.27, g.interpolate(0.33, 1.27), 1e-12);
    }

    @Test
    void aLinearFunctionsContourIsAStraightLineAtTheLevel() {
        ProbabilityGrid g = ProbabilityGrid.sample((x, y) -> x, 50, 0, 1, -1, 1);
        List<double[]> segments = g.contour(0.5);
        assertEquals(49, segments.size());
        for (double[] s : segments) {
            assertEquals(0.5, s[0], 1e-12);
            assertEquals(0.5, s[2], 1e-12);
        }
    }

    @Test
    void aCircleIsTracedClosely() {
        ProbabilityGrid g = ProbabilityGrid.sample((x, y) -> sigmoid(4 - 8 * (x * x + y * y)), 200, -1.5, 1.5, -1.5, 1.5);
        List<double[]> segments = g.contour(0.5);
        assertFalse(segments.isEmpty());
        double r = Math.sqrt(0.5);
        for (double[] s : segments) {
            assertEquals(r, Math.hypot(s[0], s[1]), 2e-3);
            assertEquals(r, Math.hypot(s[2], s[3]), 2e-3);
        }
    }

    @Test
    void nanAndInfinitiesDoNotBreakTheGrid() {
        ProbabilityGrid g = ProbabilityGrid.sample((x, y) -> x < 0 ? Double.NaN : x > 0.5 ? Double.POSITIVE_INFINITY : 0.0, 21, -1, 1, -1, 1);
        assertTrue(Double.isNaN(g.at(0, 0)));
        assertEquals(1.0, g.at(20, 0));
        assertEquals(0.0, g.interpolate(0.2, 0.0));
        assertFalse(g.contour(0.5).isEmpty());
        for (double[] s : g.contour(0.5)) assertTrue(s[0] > 0.4 && s[0] < 0.6);
    }
}
