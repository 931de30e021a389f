package dev.nnc.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * A probability function sampled on an n×n grid spanning a box (corners included), with bilinear
 * look-up between grid points and the level set found by marching squares.
 */
final class ProbabilityGrid {
    final int n;
    final double x0, x1, y0, y1;
    private final double[] p; // p[j * n + i] at (x0 + i·dx, y0 + j·dy)

    private ProbabilityGrid(int n, double x0, double x1, double y0, double y1, double[] p) {
        this.n = n;
        this.x0 = x0;
        this.x1 = x1;
        this.y0 = y0;
        this.y1 = y1;
        this.p = p;
    }

    static ProbabilityGrid sample(DoubleBinaryOperator f, int n, double x0, double x1, double y0, double y1) {
        double[] p = new double[n * n];
        for (int j = 0; j < n; j++) {
            double y = y0 + (y1 - y0) * j / (n - 1);
            for (int i = 0; i < n; i++) {
                double v = f.applyAsDouble(x0 + (x1 - x0) * i / (n - 1), y);
                p[j * n + i] = Double.isFinite(v) ? v : v == Double.POSITIVE_INFINITY ? 1 : v == Double.NEGATIVE_INFINITY ? 0 : Double.NaN;
            }
        }
        return new ProbabilityGrid(n, x0, x1, y0, y1, p);
    }

    double at(int i, int j) {
        return p[j * n + i];
    }

    /** Bilinear interpolation at (x, y); the nearest grid value where a neighbour is NaN. */
    double interpolate(double x, double y) {
        double u = Math.max(0, Math.min(n - 1, (x - x0) / (x1 - x0) * (n - 1)));
        double v = Math.max(0, Math.min(n - 1, (y - y0) / (y1 - y0) * (n - 1)));
        int i = Math.min(n - 2, (int) u), j = Math.min(n - 2, (int) v);
        double s = u - i, t = v - j;
        double a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), d = at(i, j + 1);
        double r = (1 - t) * ((1 - s) * a + s * b) + t * ((1 - s) * d + s * c);
        if (!Double.isNaN(r)) return r;
        return at(s < 0.5 ? i : i + 1, t < 0.5 ? j : j + 1);
    }

    /**
     * Marching squares: the segments {x, y, x', y'} (data coordinates) where the sampled function
     * crosses {@code level}. A saddle cell is split by the value at its centre.
     */
    List<double[]> contour(double level) {
        List<double[]> segments = new ArrayList<>();
        double dx = (x1 - x0) / (n - 1), dy = (y1 - y0) / (n - 1);
        for (int j = 0; j < n - 1; j++) {
            for (int i = 0; i < n - 1; i++) {
                double a = at(i, j) - level, b = at(i + 1, j) - level;       // bottom-left, bottom-right
                double c = at(i + 1, j + 1) - level, d = at(i, j + 1) - level; // top-right, top-left
                if (Double.isNaN(a + b + c + d)) continue;
                int kind = (a > 0 ? 1 : 0) | (b > 0 ? 2 : 0) | (c > 0 ? 4 : 0) | (d > 0 ? 8 : 0);
                if (kind == 0 || kind == 15) continue;
                double x = x0 + i * dx, y = y0 + j * dy;
                double[] bottom = {x + dx * a / (a - b), y};
                double[] right = {x + dx, y + dy * b / (b - c)};
                double[] top = {x + dx * d / (d - c), y + dy};
                double[] left = {x, y + dy * a / (a - d)};
                if (kind == 5 || kind == 10) {
                    boolean centreHigh = (a + b + c + d) / 4 > 0;
                    boolean cutOffBAndD = (kind == 5) == centreHigh;
                    if (cutOffBAndD) {
                        segments.add(segment(bottom, right));
                        segments.add(segment(left, top));
                    } else {
                        segments.add(segment(left, bottom));
                        segments.add(segment(right, top));
                    }
                    continue;
                }
                List<double[]> ends = new ArrayList<>(2);
                if ((a > 0) != (b > 0)) ends.add(bottom);
                if ((b > 0) != (c > 0)) ends.add(right);
                if ((d > 0) != (c > 0)) ends.add(top);
                if ((a > 0) != (d > 0)) ends.add(left);
                segments.add(segment(ends.get(0), ends.get(1)));
            }
        }
        return segments;
    }

    private static double[] segment(double[] from, double[] to) {
        return new double[] {from[0], from[1], to[0], to[1]};
    }
}
