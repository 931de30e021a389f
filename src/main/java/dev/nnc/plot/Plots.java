package dev.nnc.plot;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * The PNG pictures training produces: curves of metrics over epochs, and the decision boundary of
 * a two-input classifier. Pictures are written atomically (temporary file, then a move), work
 * without a display, and are byte-for-byte the same for the same input.
 */
public final class Plots {
    static {
        // Before any AWT class loads: rendering needs no display. An explicit setting wins.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /**
     * One metric of one split over epochs, e.g. ("loss", "train", …). Non-finite points are
     * skipped when drawn.
     */
    public record Curve(String metric, String split, double[] epochs, double[] values) {
        public Curve {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(split, "split");
            if (epochs.length != values.length) {
                throw new IllegalArgumentException(metric + "/" + split + ": " + epochs.length
                        + " epochs but " + values.length + " values");
            }
            epochs = epochs.clone();
            values = values.clone();
        }

        @Override
        public double[] epochs() {
            return epochs.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }
    }

    /** Curves over epochs: one chart per metric (loss first), each with one line per split (train, test, …). */
    public static void curves(Path png, String title, List<Curve> curves) {
        Png.write(new CurvesFigure(curves).render(title), png);
    }

    /**
     * A two-input classifier: the probability p(y=1|x) over a grid as a heat map, the 0.5 decision
     * boundary as a line, and the data points coloured by class (label ≥ 0.5 is class 1) on top.
     */
    public static void boundary(Path png, String title, double[] x1, double[] x2, double[] labels,
                                DoubleBinaryOperator probability) {
        Png.write(new BoundaryFigure(x1, x2, labels).render(title, probability), png);
    }
}
