package dev.nnc.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One metric's chart: a line per split over epochs, drawn by XChart. Non-finite points are
 * dropped; a loss spanning more than two decades (all positive) gets a log axis; a lone point is
 * drawn as a marker on a widened axis.
 */
final class MetricChart {
    /** Series with at most this many points also get markers, so short runs show their epochs. */
    static final int MARKERS_UP_TO = 30;

    /** The finite points of one curve. */
    private record Line(String split, Color color, double[] x, double[] y) {}

    private final String metric;
    private final List<Line> lines = new ArrayList<>();
    private final boolean logarithmic;

    MetricChart(String metric, List<Plots.Curve> curves, Map<String, Integer> splits) {
        this.metric = metric;
        for (Plots.Curve c : curves) {
            double[] epochs = c.epochs(), values = c.values();
            double[] x = new double[epochs.length], y = new double[epochs.length];
            int n = 0;
            for (int k = 0; k < epochs.length; k++) {
                if (Double.isFinite(epochs[k]) && Double.isFinite(values[k])) {
                    x[n] = epochs[k];
                    y[n++] = values[k];
                }
            }
            if (n > 0) lines.add(new Line(c.split(), Style.series(splits.get(c.split())), Arrays.copyOf(x, n), Arrays.copyOf(y, n)));
        }
        this.logarithmic = CurvesFigure.isLoss(metric) && spansDecades(2);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    boolean logarithmic() {
        return logarithmic;
    }

    private boolean spansDecades(double decades) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Line l : lines) {
            for (double v : l.y()) {
                if (v <= 0) return false;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi / lo > Math.pow(10, decades);
    }

    BufferedImage render(int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(metric).xAxisTitle("epoch").yAxisTitle(metric).build();
        style(chart.getStyler());
        double xLo = Double.POSITIVE_INFINITY, xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY, yHi = Double.NEGATIVE_INFINITY;
        boolean wholeEpochs = true;
        for (Line l : lines) {
            XYSeries s = chart.addSeries(uniqueName(chart, l.split()), l.x(), l.y());
            s.setLineColor(l.color());
            s.setMarkerColor(l.color());
            s.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            s.setMarker(l.x().length <= MARKERS_UP_TO ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            for (int k = 0; k < l.x().length; k++) {
                xLo = Math.min(xLo, l.x()[k]);
                xHi = Math.max(xHi, l.x()[k]);
                yLo = Math.min(yLo, l.y()[k]);
                yHi = Math.max(yHi, l.y()[k]);
                wholeEpochs &= l.x()[k] == Math.rint(l.x()[k]);
            }
        }
        XYStyler st = chart.getStyler();
        if (wholeEpochs) st.setXAxisDecimalPattern("0");
        if (xLo == xHi) {
            st.setXAxisMin(xLo - 1);
            st.setXAxisMax(xHi + 1);
        } else {
            double pad = xPadding(xHi - xLo);
            st.setXAxisMin(xLo - pad);
            st.setXAxisMax(xHi + pad);
        }
        if (!logarithmic) {
            // 5% air above and below, as matplotlib leaves; a constant gets ±10% of its size
            double pad = yHi > yLo ? 0.05 * (yHi - yLo) : yLo == 0 ? 1 : 0.1 * Math.abs(yLo);
            yLo -= pad;
            yHi += pad;
            st.setYAxisMin(yLo);
            st.setYAxisMax(yHi);
            st.setYAxisDecimalPattern(decimalPattern(Ticks.step(yLo, yHi, 5)));
        } else {
            double air = Math.pow(yHi / yLo, 0.04);
            st.setYAxisMin(yLo / air);
            st.setYAxisMax(yHi * air);
        }
        st.setYAxisLogarithmic(logarithmic);
        st.setLegendVisible(lines.size() > 1 || !lines.get(0).split().isEmpty());
        st.setLegendPosition(legendCorner(xLo, xHi, yLo, yHi));
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * A little room left and right of the data. It also keeps XChart 3.8.8's tick placement sane:
     * when the axis ends and all x values are equally spaced, XChart puts ticks on every k-th data
     * value (1, 7, 13, …) instead of round numbers, so the padding must differ from the epoch step.
     */
    private double xPadding(double span) {
        double pad = 0.02 * span;
        for (Line l : lines) {
            if (l.x().length > 1 && Math.abs(Math.abs(l.x()[1] - l.x()[0]) - pad) < 1e-3 * span) return 0.03 * span;
        }
        return pad;
    }

    /** "0.00" for a step of 0.05: enough decimals for every tick, the same number on each label. */
    static String decimalPattern(double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
    }

    /** XChart rejects two series of the same name; a repeated split gets " (2)", " (3)", … */
    private static String uniqueName(XYChart chart, String split) {
        String name = split.isEmpty() ? " " : split;
        for (int k = 2; chart.getSeriesMap().containsKey(name); k++) name = split + " (" + k + ")";
        return name;
    }

    /** The legend goes in the upper right unless the lines end there (an accuracy rising), then lower right. */
    private LegendPosition legendCorner(double xLo, double xHi, double yLo, double yHi) {
        double sum = 0;
        int n = 0;
        for (Line l : lines) {
            for (int k = 0; k < l.x().length; k++) {
                if (xHi > xLo && l.x()[k] < xLo + 0.6 * (xHi - xLo)) continue;
                double y = logarithmic ? Math.log(l.y()[k]) : l.y()[k];
                double lo = logarithmic ? Math.log(yLo) : yLo, hi = logarithmic ? Math.log(yHi) : yHi;
                sum += hi > lo ? (y - lo) / (hi - lo) : 0.5;
                n++;
            }
        }
        return n > 0 && sum / n > 0.5 ? LegendPosition.InsideSE : LegendPosition.InsideNE;
    }

    private static void style(XYStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(Style.INK);
        s.setChartTitleFont(Style.SUBTITLE);
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(8);
        s.setAxisTitleFont(Style.LABEL);
        s.setAxisTickLabelsFont(Style.TICK);
        s.setAxisTickLabelsColor(Style.AXIS);
        s.setAxisTickMarksColor(Style.AXIS);
        s.setPlotBorderVisible(true);
        s.setPlotBorderColor(Style.AXIS);
        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(Style.GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotMargin(0);
        s.setChartPadding(14);
        s.setLegendFont(Style.LEGEND);
        s.setLegendBorderColor(Style.GRID);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setLegendSeriesLineLength(28);
        s.setMarkerSize(7);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
    }
}
