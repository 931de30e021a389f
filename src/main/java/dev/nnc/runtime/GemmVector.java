package dev.nnc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s kernels on the Vector API: C in tiles of 4 rows × 2 vectors held in registers
 * while p runs over k (one broadcast of A's element and two loads of B's row per row and p).
 * Rows past the last multiple of 4 take a 1-row tile; columns past the last multiple of two
 * vectors take the scalar loops. Each accumulator adds {@code a·b} products in ascending p from
 * zero, with a separate multiply and add: the scalar loops' exact arithmetic.
 * Loaded only when the module is present.
 */
final class GemmVector {
    private GemmVector() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Rows [i0, i1) of C. */
    static void product(double[] a, boolean transposeA, double[] b, double[] c, int m, int k, int n, int i0, int i1) {
        int step = 2 * D.length();
        int nv = n - n % step;
        // A's element (i, p): stored at i·rowStride + p·colStride
        int rowStride = transposeA ? 1 : k, colStride = transposeA ? m : 1;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            for (int j = 0; j < nv; j += step) tile4(a, b, c, i, j, k, n, rowStride, colStride);
        }
        for (; i < i1; i++) {
            for (int j = 0; j < nv; j += step) tile1(a, b, c, i, j, k, n, rowStride, colStride);
        }
        if (nv < n) Gemm.scalar(a, transposeA, b, c, m, k, n, i0, i1, nv);
    }

    private static void tile4(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = D.length();
        DoubleVector c00 = DoubleVector.zero(D), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a0 = i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = p * cs;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp), b1 = DoubleVector.fromArray(D, b, bp + w);
            DoubleVector x = DoubleVector.broadcast(D, a[a0 + ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            x = DoubleVector.broadcast(D, a[a1 + ap]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            x = DoubleVector.broadcast(D, a[a2 + ap]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            x = DoubleVector.broadcast(D, a[a3 + ap]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
        }
        int r = i * n + j;
        c00.intoArray(c, r);
        c01.intoArray(c, r + w);
        c10.intoArray(c, r + n);
        c11.intoArray(c, r + n + w);
        c20.intoArray(c, r + 2 * n);
        c21.intoArray(c, r + 2 * n + w);
        c30.intoArray(c, r + 3 * n);
        c31.intoArray(c, r + 3 * n + w);
    }

    private static void tile1(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = D.length();
        DoubleVector c0 = DoubleVector.zero(D), c1 = c0;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j;
            DoubleVector x = DoubleVector.broadcast(D, a[a0 + p * cs]);
            c0 = c0.add(x.mul(DoubleVector.fromArray(D, b, bp)));
            c1 = c1.add(x.mul(DoubleVector.fromArray(D, b, bp + w)));
        }
        c0.intoArray(c, i * n + j);
        c1.intoArray(c, i * n + j + w);
    }

    /** Rows [i0, i1) of C. */
    static void product(float[] a, boolean transposeA, float[] b, float[] c, int m, int k, int n, int i0, int i1) {
        int step = 2 * F.length();
        int nv = n - n % step;
        int rowStride = transposeA ? 1 : k, colStride = transposeA ? m : 1;
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            for (int j = 0; j < nv; j += step) tile4(a, b, c, i, j, k, n, rowStride, colStride);
        }
        for (; i < i1; i++) {
            for (int j = 0; j < nv; j += step) tile1(a, b, c, i, j, k, n, rowStride, colStride);
        }
        if (nv < n) Gemm.scalar(a, transposeA, b, c, m, k, n, i0, i1, nv);
    }

    private static void tile4(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = F.length();
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a0 = i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bp), b1 = FloatVector.fromArray(F, b, bp + w);
            FloatVector x = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            x = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            x = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            x = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
        }
        int r = i * n + j;
        c00.intoArray(c, r);
        c01.intoArray(c, r + w);
        c10.intoArray(c, r + n);
        c11.intoArray(c, r + n + w);
        c20.intoArray(c, r + 2 * n);
        c21.intoArray(c, r + 2 * n + w);
        c30.intoArray(c, r + 3 * n);
        c31.intoArray(c, r + 3 * n + w);
    }

    private static void tile1(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = F.length();
        FloatVector c0 = FloatVector.zero(F), c1 = c0;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j;
            FloatVector x = FloatVector.broadcast(F, a[a0 + p * cs]);
            c0 = c0.add(x.mul(FloatVector.fromArray(F, b, bp)));
            c1 = c1.add(x.mul(FloatVector.fromArray(F, b, bp + w)));
        }
        c0.intoArray(c, i * n + j);
        c1.intoArray(c, i * n + j + w);
    }
}
