package dev.nnc.runtime;

/**
 * Decodes the large constant tensors of generated classes. A constant is written as the raw
 * IEEE-754 bits of its elements, 16 hex digits each (8 for a float32 class), in chunks that each
 * fit one string literal of a class file; decoding reproduces every value bit for bit (NaN
 * payloads and -0.0 included). Runs once, in a static initializer.
 */
public final class ConstantData {
    /** Hex digits per element. */
    public static final int DIGITS = 16;

    /** Hex digits per float element. */
    public static final int FLOAT_DIGITS = 8;

    private ConstantData() {}

    public static double[] unpack(String[] chunks) {
        int total = 0;
        for (String c : chunks) total += c.length();
        if (total % DIGITS != 0) throw new IllegalArgumentException("packed constant of " + total + " digits");
        double[] out = new double[total / DIGITS];
        int i = 0;
        for (String c : chunks) {
            for (int at = 0; at < c.length(); at += DIGITS) {
                out[i++] = Double.longBitsToDouble(Long.parseUnsignedLong(c.substring(at, at + DIGITS), 16));
            }
        }
        return out;
    }

    /** The inverse of {@link #unpack}: chunks of at most {@code perChunk} elements. */
    public static String[] pack(double[] values, int perChunk) {
        int chunks = Math.max(1, (values.length + perChunk - 1) / perChunk);
        String[] out = new String[chunks];
        for (int c = 0; c < chunks; c++) {
            StringBuilder b = new StringBuilder();
            for (int i = c * perChunk; i < Math.min(values.length, (c + 1) * perChunk); i++) {
                String hex = Long.toHexString(Double.doubleToRawLongBits(values[i]));
                b.append("0".repeat(DIGITS - hex.length())).append(hex);
            }
            out[c] = b.toString();
        }
        return out;
    }

    public static float[] unpackFloats(String[] chunks) {
        int total = 0;
        for (String c : chunks) total += c.length();
        if (total % FLOAT_DIGITS != 0) throw new IllegalArgumentException("packed float constant of " + total + " digits");
        float[] out = new float[total / FLOAT_DIGITS];
        int i = 0;
        for (String c : chunks) {
            for (int at = 0; at < c.length(); at += FLOAT_DIGITS) {
                out[i++] = Float.intBitsToFloat(Integer.parseUnsignedInt(c.substring(at, at + FLOAT_DIGITS), 16));
            }
        }
        return out;
    }

    /** The inverse of {@link #unpackFloats}: chunks of at most {@code perChunk} elements. */
    public static String[] packFloats(float[] values, int perChunk) {
        int chunks = Math.max(1, (values.length + perChunk - 1) / perChunk);
        String[] out = new String[chunks];
        for (int c = 0; c < chunks; c++) {
            StringBuilder b = new StringBuilder();
            for (int i = c * perChunk; i < Math.min(values.length, (c + 1) * perChunk); i++) {
                String hex = Integer.toHexString(Float.floatToRawIntBits(values[i]));
                b.append("0".repeat(FLOAT_DIGITS - hex.length())).append(hex);
            }
            out[c] = b.toString();
        }
        return out;
    }
}
