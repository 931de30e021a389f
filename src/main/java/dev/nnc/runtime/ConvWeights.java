package dev.nnc.runtime;

/**
 * The end of a convolution's weight gradient computed in vector lanes across output channels
 * (the loops themselves are generated: one row of sums per kernel tap): {@link #unpack} writes the
 * lanes' sums back in the weights' order and tells whether all of them are finite, which decides
 * whether sums over a zero-padded input can stand (see WindowEmitter). Plain Java.
 */
public final class ConvWeights {
    private ConvWeights() {}

    /**
     * {@code sums[ci, t, oc]} (rows of {@code stride} lanes) to the weight gradient
     * {@code w[oc, ci, t]} for oc &lt; o, ci &lt; c, t &lt; taps; whether every one is finite.
     */
    public static boolean unpack(double[] sums, double[] w, int o, int c, int taps, int stride) {
        boolean finite = true;
        for (int oc = 0; oc < o; oc++) {
            for (int ci = 0; ci < c; ci++) {
                for (int t = 0; t < taps; t++) {
                    double v = sums[(ci * taps + t) * stride + oc];
                    finite &= Double.isFinite(v);
                    w[(oc * c + ci) * taps + t] = v;
                }
            }
        }
        return finite;
    }

    public static boolean unpack(float[] sums, float[] w, int o, int c, int taps, int stride) {
        boolean finite = true;
        for (int oc = 0; oc < o; oc++) {
            for (int ci = 0; ci < c; ci++) {
                for (int t = 0; t < taps; t++) {
                    float v = sums[(ci * taps + t) * stride + oc];
                    finite &= Float.isFinite(v);
                    w[(oc * c + ci) * taps + t] = v;
                }
            }
        }
        return finite;
    }
}
