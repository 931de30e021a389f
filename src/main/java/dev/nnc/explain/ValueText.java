package dev.nnc.explain;

import dev.nnc.interp.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;

/** Short printed values for pictures and transcripts: four significant digits, long tensors elided. */
final class ValueText {
    private ValueText() {}

    static String of(Tensor t) {
        double[] d = t.data();
        if (t.shape().isScalar()) return number(d[0]);
        if (t.shape().rank() == 2 && d.length <= 16) {
            StringBuilder b = new StringBuilder("[");
            int cols = t.shape().dim(1);
            for (int r = 0; r < t.shape().dim(0); r++) {
                b.append(r == 0 ? "[" : ", [");
                for (int c = 0; c < cols; c++) b.append(c == 0 ? "" : ", ").append(number(d[r * cols + c]));
                b.append(']');
            }
            return b.append(']').toString();
        }
        StringBuilder b = new StringBuilder("[");
        int shown = Math.min(d.length, 6);
        for (int i = 0; i < shown; i++) b.append(i == 0 ? "" : ", ").append(number(d[i]));
        if (d.length > shown) b.append(", … (").append(d.length).append(" values)");
        return b.append(']').toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (Math.abs(v) < 1e-12) return "0";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toString().replace("E", "e");
    }
}
