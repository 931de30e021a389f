package dev.nnc.interp;

import dev.nnc.ir.Attr;
import dev.nnc.ir.Shape;

/**
 * The reference semantics of convolution and pooling over NCHW tensors, loop by loop: output
 * (i, j) of a window sweep reads input (i·s − p + k·d, j·s − p + l·d) for window offsets (k, l),
 * and positions outside the input are zero padding (−∞ for max pooling).
 */
final class Windows {
    private Windows() {}

    /** y[n, o, i, j] = Σ_c,k,l x[n, c, i·s − p + k·d, j·s − p + l·d] · w[o, c, k, l]. */
    static void conv2d(double[] x, Shape xs, double[] w, Shape ws, Attr.Window2d a, double[] y, Shape ys) {
        int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ws.dim(0), ho = ys.dim(2), wo = ys.dim(3);
        for (int b = 0; b < n; b++)
            for (int f = 0; f < o; f++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++) {
                        double s = 0;
                        for (int ch = 0; ch < c; ch++)
                            for (int k = 0; k < a.kh(); k++) {
                                int r = i * a.sh() - a.ph() + k * a.dh();
                                if (r < 0 || r >= h) continue;
                                for (int l = 0; l < a.kw(); l++) {
                                    int q = j * a.sw() - a.pw() + l * a.dw();
                                    if (q < 0 || q >= wd) continue;
                                    s += x[((b * c + ch) * h + r) * wd + q] * w[((f * c + ch) * a.kh() + k) * a.kw() + l];
                                }
                            }
                        y[((b * o + f) * ho + i) * wo + j] = s;
                    }
    }

    /** x̂[n, c, r, q] = Σ g[n, o, i, j] · w[o, c, k, l] over the (i, j, k, l) that read (r, q). */
    static void backInput(double[] g, Shape gs, double[] w, Shape ws, Attr.Window2d a, double[] x, Shape xs) {
        int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ws.dim(0), ho = gs.dim(2), wo = gs.dim(3);
        for (int b = 0; b < n; b++)
            for (int f = 0; f < o; f++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++) {
                        double gv = g[((b * o + f) * ho + i) * wo + j];
                        for (int ch = 0; ch < c; ch++)
                            for (int k = 0; k < a.kh(); k++) {
                                int r = i * a.sh() - a.ph() + k * a.dh();
                                if (r < 0 || r >= h) continue;
                                for (int l = 0; l < a.kw(); l++) {
                                    int q = j * a.sw() - a.pw() + l * a.dw();
                                    if (q < 0 || q >= wd) continue;
                                    x[((b * c + ch) * h + r) * wd + q] += gv * w[((f * c + ch) * a.kh() + k) * a.kw() + l];
                                }
                            }
                    }
    }

    /** ŵ[o, c, k, l] = Σ_n,i,j x[n, c, i·s − p + k·d, j·s − p + l·d] · g[n, o, i, j]. */
    static void backWeight(double[] x, Shape xs, double[] g, Shape gs, Attr.Window2d a, double[] w, Shape ws) {
        int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ws.dim(0), ho = gs.dim(2), wo = gs.dim(3);
        for (int b = 0; b < n; b++)
            for (int f = 0; f < o; f++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++) {
                        double gv = g[((b * o + f) * ho + i) * wo + j];
                        for (int ch = 0; ch < c; ch++)
                            for (int k = 0; k < a.kh(); k++) {
                                int r = i * a.sh() - a.ph() + k * a.dh();
                                if (r < 0 || r >= h) continue;
                                for (int l = 0; l < a.kw(); l++) {
                                    int q = j * a.sw() - a.pw() + l * a.dw();
                                    if (q < 0 || q >= wd) continue;
                                    w[((f * c + ch) * a.kh() + k) * a.kw() + l] += x[((b * c + ch) * h + r) * wd + q] * gv;
                                }
                            }
                    }
    }

    /**
     * For every output element, the flat input index of its window's maximum: the first in
     * row-major window order, a NaN winning as in PyTorch's kernel.
     */
    static int[] argmax(double[] x, Shape xs, Attr.Window2d a, Shape ys) {
        int planes = xs.dim(0) * xs.dim(1), h = xs.dim(2), wd = xs.dim(3), ho = ys.dim(2), wo = ys.dim(3);
        int[] out = new int[planes * ho * wo];
        for (int pl = 0; pl < planes; pl++)
            for (int i = 0; i < ho; i++)
                for (int j = 0; j < wo; j++) {
                    int best = -1;
                    double bestValue = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < a.kh(); k++) {
                        int r = i * a.sh() - a.ph() + k * a.dh();
                        if (r < 0 || r >= h) continue;
                        for (int l = 0; l < a.kw(); l++) {
                            int q = j * a.sw() - a.pw() + l * a.dw();
                            if (q < 0 || q >= wd) continue;
                            int at = (pl * h + r) * wd + q;
                            double v = x[at];
                            if (best < 0 || v > bestValue || Double.isNaN(v)) { best = at; bestValue = v; }
                        }
                    }
                    out[(pl * ho + i) * wo + j] = best;
                }
        return out;
    }

    /** Average over each window; the divisor counts padding (PyTorch's count_include_pad). */
    static void avgpool(double[] x, Shape xs, Attr.Window2d a, double[] y, Shape ys, boolean backward) {
        int planes = xs.dim(0) * xs.dim(1), h = xs.dim(2), wd = xs.dim(3), ho = ys.dim(2), wo = ys.dim(3);
        for (int pl = 0; pl < planes; pl++)
            for (int i = 0; i < ho; i++)
                for (int j = 0; j < wo; j++) {
                    int r0 = i * a.sh() - a.ph(), q0 = j * a.sw() - a.pw();
                    int divisor = (Math.min(r0 + a.kh(), h + a.ph()) - r0) * (Math.min(q0 + a.kw(), wd + a.pw()) - q0);
                    int at = (pl * ho + i) * wo + j;
                    double s = 0;
                    for (int r = Math.max(r0, 0); r < Math.min(r0 + a.kh(), h); r++)
                        for (int q = Math.max(q0, 0); q < Math.min(q0 + a.kw(), wd); q++) {
                            if (backward) x[(pl * h + r) * wd + q] += y[at] / divisor;
                            else s += x[(pl * h + r) * wd + q];
                        }
                    if (!backward) y[at] = s / divisor;
                }
    }
}
