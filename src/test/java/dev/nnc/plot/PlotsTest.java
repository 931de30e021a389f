package dev.nnc.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pictures as files: written, valid PNGs of the expected size, right colours in the right places. */
class PlotsTest {
    @TempDir Path dir;

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static BufferedImage read(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a readable PNG");
        return image;
    }

    static Color pixel(BufferedImage image, double x, double y) {
        return new Color(image.getRGB((int) Math.round(x), (int) Math.round(y)));
    }

    static boolean dark(Color c) {
        return c.getRed() + c.getGreen() + c.getBlue() < 3 * 90;
    }

    // Points only at the corners of [-1, 1]², class by side, so the middle of each half is free of dots.
    static final double[] X1 = {-1, 1, -1, 1}, X2 = {-1, -1, 1, 1}, Y = {0, 1, 0, 1};
    static final DoubleBinaryOperator LEFT_BLUE_RIGHT_RED = (x1, x2) -> sigmoid(5 * x1);

    @Test
    void boundaryIsAPngOfTheExpectedSize() throws IOException {
        Path png = dir.resolve("boundary.png");
        Plots.boundary(png, "sigmoid(5 x1)", X1, X2, Y, LEFT_BLUE_RIGHT_RED);
        BufferedImage image = read(png);
        assertEquals(BoundaryFigure.WIDTH, image.getWidth());
        assertEquals(BoundaryFigure.HEIGHT, image.getHeight());
    }

    @Test
    void boundaryColoursTheRegionsByTheProbability() throws IOException {
        Path png = dir.resolve("boundary.png");
        Plots.boundary(png, "sigmoid(5 x1)", X1, X2, Y, LEFT_BLUE_RIGHT_RED);
        BufferedImage image = read(png);
        BoundaryFigure f = new BoundaryFigure(X1, X2, Y);
        for (double x2 : new double[] {-0.5, 0, 0.6}) {
            Color left = pixel(image, f.px(-0.7), f.py(x2)), right = pixel(image, f.px(0.7), f.py(x2));
            assertTrue(left.getBlue() > left.getRed() + 60, "left of the boundary should be blue: " + left);
            assertTrue(right.getRed() > right.getBlue() + 60, "right of the boundary should be red: " + right);
        }
        // the middle of each data point has its class colour
        assertEquals(Diverging.CLASS_0, pixel(image, f.px(-1), f.py(1)));
        assertEquals(Diverging.CLASS_1, pixel(image, f.px(1), f.py(-1)));
    }

    @Test
    void boundaryLineIsDarkAtHalfProbabilityOnly() throws IOException {
        Path png = dir.resolve("boundary.png");
        Plots.boundary(png, "sigmoid(5 x1)", X1, X2, Y, LEFT_BLUE_RIGHT_RED);
        BufferedImage image = read(png);
        BoundaryFigure f = new BoundaryFigure(X1, X2, Y);
        for (double x2 = -0.8; x2 <= 0.8; x2 += 0.1) {
            double y = f.py(x2);
            assertTrue(dark(pixel(image, f.px(0), y)), "boundary at x1 = 0, x2 = " + x2);
            assertFalse(dark(pixel(image, f.px(0) - 6, y)), "line too thick or misplaced at x2 = " + x2);
            assertFalse(dark(pixel(image, f.px(0) + 6, y)), "line too thick or misplaced at x2 = " + x2);
        }
    }

    @Test
    void circularClassOneRegionIsRedInsideBlueOutside() throws IOException {
        Path png = dir.resolve("circle.png");
        double[] x1 = {-1.5, 1.5, -1.5, 1.5}, x2 = {-1.5, -1.5, 1.5, 1.5}, y = {0, 0, 0, 0};
        Plots.boundary(png, "circle", x1, x2, y, (a, b) -> sigmoid(4 - 8 * (a * a + b * b)));
        BufferedImage image = read(png);
        BoundaryFigure f = new BoundaryFigure(x1, x2, y);
        Color centre = pixel(image, f.px(0.1), f.py(0.1)), outside = pixel(image, f.px(1.1), f.py(0.2));
        assertTrue(centre.getRed() > centre.getBlue() + 60, "inside the circle: " + centre);
        assertTrue(outside.getBlue() > outside.getRed() + 60, "outside the circle: " + outside);
        double r = Math.sqrt(0.5);
        for (int k = 0; k < 8; k++) {
            double t = 2 * Math.PI * (k + 0.5) / 8;
            assertTrue(dark(pixel(image, f.px(r * Math.cos(t)), f.py(r * Math.sin(t)))), "boundary at angle " + t);
        }
    }

