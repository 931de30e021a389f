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

    /** Which of x, w, y a convolution sweep writes; the other two it reads. */
    enum Role { FORWARD, INPUT, WEIGHT }

    /**
     * The one loop nest of all three convolutions: y[n, o, i, j] = Σ_c,k,l x[n, c, r, q] · w[o, c, k, l]
     * with r = i·s − p + k·d, q = j·s − p + l·d. FORWARD writes y; INPUT (the adjoint in x) adds
     * g·w into x; WEIGHT (the adjoint in w) adds x·g into w. Written arrays start at zero.
     */
    static void conv(Role role, double[] x, Shape xs, double[] w, Shape ws, double[] y, Shape ys, Attr.Window2d a) {
        int n = xs.dim(0), c = xs.dim(1), h = xs.dim(2), wd = xs.dim(3), o = ws.dim(0), ho = ys.dim(2), wo = ys.dim(3);
        for (int b = 0; b < n; b++)
            for (int f = 0; f < o; f++)
                for (int i = 0; i < ho; i++)
                    for (int j = 0; j < wo; j++) {
                        int at = ((b * o + f) * ho + i) * wo + j;
                        double s = 0, gv = role == Role.FORWARD ? 0 : y[at];
                        for (int ch = 0; ch < c; ch++)
                            for (int k = 0; k < a.kh(); k++) {
                                int r = i * a.sh() - a.ph() + k * a.dh();
                                if (r < 0 || r >= h) continue;
                                for (int l = 0; l < a.kw(); l++) {
                                    int q = j * a.sw() - a.pw() + l * a.dw();
                                    if (q < 0 || q >= wd) continue;
                                    int xi = ((b * c + ch) * h + r) * wd + q, wi = ((f * c + ch) * a.kh() + k) * a.kw() + l;
                                    switch (role) {
                                        case FORWARD -> s += x[xi] * w[wi];
                                        case INPUT -> x[xi] += gv * w[wi];
                                        case WEIGHT -> w[wi] += x[xi] * gv;
                                    }
                                }
                            }
                        if (role == Role.FORWARD) y[at] = s;
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
