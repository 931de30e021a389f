package dev.nnc.cli;

import dev.nnc.ir.Shape;
import java.math.BigDecimal;
import java.math.MathContext;

/** How numbers and tensors look in the human layout: ten significant digits, nested lists. */
final class Format {
    private Format() {}

    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        BigDecimal d = new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros();
        double abs = Math.abs(v);
        return abs >= 1e-4 && abs < 1e15 ? d.toPlainString() : d.toString().replace("E", "e");
    }

    static String tensor(Shape shape, double[] data) {
        if (shape.isScalar()) return number(data[0]);
        StringBuilder b = new StringBuilder();
        append(b, shape, data, 0, 0);
        return b.toString();
    }

    private static int append(StringBuilder b, Shape shape, double[] data, int axis, int offset) {
        b.append('[');
        int n = shape.dim(axis);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(", ");
            if (axis == shape.rank() - 1) b.append(number(data[offset++]));
            else offset = append(b, shape, data, axis + 1, offset);
        }
        b.append(']');
        return offset;
    }
}