    @Test
    void boundarySurvivesOddInput() throws IOException {
        Path png = dir.resolve("odd.png");
        double[] x1 = {0, Double.NaN, 0, Double.POSITIVE_INFINITY}, x2 = {0, 1, 0, 2}, y = {1, 0, Double.NaN, 0};
        Plots.boundary(png, "one distinct point, NaN probability on the left",
                x1, x2, y, (a, b) -> a < 0 ? Double.NaN : 0.7);
        assertEquals(BoundaryFigure.WIDTH, read(png).getWidth());
        Plots.boundary(png, "no points", new double[0], new double[0], new double[0], (a, b) -> 0.5);
        assertEquals(BoundaryFigure.WIDTH, read(png).getWidth());
        assertThrows(IllegalArgumentException.class,
                () -> Plots.boundary(png, "t", new double[2], new double[3], new double[2], (a, b) -> 0.5));
    }

    static double[] range(int from, int to) {
        double[] e = new double[to - from + 1];
        for (int k = 0; k < e.length; k++) e[k] = from + k;
        return e;
    }

    static List<Plots.Curve> lossAndAccuracy(int epochs) {
        double[] e = range(1, epochs), train = new double[epochs], test = new double[epochs], acc = new double[epochs];
        for (int k = 0; k < epochs; k++) {
            train[k] = 1.0 / e[k] + 0.05;
            test[k] = 1.2 / e[k] + 0.08;
            acc[k] = 1 - 0.5 / e[k];
        }
        return List.of(new Plots.Curve("accuracy", "train", e, acc),
                new Plots.Curve("loss", "train", e, train), new Plots.Curve("loss", "test", e, test));
    }

    @Test
    void twoMetricsSitSideBySide() throws IOException {
        Path png = dir.resolve("curves.png");
        Plots.curves(png, "loss and accuracy", lossAndAccuracy(100));
        BufferedImage image = read(png);
        assertEquals(2 * CurvesFigure.CELL_WIDTH, image.getWidth());
        assertEquals(CurvesFigure.TITLE_BAND + CurvesFigure.CELL_HEIGHT, image.getHeight());
    }

    @Test
    void lossComesFirstAndManyMetricsMakeAGrid() throws IOException {
        List<Plots.Curve> curves = new ArrayList<>(lossAndAccuracy(30));
        double[] e = range(1, 30);
        for (String m : List.of("precision", "recall", "learning rate")) curves.add(new Plots.Curve(m, "train", e, e));
        CurvesFigure figure = new CurvesFigure(curves);
        assertEquals(3, figure.columns());
        assertEquals(2, figure.rows());
        Path png = dir.resolve("grid.png");
        Plots.curves(png, "five metrics", curves);
        BufferedImage image = read(png);
        assertEquals(3 * CurvesFigure.CELL_WIDTH, image.getWidth());
        assertEquals(CurvesFigure.TITLE_BAND + 2 * CurvesFigure.CELL_HEIGHT, image.getHeight());
        // the first cell is the loss: only it has a test line (accuracy is train-only)
        assertTrue(contains(image, 0, CurvesFigure.TITLE_BAND, CurvesFigure.CELL_WIDTH, CurvesFigure.CELL_HEIGHT, Style.series(1)),
                "the loss chart (first cell) should show the test line's colour");
    }

