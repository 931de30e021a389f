package dev.nnc.runtime;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s kernels on the Vector API: C in tiles of 4 rows × 4 vectors (32 float64 columns
 * with AVX-512) held in registers while p runs over k: per p, four loads of B's row, four
 * broadcasts of A's elements and sixteen fused multiply-adds. Columns past the last whole 4-vector
 * panel take a 4 × 2 tile, then 4 × 1; rows past the last multiple of 4 take 1 × 4, 1 × 2 or 1 × 1
 * (each with its own accumulators, so no sum waits on the previous one's latency), and columns past
 * the last whole vector the scalar loops. Long products run 6 × 4 tiles over blocks of B's
 * rows copied into L1 ({@link #PACKED}). Every accumulator starts at zero and takes
 * {@code fma(a, b, acc)} in ascending p (across blocks too: a block continues from the sums
 * the one before left in C): the scalar loops' (and the interpreter's) exact arithmetic. On the project's machine the 4 × 4 tile reaches 52 GFLOP/s a core in float64 for
 * W5's 200×784×128 against 36 for the 4 × 2 tile with a separate multiply and add
 * (BENCHMARKS.md). Loaded only when the module is present.
 */
final class GemmVector {
    private GemmVector() {}


    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * Products with more than {@code 2·KC} terms per element and at least 16 rows run over blocks
     * of KC rows of B, each block of a 4-vector panel first copied into a per-thread buffer of
     * 24 KB (half of a 48 KB L1, three quarters of a 32 KB one). Read in place, a panel's rows lie
     * 8·n bytes apart and the tiles fetched it from L2 for every row block; packed, it stays in L1
     * while every row block passes it. With B in L1 the tiles take 6 rows (24 accumulators, 4
     * loads of B and 6 broadcasts per 24 multiply-adds), then one block of 4 if 4 rows remain, then
     * single rows. Each tile continues from C's partial sums after the first block, so every sum
     * still takes its terms in ascending p. W5's products, classes alternated in one JVM: packing
     * 486 → 430 and 487 → 449 µs (200×784×128), 515 → 450 and 506 → 468 µs (784×200×128, A
     * transposed); then 6-row tiles 448 → 368 and 451 → 361, 477 → 405 and 446 → 388 µs; then
     * blocks of equal size 368 → 358 and 361 → 345, 374 → 362 and 375 → 373 µs.
     * {@code -Dnnc.unpackedGemm=true} turns it off (for comparisons).
     */
    static final boolean PACKED = !Boolean.getBoolean("nnc.unpackedGemm");
    static final int KC = 24 * 1024 / (4 * 64);
    private static final ThreadLocal<double[]> PACK_D = ThreadLocal.withInitial(() -> new double[KC * 4 * D.length()]);
    private static final ThreadLocal<float[]> PACK_F = ThreadLocal.withInitial(() -> new float[KC * 4 * F.length()]);

    /** Whether {@link #product} packs B for rows [i0, i1) of a product with k terms per element. */
    static boolean packs(int k, int i0, int i1) {
        return PACKED && k > 2 * KC && (i1 - i0) / 4 * 4 >= 16;
    }

    /** Columns in one 4-vector panel: {@link Gemm}'s column split falls on a multiple of it. */
    static int panel(boolean floats) {
        return 4 * (floats ? F.length() : D.length());
    }

    /** Rows [i0, i1) and columns [j0, j1) of C; j0 is 0 or a multiple of {@link #panel}. */
    static void product(double[] a, boolean transposeA, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0, int j1) {
        product(a, transposeA, b, c, m, k, n, i0, i1, j0, j1, false);
    }

    /** {@link #product}, the packed row blocks swept from the last to the first when {@code downward} ({@link Gemm}'s row split). */
    static void product(double[] a, boolean transposeA, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0, int j1, boolean downward) {
        int w = D.length();
        int wide = j0 + (j1 - j0) / (4 * w) * (4 * w);
        int pairs = wide + (j1 - wide) / (2 * w) * (2 * w);
        int nv = j0 + (j1 - j0) / w * w;
        // A's element (i, p): stored at i·rowStride + p·colStride
        int rowStride = transposeA ? 1 : k, colStride = transposeA ? m : 1;
        // column panels outside, row blocks inside: a panel of B (k × 4 vectors) stays in cache
        // while every row block of A passes it, instead of all of B once per row block
        int blocks = i0 + (i1 - i0) / 4 * 4;
        if (packs(k, i0, i1)) {
            // 6-row blocks, then one of 4 if at least 4 rows remain, then rows one by one
            int sixes = i0 + (i1 - i0) / 6 * 6;
            boolean four = i1 - sixes >= 4;
            int tail = four ? sixes + 4 : sixes;
            double[] pk = PACK_D.get();
            // blocks of at most KC rows, all about the same size (k = 200: 67, 67, 66 rather than 96, 96, 8)
            int blocksK = (k + KC - 1) / KC, kc = (k + blocksK - 1) / blocksK;
            for (int p0 = 0; p0 < k; p0 += kc) {
                int p1 = Math.min(k, p0 + kc);
                for (int j = j0; j < wide; j += 4 * w) {
                    pack(b, n, j, p0, p1, pk);
                    if (downward) {
                        if (four) tile4x4p(a, pk, c, sixes, j, n, rowStride, colStride, p0, p1);
                        for (int i = sixes - 6; i >= i0; i -= 6) tile6x4p(a, pk, c, i, j, n, rowStride, colStride, p0, p1);
                    } else {
                        for (int i = i0; i < sixes; i += 6) tile6x4p(a, pk, c, i, j, n, rowStride, colStride, p0, p1);
                        if (four) tile4x4p(a, pk, c, sixes, j, n, rowStride, colStride, p0, p1);
                    }
                }
            }
            for (int j = j0; j < wide; j += 4 * w) {
                for (int i = tail; i < i1; i++) tile1x4(a, b, c, i, j, k, n, rowStride, colStride);
            }
        } else {
            for (int j = j0; j < wide; j += 4 * w) {
                for (int i = i0; i < blocks; i += 4) tile4x4(a, b, c, i, j, k, n, rowStride, colStride);
                for (int i = blocks; i < i1; i++) tile1x4(a, b, c, i, j, k, n, rowStride, colStride);
            }
        }
        for (int j = wide; j < pairs; j += 2 * w) {
            for (int i = i0; i < blocks; i += 4) tile4x2(a, b, c, i, j, k, n, rowStride, colStride);
            for (int i = blocks; i < i1; i++) tile1x2(a, b, c, i, j, k, n, rowStride, colStride);
        }
        for (int j = pairs; j < nv; j += w) {
            for (int i = i0; i < blocks; i += 4) tile4x1(a, b, c, i, j, k, n, rowStride, colStride);
            for (int i = blocks; i < i1; i++) tile1x1(a, b, c, i, j, k, n, rowStride, colStride);
        }
        if (nv < j1) Gemm.scalar(a, transposeA, b, c, m, k, n, i0, i1, nv, j1);
    }

    private static void tile6x4p(double[] a, double[] pk, double[] c, int i, int j, int n, int rs, int cs, int p0, int p1) {
        int w = D.length();
        int r0 = i * n + j;
        int r1 = r0 + n;
        int r2 = r1 + n;
        int r3 = r2 + n;
        int r4 = r3 + n;
        int r5 = r4 + n;
        DoubleVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (p0 == 0) {
            DoubleVector zero = DoubleVector.zero(D);
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = zero;
        } else {
            c00 = DoubleVector.fromArray(D, c, r0);
            c01 = DoubleVector.fromArray(D, c, r0 + w);
            c02 = DoubleVector.fromArray(D, c, r0 + 2 * w);
            c03 = DoubleVector.fromArray(D, c, r0 + 3 * w);
            c10 = DoubleVector.fromArray(D, c, r1);
            c11 = DoubleVector.fromArray(D, c, r1 + w);
            c12 = DoubleVector.fromArray(D, c, r1 + 2 * w);
            c13 = DoubleVector.fromArray(D, c, r1 + 3 * w);
            c20 = DoubleVector.fromArray(D, c, r2);
            c21 = DoubleVector.fromArray(D, c, r2 + w);
            c22 = DoubleVector.fromArray(D, c, r2 + 2 * w);
            c23 = DoubleVector.fromArray(D, c, r2 + 3 * w);
            c30 = DoubleVector.fromArray(D, c, r3);
            c31 = DoubleVector.fromArray(D, c, r3 + w);
            c32 = DoubleVector.fromArray(D, c, r3 + 2 * w);
            c33 = DoubleVector.fromArray(D, c, r3 + 3 * w);
            c40 = DoubleVector.fromArray(D, c, r4);
            c41 = DoubleVector.fromArray(D, c, r4 + w);
            c42 = DoubleVector.fromArray(D, c, r4 + 2 * w);
            c43 = DoubleVector.fromArray(D, c, r4 + 3 * w);
            c50 = DoubleVector.fromArray(D, c, r5);
            c51 = DoubleVector.fromArray(D, c, r5 + w);
            c52 = DoubleVector.fromArray(D, c, r5 + 2 * w);
            c53 = DoubleVector.fromArray(D, c, r5 + 3 * w);
        }
        int ap = i * rs + p0 * cs, bp = 0;
        for (int p = p0; p < p1; p++, ap += cs, bp += 4 * w) {
            DoubleVector b0 = DoubleVector.fromArray(D, pk, bp);
            DoubleVector b1 = DoubleVector.fromArray(D, pk, bp + w);
            DoubleVector b2 = DoubleVector.fromArray(D, pk, bp + 2 * w);
            DoubleVector b3 = DoubleVector.fromArray(D, pk, bp + 3 * w);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            DoubleVector x1 = DoubleVector.broadcast(D, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            DoubleVector x2 = DoubleVector.broadcast(D, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            DoubleVector x3 = DoubleVector.broadcast(D, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
            DoubleVector x4 = DoubleVector.broadcast(D, a[ap + 4 * rs]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            c42 = x4.fma(b2, c42);
            c43 = x4.fma(b3, c43);
            DoubleVector x5 = DoubleVector.broadcast(D, a[ap + 5 * rs]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            c52 = x5.fma(b2, c52);
            c53 = x5.fma(b3, c53);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        c12.intoArray(c, r1 + 2 * w);
        c13.intoArray(c, r1 + 3 * w);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        c22.intoArray(c, r2 + 2 * w);
        c23.intoArray(c, r2 + 3 * w);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
        c32.intoArray(c, r3 + 2 * w);
        c33.intoArray(c, r3 + 3 * w);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + w);
        c42.intoArray(c, r4 + 2 * w);
        c43.intoArray(c, r4 + 3 * w);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + w);
        c52.intoArray(c, r5 + 2 * w);
        c53.intoArray(c, r5 + 3 * w);
    }

    /** {@link #tile4x4} over p in [p0, p1), B's panel packed in {@code pk} (row p at (p − p0)·4w), continuing from C's partial sums past the first block. */
    private static void tile4x4p(double[] a, double[] pk, double[] c, int i, int j, int n, int rs, int cs, int p0, int p1) {
        int w = D.length();
        int r0 = i * n + j, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
        DoubleVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (p0 == 0) {
            DoubleVector zero = DoubleVector.zero(D);
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = zero;
        } else {
            c00 = DoubleVector.fromArray(D, c, r0);
            c01 = DoubleVector.fromArray(D, c, r0 + w);
            c02 = DoubleVector.fromArray(D, c, r0 + 2 * w);
            c03 = DoubleVector.fromArray(D, c, r0 + 3 * w);
            c10 = DoubleVector.fromArray(D, c, r1);
            c11 = DoubleVector.fromArray(D, c, r1 + w);
            c12 = DoubleVector.fromArray(D, c, r1 + 2 * w);
            c13 = DoubleVector.fromArray(D, c, r1 + 3 * w);
            c20 = DoubleVector.fromArray(D, c, r2);
            c21 = DoubleVector.fromArray(D, c, r2 + w);
            c22 = DoubleVector.fromArray(D, c, r2 + 2 * w);
            c23 = DoubleVector.fromArray(D, c, r2 + 3 * w);
            c30 = DoubleVector.fromArray(D, c, r3);
            c31 = DoubleVector.fromArray(D, c, r3 + w);
            c32 = DoubleVector.fromArray(D, c, r3 + 2 * w);
            c33 = DoubleVector.fromArray(D, c, r3 + 3 * w);
        }
        int ap = i * rs + p0 * cs, bp = 0;
        for (int p = p0; p < p1; p++, ap += cs, bp += 4 * w) {
            DoubleVector b0 = DoubleVector.fromArray(D, pk, bp);
            DoubleVector b1 = DoubleVector.fromArray(D, pk, bp + w);
            DoubleVector b2 = DoubleVector.fromArray(D, pk, bp + 2 * w);
            DoubleVector b3 = DoubleVector.fromArray(D, pk, bp + 3 * w);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            DoubleVector x1 = DoubleVector.broadcast(D, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            DoubleVector x2 = DoubleVector.broadcast(D, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            DoubleVector x3 = DoubleVector.broadcast(D, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        c12.intoArray(c, r1 + 2 * w);
        c13.intoArray(c, r1 + 3 * w);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        c22.intoArray(c, r2 + 2 * w);
        c23.intoArray(c, r2 + 3 * w);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
        c32.intoArray(c, r3 + 2 * w);
        c33.intoArray(c, r3 + 3 * w);
    }

    /** Rows [p0, p1) of B's columns [j, j + 4w), one after another in {@code pk}. */
    private static void pack(double[] b, int n, int j, int p0, int p1, double[] pk) {
        int w = D.length();
        for (int p = p0, at = 0; p < p1; p++, at += 4 * w) {
            int from = p * n + j;
            DoubleVector.fromArray(D, b, from).intoArray(pk, at);
            DoubleVector.fromArray(D, b, from + w).intoArray(pk, at + w);
            DoubleVector.fromArray(D, b, from + 2 * w).intoArray(pk, at + 2 * w);
            DoubleVector.fromArray(D, b, from + 3 * w).intoArray(pk, at + 3 * w);
        }
    }

    private static void tile4x4(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = D.length();
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        DoubleVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        DoubleVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        DoubleVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(D, b, bp + w);
            DoubleVector b2 = DoubleVector.fromArray(D, b, bp + 2 * w);
            DoubleVector b3 = DoubleVector.fromArray(D, b, bp + 3 * w);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            DoubleVector x1 = DoubleVector.broadcast(D, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            DoubleVector x2 = DoubleVector.broadcast(D, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            DoubleVector x3 = DoubleVector.broadcast(D, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
        int r1 = (i + 1) * n + j;
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        c12.intoArray(c, r1 + 2 * w);
        c13.intoArray(c, r1 + 3 * w);
        int r2 = (i + 2) * n + j;
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        c22.intoArray(c, r2 + 2 * w);
        c23.intoArray(c, r2 + 3 * w);
        int r3 = (i + 3) * n + j;
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
        c32.intoArray(c, r3 + 2 * w);
        c33.intoArray(c, r3 + 3 * w);
    }

    private static void tile4x2(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = D.length();
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector c00 = zero, c01 = zero;
        DoubleVector c10 = zero, c11 = zero;
        DoubleVector c20 = zero, c21 = zero;
        DoubleVector c30 = zero, c31 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(D, b, bp + w);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            DoubleVector x1 = DoubleVector.broadcast(D, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            DoubleVector x2 = DoubleVector.broadcast(D, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            DoubleVector x3 = DoubleVector.broadcast(D, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        int r1 = (i + 1) * n + j;
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        int r2 = (i + 2) * n + j;
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        int r3 = (i + 3) * n + j;
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
    }

    private static void tile4x1(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector c00 = zero;
        DoubleVector c10 = zero;
        DoubleVector c20 = zero;
        DoubleVector c30 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
            DoubleVector x1 = DoubleVector.broadcast(D, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            DoubleVector x2 = DoubleVector.broadcast(D, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            DoubleVector x3 = DoubleVector.broadcast(D, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        int r1 = (i + 1) * n + j;
        c10.intoArray(c, r1);
        int r2 = (i + 2) * n + j;
        c20.intoArray(c, r2);
        int r3 = (i + 3) * n + j;
        c30.intoArray(c, r3);
    }

    private static void tile1x4(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = D.length();
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(D, b, bp + w);
            DoubleVector b2 = DoubleVector.fromArray(D, b, bp + 2 * w);
            DoubleVector b3 = DoubleVector.fromArray(D, b, bp + 3 * w);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
    }

    private static void tile1x2(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = D.length();
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector c00 = zero, c01 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(D, b, bp + w);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
    }

    private static void tile1x1(double[] a, double[] b, double[] c, int i, int j, int k, int n, int rs, int cs) {
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector c00 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            DoubleVector b0 = DoubleVector.fromArray(D, b, bp);
            DoubleVector x0 = DoubleVector.broadcast(D, a[ap]);
            c00 = x0.fma(b0, c00);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
    }

    /** Rows [i0, i1) and columns [j0, j1) of C; j0 is 0 or a multiple of {@link #panel}. */
    static void product(float[] a, boolean transposeA, float[] b, float[] c, int m, int k, int n, int i0, int i1, int j0, int j1) {
        product(a, transposeA, b, c, m, k, n, i0, i1, j0, j1, false);
    }

    /** {@link #product}, the packed row blocks swept from the last to the first when {@code downward} ({@link Gemm}'s row split). */
    static void product(float[] a, boolean transposeA, float[] b, float[] c, int m, int k, int n, int i0, int i1, int j0, int j1, boolean downward) {
        int w = F.length();
        int wide = j0 + (j1 - j0) / (4 * w) * (4 * w);
        int pairs = wide + (j1 - wide) / (2 * w) * (2 * w);
        int nv = j0 + (j1 - j0) / w * w;
        // A's element (i, p): stored at i·rowStride + p·colStride
        int rowStride = transposeA ? 1 : k, colStride = transposeA ? m : 1;
        // column panels outside, row blocks inside: a panel of B (k × 4 vectors) stays in cache
        // while every row block of A passes it, instead of all of B once per row block
        int blocks = i0 + (i1 - i0) / 4 * 4;
        if (packs(k, i0, i1)) {
            // 6-row blocks, then one of 4 if at least 4 rows remain, then rows one by one
            int sixes = i0 + (i1 - i0) / 6 * 6;
            boolean four = i1 - sixes >= 4;
            int tail = four ? sixes + 4 : sixes;
            float[] pk = PACK_F.get();
            // blocks of at most KC rows, all about the same size (k = 200: 67, 67, 66 rather than 96, 96, 8)
            int blocksK = (k + KC - 1) / KC, kc = (k + blocksK - 1) / blocksK;
            for (int p0 = 0; p0 < k; p0 += kc) {
                int p1 = Math.min(k, p0 + kc);
                for (int j = j0; j < wide; j += 4 * w) {
                    pack(b, n, j, p0, p1, pk);
                    if (downward) {
                        if (four) tile4x4p(a, pk, c, sixes, j, n, rowStride, colStride, p0, p1);
                        for (int i = sixes - 6; i >= i0; i -= 6) tile6x4p(a, pk, c, i, j, n, rowStride, colStride, p0, p1);
                    } else {
                        for (int i = i0; i < sixes; i += 6) tile6x4p(a, pk, c, i, j, n, rowStride, colStride, p0, p1);
                        if (four) tile4x4p(a, pk, c, sixes, j, n, rowStride, colStride, p0, p1);
                    }
                }
            }
            for (int j = j0; j < wide; j += 4 * w) {
                for (int i = tail; i < i1; i++) tile1x4(a, b, c, i, j, k, n, rowStride, colStride);
            }
        } else {
            for (int j = j0; j < wide; j += 4 * w) {
                for (int i = i0; i < blocks; i += 4) tile4x4(a, b, c, i, j, k, n, rowStride, colStride);
                for (int i = blocks; i < i1; i++) tile1x4(a, b, c, i, j, k, n, rowStride, colStride);
            }
        }
        for (int j = wide; j < pairs; j += 2 * w) {
            for (int i = i0; i < blocks; i += 4) tile4x2(a, b, c, i, j, k, n, rowStride, colStride);
            for (int i = blocks; i < i1; i++) tile1x2(a, b, c, i, j, k, n, rowStride, colStride);
        }
        for (int j = pairs; j < nv; j += w) {
            for (int i = i0; i < blocks; i += 4) tile4x1(a, b, c, i, j, k, n, rowStride, colStride);
            for (int i = blocks; i < i1; i++) tile1x1(a, b, c, i, j, k, n, rowStride, colStride);
        }
        if (nv < j1) Gemm.scalar(a, transposeA, b, c, m, k, n, i0, i1, nv, j1);
    }

    private static void tile6x4p(float[] a, float[] pk, float[] c, int i, int j, int n, int rs, int cs, int p0, int p1) {
        int w = F.length();
        int r0 = i * n + j;
        int r1 = r0 + n;
        int r2 = r1 + n;
        int r3 = r2 + n;
        int r4 = r3 + n;
        int r5 = r4 + n;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (p0 == 0) {
            FloatVector zero = FloatVector.zero(F);
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = zero;
        } else {
            c00 = FloatVector.fromArray(F, c, r0);
            c01 = FloatVector.fromArray(F, c, r0 + w);
            c02 = FloatVector.fromArray(F, c, r0 + 2 * w);
            c03 = FloatVector.fromArray(F, c, r0 + 3 * w);
            c10 = FloatVector.fromArray(F, c, r1);
            c11 = FloatVector.fromArray(F, c, r1 + w);
            c12 = FloatVector.fromArray(F, c, r1 + 2 * w);
            c13 = FloatVector.fromArray(F, c, r1 + 3 * w);
            c20 = FloatVector.fromArray(F, c, r2);
            c21 = FloatVector.fromArray(F, c, r2 + w);
            c22 = FloatVector.fromArray(F, c, r2 + 2 * w);
            c23 = FloatVector.fromArray(F, c, r2 + 3 * w);
            c30 = FloatVector.fromArray(F, c, r3);
            c31 = FloatVector.fromArray(F, c, r3 + w);
            c32 = FloatVector.fromArray(F, c, r3 + 2 * w);
            c33 = FloatVector.fromArray(F, c, r3 + 3 * w);
            c40 = FloatVector.fromArray(F, c, r4);
            c41 = FloatVector.fromArray(F, c, r4 + w);
            c42 = FloatVector.fromArray(F, c, r4 + 2 * w);
            c43 = FloatVector.fromArray(F, c, r4 + 3 * w);
            c50 = FloatVector.fromArray(F, c, r5);
            c51 = FloatVector.fromArray(F, c, r5 + w);
            c52 = FloatVector.fromArray(F, c, r5 + 2 * w);
            c53 = FloatVector.fromArray(F, c, r5 + 3 * w);
        }
        int ap = i * rs + p0 * cs, bp = 0;
        for (int p = p0; p < p1; p++, ap += cs, bp += 4 * w) {
            FloatVector b0 = FloatVector.fromArray(F, pk, bp);
            FloatVector b1 = FloatVector.fromArray(F, pk, bp + w);
            FloatVector b2 = FloatVector.fromArray(F, pk, bp + 2 * w);
            FloatVector b3 = FloatVector.fromArray(F, pk, bp + 3 * w);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(F, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(F, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(F, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(F, a[ap + 4 * rs]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            c42 = x4.fma(b2, c42);
            c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(F, a[ap + 5 * rs]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            c52 = x5.fma(b2, c52);
            c53 = x5.fma(b3, c53);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        c12.intoArray(c, r1 + 2 * w);
        c13.intoArray(c, r1 + 3 * w);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        c22.intoArray(c, r2 + 2 * w);
        c23.intoArray(c, r2 + 3 * w);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
        c32.intoArray(c, r3 + 2 * w);
        c33.intoArray(c, r3 + 3 * w);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + w);
        c42.intoArray(c, r4 + 2 * w);
        c43.intoArray(c, r4 + 3 * w);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + w);
        c52.intoArray(c, r5 + 2 * w);
        c53.intoArray(c, r5 + 3 * w);
    }

    /** {@link #tile4x4} over p in [p0, p1), B's panel packed in {@code pk} (row p at (p − p0)·4w), continuing from C's partial sums past the first block. */
    private static void tile4x4p(float[] a, float[] pk, float[] c, int i, int j, int n, int rs, int cs, int p0, int p1) {
        int w = F.length();
        int r0 = i * n + j, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (p0 == 0) {
            FloatVector zero = FloatVector.zero(F);
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = zero;
        } else {
            c00 = FloatVector.fromArray(F, c, r0);
            c01 = FloatVector.fromArray(F, c, r0 + w);
            c02 = FloatVector.fromArray(F, c, r0 + 2 * w);
            c03 = FloatVector.fromArray(F, c, r0 + 3 * w);
            c10 = FloatVector.fromArray(F, c, r1);
            c11 = FloatVector.fromArray(F, c, r1 + w);
            c12 = FloatVector.fromArray(F, c, r1 + 2 * w);
            c13 = FloatVector.fromArray(F, c, r1 + 3 * w);
            c20 = FloatVector.fromArray(F, c, r2);
            c21 = FloatVector.fromArray(F, c, r2 + w);
            c22 = FloatVector.fromArray(F, c, r2 + 2 * w);
            c23 = FloatVector.fromArray(F, c, r2 + 3 * w);
            c30 = FloatVector.fromArray(F, c, r3);
            c31 = FloatVector.fromArray(F, c, r3 + w);
            c32 = FloatVector.fromArray(F, c, r3 + 2 * w);
            c33 = FloatVector.fromArray(F, c, r3 + 3 * w);
        }
        int ap = i * rs + p0 * cs, bp = 0;
        for (int p = p0; p < p1; p++, ap += cs, bp += 4 * w) {
            FloatVector b0 = FloatVector.fromArray(F, pk, bp);
            FloatVector b1 = FloatVector.fromArray(F, pk, bp + w);
            FloatVector b2 = FloatVector.fromArray(F, pk, bp + 2 * w);
            FloatVector b3 = FloatVector.fromArray(F, pk, bp + 3 * w);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(F, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(F, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(F, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        c12.intoArray(c, r1 + 2 * w);
        c13.intoArray(c, r1 + 3 * w);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        c22.intoArray(c, r2 + 2 * w);
        c23.intoArray(c, r2 + 3 * w);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
        c32.intoArray(c, r3 + 2 * w);
        c33.intoArray(c, r3 + 3 * w);
    }

    /** Rows [p0, p1) of B's columns [j, j + 4w), one after another in {@code pk}. */
    private static void pack(float[] b, int n, int j, int p0, int p1, float[] pk) {
        int w = F.length();
        for (int p = p0, at = 0; p < p1; p++, at += 4 * w) {
            int from = p * n + j;
            FloatVector.fromArray(F, b, from).intoArray(pk, at);
            FloatVector.fromArray(F, b, from + w).intoArray(pk, at + w);
            FloatVector.fromArray(F, b, from + 2 * w).intoArray(pk, at + 2 * w);
            FloatVector.fromArray(F, b, from + 3 * w).intoArray(pk, at + 3 * w);
        }
    }

    private static void tile4x4(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = F.length();
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + w);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * w);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * w);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(F, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            c12 = x1.fma(b2, c12);
            c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(F, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            c22 = x2.fma(b2, c22);
            c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(F, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            c32 = x3.fma(b2, c32);
            c33 = x3.fma(b3, c33);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
        int r1 = (i + 1) * n + j;
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        c12.intoArray(c, r1 + 2 * w);
        c13.intoArray(c, r1 + 3 * w);
        int r2 = (i + 2) * n + j;
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        c22.intoArray(c, r2 + 2 * w);
        c23.intoArray(c, r2 + 3 * w);
        int r3 = (i + 3) * n + j;
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
        c32.intoArray(c, r3 + 2 * w);
        c33.intoArray(c, r3 + 3 * w);
    }

    private static void tile4x2(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = F.length();
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + w);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(F, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(F, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(F, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        int r1 = (i + 1) * n + j;
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + w);
        int r2 = (i + 2) * n + j;
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + w);
        int r3 = (i + 3) * n + j;
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + w);
    }

    private static void tile4x1(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero;
        FloatVector c10 = zero;
        FloatVector c20 = zero;
        FloatVector c30 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
            FloatVector x1 = FloatVector.broadcast(F, a[ap + rs]);
            c10 = x1.fma(b0, c10);
            FloatVector x2 = FloatVector.broadcast(F, a[ap + 2 * rs]);
            c20 = x2.fma(b0, c20);
            FloatVector x3 = FloatVector.broadcast(F, a[ap + 3 * rs]);
            c30 = x3.fma(b0, c30);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        int r1 = (i + 1) * n + j;
        c10.intoArray(c, r1);
        int r2 = (i + 2) * n + j;
        c20.intoArray(c, r2);
        int r3 = (i + 3) * n + j;
        c30.intoArray(c, r3);
    }

    private static void tile1x4(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = F.length();
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + w);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * w);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * w);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            c02 = x0.fma(b2, c02);
            c03 = x0.fma(b3, c03);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
        c02.intoArray(c, r0 + 2 * w);
        c03.intoArray(c, r0 + 3 * w);
    }

    private static void tile1x2(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        int w = F.length();
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero, c01 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + w);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + w);
    }

    private static void tile1x1(float[] a, float[] b, float[] c, int i, int j, int k, int n, int rs, int cs) {
        FloatVector zero = FloatVector.zero(F);
        FloatVector c00 = zero;
        int a0 = i * rs;
        for (int p = 0; p < k; p++) {
            int bp = p * n + j, ap = a0 + p * cs;
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x0 = FloatVector.broadcast(F, a[ap]);
            c00 = x0.fma(b0, c00);
        }
        int r0 = i * n + j;
        c00.intoArray(c, r0);
    }
}
