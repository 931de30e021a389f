package dev.nnc.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

/** Fonts, colours and rendering hints shared by every picture, so they look like one family. */
final class Style {
    private Style() {}

    static final String FAMILY = Font.SANS_SERIF;
    static final Font TITLE = new Font(FAMILY, Font.BOLD, 20);
    static final Font SUBTITLE = new Font(FAMILY, Font.BOLD, 16);
    static final Font LABEL = new Font(FAMILY, Font.PLAIN, 15);
    static final Font TICK = new Font(FAMILY, Font.PLAIN, 13);
    static final Font LEGEND = new Font(FAMILY, Font.PLAIN, 13);

    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color AXIS = new Color(0x44, 0x44, 0x44);
    static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    static final Color MUTED = new Color(0x77, 0x77, 0x77);

    /** Line colours per split, in order of first appearance: matplotlib's tab10 (train blue, test orange). */
    static final Color[] SERIES = {
        new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C),
        new Color(0xD6, 0x27, 0x28), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
        new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22),
        new Color(0x17, 0xBE, 0xCF),
    };

    static Color series(int i) {
        return SERIES[i % SERIES.length];
    }

    static void smooth(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
    }

    /** Draws {@code text} centred horizontally on {@code cx} with its baseline at {@code y}. */
    static void centred(Graphics2D g, String text, double cx, double y) {
        float w = (float) g.getFontMetrics().getStringBounds(text, g).getWidth();
        g.drawString(text, (float) (cx - w / 2), (float) y);
    }
}
