package dev.nnc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Row updates of generated reductions in Vector API lanes: {@code acc[j] += src[off + j]} (sums
 * over leading axes), {@code acc[j] = fma(src[off + j], y, acc[j])} (a transposed matrix times a
 * vector: matrix products round once per term, as {@code Math.fma}) and {@code acc[j] += src[j]·y}
 * with separate rounding (convolution rows). Each element gets the scalar loop's arithmetic, so
 * results are bit-identical.
 * Referenced only by classes generated while the Vector API module is present.
 */
public final class Rows {
    private Rows() {}

    public static void add(double[] acc, double[] src, int off, int n) {
        int j = 0;
        for (; j <= n - Lanes.DOUBLES; j += Lanes.DOUBLES) {
            DoubleVector.fromArray(Lanes.D, acc, j).add(DoubleVector.fromArray(Lanes.D, src, off + j)).intoArray(acc, j);
        }
        for (; j < n; j++) acc[j] += src[off + j];
    }

    public static void fusedAxpy(double[] acc, double[] src, int off, double y, int n) {
        int j = 0;
        for (; j <= n - Lanes.DOUBLES; j += Lanes.DOUBLES) {
            DoubleVector.fromArray(Lanes.D, src, off + j).fma(DoubleVector.broadcast(Lanes.D, y), DoubleVector.fromArray(Lanes.D, acc, j)).intoArray(acc, j);
        }
        for (; j < n; j++) acc[j] = Math.fma(src[off + j], y, acc[j]);
    }

    public static void add(float[] acc, float[] src, int off, int n) {
        int j = 0;
        for (; j <= n - Lanes.FLOATS; j += Lanes.FLOATS) {
            FloatVector.fromArray(Lanes.F, acc, j).add(FloatVector.fromArray(Lanes.F, src, off + j)).intoArray(acc, j);
        }
        for (; j < n; j++) acc[j] += src[off + j];
    }

    public static void fusedAxpy(float[] acc, float[] src, int off, float y, int n) {
        int j = 0;
        for (; j <= n - Lanes.FLOATS; j += Lanes.FLOATS) {
            FloatVector.fromArray(Lanes.F, src, off + j).fma(FloatVector.broadcast(Lanes.F, y), FloatVector.fromArray(Lanes.F, acc, j)).intoArray(acc, j);
        }
        for (; j < n; j++) acc[j] = Math.fma(src[off + j], y, acc[j]);
    }

    /** {@code acc[accOff + j] += src[srcOff + j]·y} for j < n: a row of a convolution's output and one tap. */
    public static void axpy(double[] acc, int accOff, double[] src, int srcOff, double y, int n) {
        int j = 0;
        for (; j <= n - Lanes.DOUBLES; j += Lanes.DOUBLES) {
            DoubleVector.fromArray(Lanes.D, acc, accOff + j).add(DoubleVector.fromArray(Lanes.D, src, srcOff + j).mul(y))
                    .intoArray(acc, accOff + j);
        }
        for (; j < n; j++) acc[accOff + j] += src[srcOff + j] * y;
    }

    public static void axpy(float[] acc, int accOff, float[] src, int srcOff, float y, int n) {
        int j = 0;
        for (; j <= n - Lanes.FLOATS; j += Lanes.FLOATS) {
            FloatVector.fromArray(Lanes.F, acc, accOff + j).add(FloatVector.fromArray(Lanes.F, src, srcOff + j).mul(y))
                    .intoArray(acc, accOff + j);
        }
        for (; j < n; j++) acc[accOff + j] += src[srcOff + j] * y;
    }
}
