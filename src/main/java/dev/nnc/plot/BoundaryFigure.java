package dev.nnc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * The decision-boundary picture of a two-input classifier, drawn with Java2D: p(y=1|x) as a heat
 * map over the data's bounding box (10% margin), the p = 0.5 contour as a dark line, the data
 * points coloured by class, axes, a colour bar and a legend.
 */
final class BoundaryFigure {
    static final int WIDTH = 800, HEIGHT = 700;
    static final int GRID = 200;
    static final double MARGIN = 0.10;

    /** The plot area in pixels. */
    static final int LEFT = 78, TOP = 62, SIZE = 560, RIGHT = LEFT + SIZE, BOTTOM = TOP + SIZE;
    private static final int BAR_X = 676, BAR_TOP = 92, BAR_W = 20, BAR_H = 280;
    private static final double POINT_RADIUS = 5.0;
    private static final Color BOUNDARY = new Color(0x1A, 0x1A, 0x1A);
    private static final BasicStroke BOUNDARY_STROKE = new BasicStroke(3.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    private final double[] x1, x2, labels;
    /** The data box with its margin: [x1 from, x1 to] × [x2 from, x2 to]. */
    final double xFrom, xTo, yFrom, yTo;

    BoundaryFigure(double[] x1, double[] x2, double[] labels) {
        if (x1.length != x2.length || x1.length != labels.length) {
            throw new IllegalArgumentException("x1, x2 and labels differ in length: "
                    + x1.length + ", " + x2.length + ", " + labels.length);
        }
        this.x1 = x1.clone();
        this.x2 = x2.clone();
        this.labels = labels.clone();
        double[] xs = range(this.x1, this.x2), ys = range(this.x2, this.x1);
        xFrom = xs[0];
        xTo = xs[1];
        yFrom = ys[0];
        yTo = ys[1];
    }

    /** The range of {@code v} over points with both coordinates finite, widened by the margin. */
    private static double[] range(double[] v, double[] other) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k]) || !Double.isFinite(other[k])) continue;
            lo = Math.min(lo, v[k]);
            hi = Math.max(hi, v[k]);
        }
        if (lo > hi) return new double[] {-1, 1};
        double pad = hi > lo ? MARGIN * (hi - lo) : Math.max(1, Math.abs(lo) * MARGIN);
        return new double[] {lo - pad, hi + pad};
    }

    double px(double x) {
        return LEFT + (x - xFrom) / (xTo - xFrom) * SIZE;
    }

    double py(double y) {
        return BOTTOM - (y - yFrom) / (yTo - yFrom) * SIZE;
    }

    BufferedImage render(String title, DoubleBinaryOperator probability) {
        ProbabilityGrid grid = ProbabilityGrid.sample(probability, GRID, xFrom, xTo, yFrom, yTo);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Style.smooth(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            heatMap(image, grid);
            g.setClip(new Rectangle2D.Double(LEFT, TOP, SIZE, SIZE));
            boundary(g, grid.contour(0.5));
            points(g);
            g.setClip(null);
            axes(g);
            title(g, title);
            colourBar(g);
            legend(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void heatMap(BufferedImage image, ProbabilityGrid grid) {
        for (int row = 0; row < SIZE; row++) {
            double y = yTo - (row + 0.5) / SIZE * (yTo - yFrom);
            for (int col = 0; col < SIZE; col++) {
                double x = xFrom + (col + 0.5) / SIZE * (xTo - xFrom);
                image.setRGB(LEFT + col, TOP + row, Diverging.rgb(grid.interpolate(x, y)));
            }
        }
    }

    private void boundary(Graphics2D g, List<double[]> segments) {
        Path2D.Double path = new Path2D.Double();
        for (double[] s : segments) {
            path.moveTo(px(s[0]), py(s[1]));
            path.lineTo(px(s[2]), py(s[3]));
        }
        g.setColor(BOUNDARY);
        g.setStroke(BOUNDARY_STROKE);
        g.draw(path);
    }

    private void points(Graphics2D g) {
        g.setStroke(new BasicStroke(1.2f));
        for (int k = 0; k < x1.length; k++) {
            if (!Double.isFinite(x1[k]) || !Double.isFinite(x2[k]) || Double.isNaN(labels[k])) continue;
            dot(g, px(x1[k]), py(x2[k]), labels[k] >= 0.5 ? Diverging.CLASS_1 : Diverging.CLASS_0);
        }
    }

    private static void dot(Graphics2D g, double cx, double cy, Color fill) {
        Shape circle = new Ellipse2D.Double(cx - POINT_RADIUS, cy - POINT_RADIUS, 2 * POINT_RADIUS, 2 * POINT_RADIUS);
        g.setColor(fill);
        g.fill(circle);
        g.setColor(Style.INK);
        g.draw(circle);
    }

    private void axes(Graphics2D g) {
        g.setColor(Style.AXIS);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(new Rectangle2D.Double(LEFT, TOP, SIZE, SIZE));
        g.setFont(Style.TICK);
        double xStep = Ticks.step(xFrom, xTo, 5);
        for (double t : Ticks.between(xFrom, xTo, 5)) {
            double x = px(t);
            g.draw(new Line2D.Double(x, BOTTOM, x, BOTTOM + 5));
            Style.centred(g, Ticks.label(t, xStep), x, BOTTOM + 21);
        }
        double yStep = Ticks.step(yFrom, yTo, 5);
        var metrics = g.getFontMetrics();
        for (double t : Ticks.between(yFrom, yTo, 5)) {
            double y = py(t);
            g.draw(new Line2D.Double(LEFT - 5, y, LEFT, y));
            String label = Ticks.label(t, yStep);
            g.drawString(label, (float) (LEFT - 9 - metrics.getStringBounds(label, g).getWidth()), (float) (y + 4.5));
        }
        g.setColor(Style.INK);
        subscripted(g, "x", "1", LEFT + SIZE / 2.0 - 7, BOTTOM + 48);
        subscripted(g, "x", "2", LEFT - 66, TOP + SIZE / 2.0 + 5);
    }

    /** "x₁" drawn as x with a smaller, lowered 1 (no reliance on subscript glyphs in the font). */
    private static void subscripted(Graphics2D g, String base, String sub, double x, double y) {
        g.setFont(Style.LABEL.deriveFont(Font.ITALIC, 17f));
        g.drawString(base, (float) x, (float) y);
        float w = (float) g.getFontMetrics().getStringBounds(base, g).getWidth();
        g.setFont(Style.LABEL.deriveFont(12f));
        g.drawString(sub, (float) x + w + 1, (float) y + 5);
    }

    private static void title(Graphics2D g, String title) {
        Font font = Style.TITLE;
        g.setFont(font);
        while (g.getFontMetrics().stringWidth(title) > WIDTH - 40 && font.getSize2D() > 10) {
            font = font.deriveFont(font.getSize2D() - 1);
            g.setFont(font);
        }
        g.setColor(Style.INK);
        Style.centred(g, title, WIDTH / 2.0, 38);
    }

    private static void colourBar(Graphics2D g) {
        for (int row = 0; row < BAR_H; row++) {
            g.setColor(Diverging.color(1 - (row + 0.5) / BAR_H));
            g.fillRect(BAR_X, BAR_TOP + row, BAR_W, 1);
        }
        g.setColor(Style.AXIS);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(BAR_X, BAR_TOP, BAR_W, BAR_H));
        g.setFont(Style.TICK);
        String[] labels = {"0", "0.25", "0.5", "0.75", "1"};
        for (int k = 0; k < labels.length; k++) {
            double y = BAR_TOP + (1 - k / 4.0) * BAR_H;
            g.setColor(Style.AXIS);
            g.draw(new Line2D.Double(BAR_X + BAR_W, y, BAR_X + BAR_W + 4, y));
            g.drawString(labels[k], BAR_X + BAR_W + 8, (float) y + 4.5f);
        }
        g.setColor(BOUNDARY);
        g.setStroke(BOUNDARY_STROKE);
        g.draw(new Line2D.Double(BAR_X + 2, BAR_TOP + BAR_H / 2.0, BAR_X + BAR_W - 2, BAR_TOP + BAR_H / 2.0));
        g.setColor(Style.INK);
        g.setFont(Style.LEGEND);
        g.drawString("p(y = 1 | x)", BAR_X - 8, BAR_TOP - 14);
    }

    private static void legend(Graphics2D g) {
        int x = BAR_X - 6, top = BAR_TOP + BAR_H + 44, line = 26;
        g.setStroke(new BasicStroke(1.2f));
        g.setFont(Style.LEGEND);
        dot(g, x + 10, top, Diverging.CLASS_0);
        g.setColor(Style.INK);
        g.drawString("class 0", x + 24, top + 5);
        g.setStroke(new BasicStroke(1.2f));
        dot(g, x + 10, top + line, Diverging.CLASS_1);
        g.setColor(Style.INK);
        g.drawString("class 1", x + 24, top + line + 5);
        g.setColor(BOUNDARY);
        g.setStroke(BOUNDARY_STROKE);
        g.draw(new Line2D.Double(x + 2, top + 2 * line, x + 18, top + 2 * line));
        g.setColor(Style.INK);
        g.drawString("p = 0.5", x + 24, top + 2 * line + 5);
    }
}
