package dev.nnc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The inner loop of a 3 × 3 convolution's weight gradient in vector lanes across output channels
 * (WindowEmitter.convWeightLanes): one output row's terms, with the nine tap sums held in registers
 * across the row instead of loaded and stored back at every term (W6: 1.2 ms of a 4 ms step that
 * way). Each lane still adds its x·g products one at a time in column order, a multiply then an
 * add as the interpreter rounds them, so the sums are the same to the bit. The loop carries vectors
 * only within this small method, as {@link GemmVector}'s tiles do: C2 keeps them in registers here,
 * where across the three loops of a generated method it sometimes boxed them (ModelAllocationTest).
 * Referenced only by classes generated while the Vector API module is present.
 */
public final class ConvLanes {
    private ConvLanes() {}

    /**
     * For {@code i3} in [0, wo): with {@code gv} the lanes at {@code gt[gRow + i3·stride]} and
     * {@code at = xRow + i3·sw}, tap (r, q)'s sums at {@code sums[base + (3r + q)·stride]} take
     * {@code gv · x[at + r·rowStep + q·dw]}.
     */
    public static void row3x3(double[] sums, int base, int stride, double[] gt, int gRow, double[] x, int xRow,
                              int wo, int sw, int rowStep, int dw) {
        var d = Lanes.D;
        DoubleVector s0 = DoubleVector.fromArray(d, sums, base), s1 = DoubleVector.fromArray(d, sums, base + stride),
                s2 = DoubleVector.fromArray(d, sums, base + 2 * stride), s3 = DoubleVector.fromArray(d, sums, base + 3 * stride),
                s4 = DoubleVector.fromArray(d, sums, base + 4 * stride), s5 = DoubleVector.fromArray(d, sums, base + 5 * stride),
                s6 = DoubleVector.fromArray(d, sums, base + 6 * stride), s7 = DoubleVector.fromArray(d, sums, base + 7 * stride),
                s8 = DoubleVector.fromArray(d, sums, base + 8 * stride);
        int r1 = rowStep, r2 = 2 * rowStep, q2 = 2 * dw;
        for (int i3 = 0; i3 < wo; i3++) {
            DoubleVector gv = DoubleVector.fromArray(d, gt, gRow + i3 * stride);
            int at = xRow + i3 * sw;
            s0 = s0.add(gv.mul(x[at]));
            s1 = s1.add(gv.mul(x[at + dw]));
            s2 = s2.add(gv.mul(x[at + q2]));
            s3 = s3.add(gv.mul(x[at + r1]));
            s4 = s4.add(gv.mul(x[at + r1 + dw]));
            s5 = s5.add(gv.mul(x[at + r1 + q2]));
            s6 = s6.add(gv.mul(x[at + r2]));
            s7 = s7.add(gv.mul(x[at + r2 + dw]));
            s8 = s8.add(gv.mul(x[at + r2 + q2]));
        }
        s0.intoArray(sums, base);
        s1.intoArray(sums, base + stride);
        s2.intoArray(sums, base + 2 * stride);
        s3.intoArray(sums, base + 3 * stride);
        s4.intoArray(sums, base + 4 * stride);
        s5.intoArray(sums, base + 5 * stride);
        s6.intoArray(sums, base + 6 * stride);
        s7.intoArray(sums, base + 7 * stride);
        s8.intoArray(sums, base + 8 * stride);
    }

    public static void row3x3(float[] sums, int base, int stride, float[] gt, int gRow, float[] x, int xRow,
                              int wo, int sw, int rowStep, int dw) {
        var f = Lanes.F;
        FloatVector s0 = FloatVector.fromArray(f, sums, base), s1 = FloatVector.fromArray(f, sums, base + stride),
                s2 = FloatVector.fromArray(f, sums, base + 2 * stride), s3 = FloatVector.fromArray(f, sums, base + 3 * stride),
                s4 = FloatVector.fromArray(f, sums, base + 4 * stride), s5 = FloatVector.fromArray(f, sums, base + 5 * stride),
                s6 = FloatVector.fromArray(f, sums, base + 6 * stride), s7 = FloatVector.fromArray(f, sums, base + 7 * stride),
                s8 = FloatVector.fromArray(f, sums, base + 8 * stride);
        int r1 = rowStep, r2 = 2 * rowStep, q2 = 2 * dw;
        for (int i3 = 0; i3 < wo; i3++) {
            FloatVector gv = FloatVector.fromArray(f, gt, gRow + i3 * stride);
            int at = xRow + i3 * sw;
            s0 = s0.add(gv.mul(x[at]));
            s1 = s1.add(gv.mul(x[at + dw]));
            s2 = s2.add(gv.mul(x[at + q2]));
            s3 = s3.add(gv.mul(x[at + r1]));
            s4 = s4.add(gv.mul(x[at + r1 + dw]));
            s5 = s5.add(gv.mul(x[at + r1 + q2]));
            s6 = s6.add(gv.mul(x[at + r2]));
            s7 = s7.add(gv.mul(x[at + r2 + dw]));
            s8 = s8.add(gv.mul(x[at + r2 + q2]));
        }
        s0.intoArray(sums, base);
        s1.intoArray(sums, base + stride);
        s2.intoArray(sums, base + 2 * stride);
        s3.intoArray(sums, base + 3 * stride);
        s4.intoArray(sums, base + 4 * stride);
        s5.intoArray(sums, base + 5 * stride);
        s6.intoArray(sums, base + 6 * stride);
        s7.intoArray(sums, base + 7 * stride);
        s8.intoArray(sums, base + 8 * stride);
    }
}
