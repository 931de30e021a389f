package dev.nnc.plot;

import java.awt.Color;

/**
 * The probability colour map: class 0 blue at p = 0, white at p = 0.5, class 1 red at p = 1.
 * The ends are the light stops of ColorBrewer's RdBu, so the saturated class colours of the data
 * points ({@link #CLASS_0}, {@link #CLASS_1}, RdBu's dark stops) stand out on either side.
 */
final class Diverging {
    private Diverging() {}

    static final Color CLASS_0 = new Color(0x21, 0x66, 0xAC);
    static final Color CLASS_1 = new Color(0xC4, 0x1E, 0x2E);
    /** Where the probability function gave NaN. */
    static final Color UNDEFINED = new Color(0xBB, 0xBB, 0xBB);

    private static final double[] STOPS = {0.0, 0.25, 0.5, 0.75, 1.0};
    private static final int[][] RGB = {
        {0x6F, 0xA8, 0xD6}, {0xB4, 0xD4, 0xEA}, {0xF7, 0xF7, 0xF7}, {0xF2, 0xBC, 0xA6}, {0xE3, 0x86, 0x76},
    };

    /** The colour for probability {@code p}, clamped to [0, 1], as 0xRRGGBB. */
    static int rgb(double p) {
        if (Double.isNaN(p)) return UNDEFINED.getRGB() & 0xFFFFFF;
        p = Math.max(0, Math.min(1, p));
        int k = 0;
        while (k < STOPS.length - 2 && p > STOPS[k + 1]) k++;
        double t = (p - STOPS[k]) / (STOPS[k + 1] - STOPS[k]);
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            double v = RGB[k][c] + t * (RGB[k + 1][c] - RGB[k][c]);
            rgb = (rgb << 8) | (int) Math.round(v);
        }
        return rgb;
    }

    static Color color(double p) {
        return new Color(rgb(p));
    }
}