    static boolean contains(BufferedImage image, int x, int y, int w, int h, Color c) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) if ((image.getRGB(i, j) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) return true;
        }
        return false;
    }

    @Test
    void nanAndInfinityAreSkipped() throws IOException {
        double[] e = range(1, 50), v = new double[50];
        for (int k = 0; k < 50; k++) v[k] = k % 5 == 0 ? Double.NaN : k % 7 == 0 ? Double.POSITIVE_INFINITY : 1.0 / (k + 1);
        double[] allNaN = new double[50];
        java.util.Arrays.fill(allNaN, Double.NaN);
        Path png = dir.resolve("nan.png");
        Plots.curves(png, "NaN", List.of(new Plots.Curve("loss", "train", e, v),
                new Plots.Curve("loss", "test", e, allNaN), new Plots.Curve("accuracy", "test", e, allNaN)));
        assertEquals(2 * CurvesFigure.CELL_WIDTH, read(png).getWidth());
    }

    @Test
    void aSingleEpochIsAPoint() throws IOException {
        Path png = dir.resolve("one.png");
        Plots.curves(png, "one epoch", List.of(new Plots.Curve("loss", "train", new double[] {1}, new double[] {0.7}),
                new Plots.Curve("loss", "test", new double[] {1}, new double[] {0.7})));
        BufferedImage image = read(png);
        assertEquals(CurvesFigure.CELL_WIDTH, image.getWidth());
        assertTrue(contains(image, 0, CurvesFigure.TITLE_BAND, CurvesFigure.CELL_WIDTH, CurvesFigure.CELL_HEIGHT, Style.series(1)),
                "the lone point should be drawn as a marker");
    }

    @Test
    void manyEpochsAndNoCurvesAtAll() throws IOException {
        Path png = dir.resolve("long.png");
        Plots.curves(png, "2,500 epochs", lossAndAccuracy(2500));
        assertEquals(2 * CurvesFigure.CELL_WIDTH, read(png).getWidth());
        Plots.curves(png, "nothing yet", List.of());
        assertEquals(CurvesFigure.CELL_WIDTH, read(png).getWidth());
    }

    @Test
    void lossGoesLogarithmicOnlyWhenItSpansMoreThanTwoDecadesAndIsPositive() {
        double[] e = range(1, 100), steep = new double[100], shallow = new double[100], withZero = new double[100];
        for (int k = 0; k < 100; k++) {
            steep[k] = 10.0 / ((k + 1) * (k + 1));
            shallow[k] = 1.0 / (k + 1) + 0.05;
            withZero[k] = k == 99 ? 0 : steep[k];
        }
        var splits = java.util.Map.of("train", 0);
        assertTrue(new MetricChart("loss", List.of(new Plots.Curve("loss", "train", e, steep)), splits).logarithmic());
        assertFalse(new MetricChart("loss", List.of(new Plots.Curve("loss", "train", e, shallow)), splits).logarithmic());
        assertFalse(new MetricChart("loss", List.of(new Plots.Curve("loss", "train", e, withZero)), splits).logarithmic());
        assertFalse(new MetricChart("error", List.of(new Plots.Curve("error", "train", e, steep)), splits).logarithmic());
    }

    @Test
    void samePicturesSameBytes() throws IOException {
        Path a = dir.resolve("a.png"), b = dir.resolve("b.png");
        Plots.curves(a, "t", lossAndAccuracy(100));
        Plots.curves(b, "t", lossAndAccuracy(100));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        double[] x1 = {-1, 0.3, 1, 0.1}, x2 = {0.5, -1, 1, 0.2}, y = {0, 1, 1, 0};
        Plots.boundary(a, "t", x1, x2, y, (p, q) -> sigmoid(3 * p - 2 * q));
        Plots.boundary(b, "t", x1, x2, y, (p, q) -> sigmoid(3 * p - 2 * q));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void writingReplacesTheFileAndLeavesNoTemporaries() throws IOException {
        Path png = dir.resolve("sub/dir/plot.png");
        Plots.curves(png, "first", lossAndAccuracy(10));
        Plots.boundary(png, "second", X1, X2, Y, LEFT_BLUE_RIGHT_RED);
        assertEquals(BoundaryFigure.WIDTH, read(png).getWidth());
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void curvesNeedMatchingLengthsAndKeepTheirOwnArrays() {
        assertThrows(IllegalArgumentException.class, () -> new Plots.Curve("loss", "train", new double[2], new double[3]));
        double[] v = {1, 2};
        Plots.Curve c = new Plots.Curve("loss", "train", new double[] {1, 2}, v);
        v[0] = 99;
        assertEquals(1, c.values()[0]);
    }
}
