package dev.nnc.runtime;

/**
 * Scalar functions shared by the reference interpreter and the generated code, so both compute
 * bit-identical results. Each is the numerically stable form.
 */
public final class Kernels {
    private Kernels() {}

    /** 1/(1+e^-x), without overflow for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double z = Math.exp(x);
        return z / (1.0 + z);
    }

    /** log(1 + e^x) = max(x, 0) + log1p(e^-|x|). */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** max(x, 0): NaN stays NaN and −0 becomes +0; branch-free, so C2 vectorises it. */
    public static double relu(double x) {
        return Math.max(x, 0.0);
    }

    public static double sign(double x) {
        return x > 0 ? 1.0 : x < 0 ? -1.0 : (x != x ? x : 0.0);
    }

    /**
     * The unit step [x > 0] as min(⌈max(x, 0)⌉, 1): 1 for x > 0, 0 for x ≤ 0, and NaN for NaN, so a
     * NaN forward value stays visible in the gradient. Unlike {@code x > 0 ? 1 : 0}, which C2
     * compiles to a branch that mispredicts on the random signs of hidden units, this vectorises.
     */
    public static double step(double x) {
        return Math.min(Math.ceil(Math.max(x, 0.0)), 1.0);
    }

    /**
     * {@link #step} for loops C2 cannot vectorise (a max-pool adjoint's scatter through the argmax
     * indices): the same values, 2–3× faster one at a time (W6's scatter 0.6 → 0.3 ms per step).
     * The NaN test is a branch that training which goes well always predicts right; the sign test
     * is branch-free: 1 exactly when the bits b of x satisfy 0 &lt; b ≤ bits(+∞), i.e. b − 1 is
     * below bits(+∞) as an unsigned number.
     */
    public static double stepScattered(double x) {
        if (x != x) return x;
        long u = Double.doubleToRawLongBits(x) - 1;
        return (double) (((u - 0x7FF0000000000000L) & ~u) >>> 63);
    }

    public static double pow(double a, double b) {
        if (b == 2.0) return a * a;
        return Math.pow(a, b);
    }

    /** Elementwise maximum; NaN propagates as in PyTorch's maximum. */
    public static double max(double a, double b) {
        return Math.max(a, b);
    }

    public static double min(double a, double b) {
        return Math.min(a, b);
    }

    /**
     * One step of a max-pooling scan, branch-free: {@code c} if x[c] replaces the window's running
     * maximum x[k] (it is greater, or it is NaN: the last NaN wins, as in the interpreter's scan),
     * else {@code k}. Ties keep {@code k}, the first maximum. Windows of random values make a branch
     * here mispredict about every other time; an int select does not.
     */
    public static int firstMax(double[] x, int k, int c) {
        double v = x[c];
        int replace = (v > x[k] ? 1 : 0) | (v != v ? 1 : 0);
        return k + ((c - k) & -replace);
    }

    // float32 counterparts, for generated code that computes in float: the same formulas with
    // every operation rounded to float (a Math call's double result is cast back at once).

    public static float sigmoid(float x) {
        if (x >= 0) return 1.0f / (1.0f + (float) Math.exp(-x));
        float z = (float) Math.exp(x);
        return z / (1.0f + z);
    }

    public static float softplus(float x) {
        return Math.max(x, 0.0f) + (float) Math.log1p((float) Math.exp(-Math.abs(x)));
    }

    /**
     * {@link #step(double)}'s values (1 for x &gt; 0, 0 for x ≤ 0, NaN for NaN) without its ceil:
     * Math.ceil has no float overload, and C2 does not vectorise the float → double → float chain
     * (W5 float32's relu' over 200 × 128: 42 µs a step, 5 µs this way). Two products by 2^100
     * take the least positive float, 2^-149, to 2^51, so the min with 1 gives exactly 1.
     */
    public static float step(float x) {
        return Math.min(Math.max(x, 0.0f) * 0x1p100f * 0x1p100f, 1.0f);
    }

    public static float stepScattered(float x) {
        if (x != x) return x;
        int u = Float.floatToRawIntBits(x) - 1;
        return (float) (((u - 0x7F800000) & ~u) >>> 31);
    }

    public static float relu(float x) {
        return Math.max(x, 0.0f);
    }

    public static float sign(float x) {
        return x > 0 ? 1.0f : x < 0 ? -1.0f : (x != x ? x : 0.0f);
    }

    public static float pow(float a, float b) {
        if (b == 2.0f) return a * a;
        return (float) Math.pow(a, b);
    }

    public static float max(float a, float b) {
        return Math.max(a, b);
    }

    public static float min(float a, float b) {
        return Math.min(a, b);
    }

    public static int firstMax(float[] x, int k, int c) {
        float v = x[c];
        int replace = (v > x[k] ? 1 : 0) | (v != v ? 1 : 0);
        return k + ((c - k) & -replace);
    }
}
