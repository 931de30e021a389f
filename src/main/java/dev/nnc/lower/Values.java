package dev.nnc.lower;

/** Number formatting for messages. */
public final class Values {
    private Values() {}

    /** Integers without a fraction, other numbers in Java's shortest round-trip form. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
