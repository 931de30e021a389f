package dev.nnc.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, labelled with just enough decimals. */
final class Ticks {
    private Ticks() {}

    /** About {@code target} ticks inside [lo, hi], both ends included when they fall on a step. */
    static List<Double> between(double lo, double hi, int target) {
        double step = step(lo, hi, target);
        List<Double> ticks = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        for (long k = first; k <= last; k++) ticks.add(k * step);
        return ticks;
    }

    static double step(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / decade;
        double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
        return nice * decade;
    }

    /** The tick value with as many decimals as the step needs; never "-0". */
    static String label(double value, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        if (Math.abs(value) < step * 1e-6) value = 0;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
