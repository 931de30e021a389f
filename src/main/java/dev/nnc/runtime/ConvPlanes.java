package dev.nnc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The forward pass of a stride-1 convolution, one output plane at a time, in Vector API lanes.
 * The input comes zero-padded ({@link #pad}: planes of hp × wp, the padding written once and never
 * again), so every tap of every output position reads inside the array and no bounds are tested:
 * output (r, q) of the plane is {@code Σ_t w[t] · xp[t's offset + r·wp + q]} over the taps t in
 * (in channel, kernel row, kernel column) order, summed from 0.0 as the interpreter does. The
 * positions run over the whole padded width, so one plane is one flat loop of ho·wp lanes whose
 * last wp − wo columns of each row are discarded when the plane is copied out.
 *
 * <p>A padding tap adds {@code 0·w}, which changes no sum when w is finite (a sum that starts at
 * +0.0 never becomes −0.0, and s + ±0 = s otherwise); the generated code takes this path only
 * after {@link #finite} has checked the weights, and the interpreter's nest otherwise.
 * Referenced only by classes generated while the Vector API module is present.
 */
public final class ConvPlanes {
    private ConvPlanes() {}

    /** Rows of {@code count} planes of h × w copied into the middle of planes of hp × wp. */
    public static void pad(double[] x, double[] xp, int count, int h, int w, int ph, int pw, int hp, int wp) {
        for (int p = 0; p < count; p++) {
            for (int r = 0; r < h; r++) System.arraycopy(x, (p * h + r) * w, xp, (p * hp + r + ph) * wp + pw, w);
        }
    }

    public static void pad(float[] x, float[] xp, int count, int h, int w, int ph, int pw, int hp, int wp) {
        for (int p = 0; p < count; p++) {
            for (int r = 0; r < h; r++) System.arraycopy(x, (p * h + r) * w, xp, (p * hp + r + ph) * wp + pw, w);
        }
    }

    public static boolean finite(double[] w) {
        for (double v : w) if (!Double.isFinite(v)) return false;
        return true;
    }

    public static boolean finite(float[] w) {
        for (float v : w) if (!Float.isFinite(v)) return false;
        return true;
    }

    /**
     * One output plane: {@code out[outBase + r·wo + q]} for r < ho, q < wo, from the padded input
     * image at {@code xBase} (c planes of hp·wp) and the weights of one output channel at
     * {@code wBase} (c·kh·kw, in that order). {@code wide} holds ho·wp lanes rounded up to a whole
     * vector; the padded array has room for the last vector's reads past the image.
     */
    public static void plane(double[] xp, int xBase, int c, int kh, int kw, int dh, int dw, int hp, int wp,
                             double[] w, int wBase, double[] wide, double[] out, int outBase, int ho, int wo) {
        int lanes = Lanes.DOUBLES, count = ho * wp;
        // taps outside, lanes inside: each lane's sum still takes the taps in order, from 0.0
        int t = wBase;
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, t++) {
                    int from = xBase + (ci * hp + i * dh) * wp + j * dw;
                    DoubleVector wt = DoubleVector.broadcast(Lanes.D, w[t]);
                    if (t == wBase) {
                        for (int v = 0; v < count; v += lanes) {
                            DoubleVector.zero(Lanes.D).add(DoubleVector.fromArray(Lanes.D, xp, from + v).mul(wt)).intoArray(wide, v);
                        }
                    } else {
                        for (int v = 0; v < count; v += lanes) {
                            DoubleVector.fromArray(Lanes.D, wide, v).add(DoubleVector.fromArray(Lanes.D, xp, from + v).mul(wt)).intoArray(wide, v);
                        }
                    }
                }
            }
        }
        for (int r = 0; r < ho; r++) System.arraycopy(wide, r * wp, out, outBase + r * wo, wo);
    }

    public static void plane(float[] xp, int xBase, int c, int kh, int kw, int dh, int dw, int hp, int wp,
                             float[] w, int wBase, float[] wide, float[] out, int outBase, int ho, int wo) {
        int lanes = Lanes.FLOATS, count = ho * wp;
        // taps outside, lanes inside: each lane's sum still takes the taps in order, from 0.0
        int t = wBase;
        for (int ci = 0; ci < c; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, t++) {
                    int from = xBase + (ci * hp + i * dh) * wp + j * dw;
                    FloatVector wt = FloatVector.broadcast(Lanes.F, w[t]);
                    if (t == wBase) {
                        for (int v = 0; v < count; v += lanes) {
                            FloatVector.zero(Lanes.F).add(FloatVector.fromArray(Lanes.F, xp, from + v).mul(wt)).intoArray(wide, v);
                        }
                    } else {
                        for (int v = 0; v < count; v += lanes) {
                            FloatVector.fromArray(Lanes.F, wide, v).add(FloatVector.fromArray(Lanes.F, xp, from + v).mul(wt)).intoArray(wide, v);
                        }
                    }
                }
            }
        }
        for (int r = 0; r < ho; r++) System.arraycopy(wide, r * wp, out, outBase + r * wo, wo);
    }
}
