package dev.nnc.ir;

import java.util.Arrays;

/** The static, non-tensor operands of a node. Value semantics: they take part in interning. */
public sealed interface Attr {

    None NONE = new None();

    record None() implements Attr {}

    /** The name of a param or input leaf. */
    record Leaf(String name) implements Attr {}

    /** The row-major values of a constant; one value fills the whole shape. */
    record Data(double[] values) implements Attr {
        public boolean isSplat() { return values.length == 1; }
        public double at(int i) { return values.length == 1 ? values[0] : values[i]; }
        @Override public boolean equals(Object o) { return o instanceof Data d && Arrays.equals(values, d.values); }
        @Override public int hashCode() { return Arrays.hashCode(values); }
        @Override public String toString() { return Arrays.toString(values); }
    }

    /** Reduced axes (ascending, non-negative) and whether they stay as size-1 axes. */
    record Axes(int[] axes, boolean keepDims) implements Attr {
        @Override public boolean equals(Object o) {
            return o instanceof Axes a && Arrays.equals(axes, a.axes) && keepDims == a.keepDims;
        }
        @Override public int hashCode() { return Arrays.hashCode(axes) * 31 + (keepDims ? 1 : 0); }
        @Override public String toString() { return Arrays.toString(axes) + (keepDims ? " keep" : ""); }
    }

    /** One axis (softmax, log_softmax, argmax). */
    record Axis(int axis) implements Attr {}

    /** A permutation of axes: output axis i is input axis perm[i]. */
    record Perm(int[] perm) implements Attr {
        @Override public boolean equals(Object o) { return o instanceof Perm p && Arrays.equals(perm, p.perm); }
        @Override public int hashCode() { return Arrays.hashCode(perm); }
        @Override public String toString() { return Arrays.toString(perm); }
    }

    /**
     * A strided window of the input: per input axis a start, step and count; axes with
     * {@code kept[i] == false} were indexed by an integer and are dropped from the result.
     */
    record Window(int[] start, int[] step, int[] count, boolean[] kept) implements Attr {
        @Override public boolean equals(Object o) {
            return o instanceof Window w && Arrays.equals(start, w.start) && Arrays.equals(step, w.step)
                    && Arrays.equals(count, w.count) && Arrays.equals(kept, w.kept);
        }
        @Override public int hashCode() {
            return Arrays.hashCode(start) ^ 31 * Arrays.hashCode(step) ^ 961 * Arrays.hashCode(count)
                    ^ Arrays.hashCode(kept);
        }
        @Override public String toString() {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < start.length; i++) {
                if (i > 0) b.append(", ");
                if (!kept[i]) b.append(start[i]);
                else b.append(start[i]).append(':').append(start[i] + step[i] * count[i]).append(step[i] == 1 ? "" : ":" + step[i]);
            }
            return b.append(']').toString();
        }
    }

    /** The class count of onehot. */
    record Count(int count) implements Attr {}

    /** A 2-D window sweep (convolution or pooling): window size, stride, symmetric zero padding, dilation. */
    record Window2d(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw) implements Attr {
        /** Output size along one axis: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1. */
        public static int out(int n, int k, int s, int p, int d) {
            return Math.floorDiv(n + 2 * p - d * (k - 1) - 1, s) + 1;
        }

        @Override
        public String toString() {
            return kh + "×" + kw + " stride " + sh + "," + sw + " padding " + ph + "," + pw + (dh == 1 && dw == 1 ? "" : " dilation " + dh + "," + dw);
        }
    }
}
