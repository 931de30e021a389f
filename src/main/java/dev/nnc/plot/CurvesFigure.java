package dev.nnc.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training curves: one chart per metric (losses first), one line per split, laid out in one
 * picture — a single chart, two side by side, or a grid — under a common title.
 */
final class CurvesFigure {
    static final int CELL_WIDTH = 600, CELL_HEIGHT = 440, TITLE_BAND = 56;

    private final Map<String, List<Plots.Curve>> byMetric = new LinkedHashMap<>();
    private final Map<String, Integer> splits = new LinkedHashMap<>();

    CurvesFigure(List<Plots.Curve> curves) {
        for (Plots.Curve c : curves) if (isLoss(c.metric())) add(c);
        for (Plots.Curve c : curves) if (!isLoss(c.metric())) add(c);
        for (Plots.Curve c : curves) splits.putIfAbsent(c.split(), splits.size());
    }

    private void add(Plots.Curve c) {
        byMetric.computeIfAbsent(c.metric(), m -> new ArrayList<>()).add(c);
    }

    static boolean isLoss(String metric) {
        return metric.toLowerCase(Locale.ROOT).contains("loss");
    }

    int columns() {
        int n = byMetric.size();
        return n <= 2 ? Math.max(1, n) : (int) Math.ceil(Math.sqrt(n));
    }

    int rows() {
        return Math.max(1, (byMetric.size() + columns() - 1) / columns());
    }

    BufferedImage render(String title) {
        int cols = columns(), rows = rows();
        BufferedImage image = new BufferedImage(cols * CELL_WIDTH, TITLE_BAND + rows * CELL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Style.smooth(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Style.INK);
            g.setFont(Style.TITLE);
            Style.centred(g, title, image.getWidth() / 2.0, 38);
            if (byMetric.isEmpty()) {
                note(g, "no curves to plot", 0, TITLE_BAND);
                return image;
            }
            int k = 0;
            for (Map.Entry<String, List<Plots.Curve>> e : byMetric.entrySet()) {
                int x = (k % cols) * CELL_WIDTH, y = TITLE_BAND + (k / cols) * CELL_HEIGHT;
                MetricChart chart = new MetricChart(e.getKey(), e.getValue(), splits);
                if (chart.isEmpty()) {
                    note(g, e.getKey() + ": no finite values", x, y);
                } else {
                    g.drawImage(chart.render(CELL_WIDTH, CELL_HEIGHT), x, y, null);
                }
                k++;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void note(Graphics2D g, String text, int x, int y) {
        g.setColor(Style.MUTED);
        g.setFont(Style.LABEL);
        Style.centred(g, text, x + CELL_WIDTH / 2.0, y + CELL_HEIGHT / 2.0);
    }
}
