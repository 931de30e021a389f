package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every path of {@link Gemm} (vector tiles, row and column tails, the plain loops, A read
 * transposed) gives exactly the interpreter's dot products: Σ_p a·b in ascending p from 0.
 */
class GemmTest {
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 5, 16}, {4, 3, 16}, {5, 7, 33}, {7, 1, 40}, {3, 2, 15}, {9, 13, 64}, {200, 2, 100}, {2, 200, 17},
        {13, 31, 129}, {64, 100, 128}, {1, 784, 128}, {6, 9, 8}, {5, 17, 100}, {11, 5, 200}, {8, 3, 72},
        // 4 × 2 and 1 × 4 / 1 × 2 tiles: two-vector columns, rows past the last multiple of 4
        {12, 3, 16}, {9, 5, 24}, {6, 7, 48}, {3, 11, 80},
        // large enough for the two-thread split (≥ 2^20 multiply-adds): by rows, and by columns
        // when there are few rows (split at a panel, odd panel counts, a vector and scalar tail)
        {64, 128, 130}, {37, 200, 160}, {9, 1024, 128}, {100, 1568, 16}, {10, 100, 1568}, {3, 700, 1001},
        {31, 300, 170},
        // B packed in blocks of at most GemmVector.KC rows (k > 2·KC, ≥ 16 rows; k = 193: 65, 65, 63),
        // rows in 6-row tiles, one 4-row tile if 4 remain, then single rows: a panel and a vector
        // of columns, 24 = 6·4, 20 = 18 + 2, 17 = 12 + 4 + 1, 16 = 12 + 4, 23 = 18 + 4 + 1, and
        // W5's two products (halves of 100 = 96 + 4 and 392 = 390 + 2 rows)
        {24, 193, 64}, {20, 500, 72}, {17, 250, 48}, {16, 300, 64}, {23, 200, 64}, {200, 784, 128}, {784, 200, 128}};

    @Test
    void theVectorModuleIsPresentWhereTestsRun() {
        assertTrue(Gemm.vectorised(), "the build passes --add-modules jdk.incubator.vector, as the launcher does");
    }

    @Test
    void theLongShapesRunThePackedTiles() {
        assumeTrue(Gemm.vectorised());
        for (int[] s : new int[][] {{24, 193, 64}, {20, 500, 72}, {17, 250, 48}, {16, 300, 64}, {23, 200, 64}, {200, 784, 128}, {784, 200, 128}}) {
            // the rows of one thread's part: all of them below the two-thread threshold, else about half
            int rows = (long) s[0] * s[1] * s[2] < Gemm.PARALLEL_WORK ? s[0] : (s[0] / 2) & ~3;
            assertTrue(GemmVector.packs(s[1], 0, rows), () -> java.util.Arrays.toString(s));
        }
        org.junit.jupiter.api.Assertions.assertFalse(GemmVector.packs(2 * GemmVector.KC, 0, 64), "k = 2·KC reads B in place");
    }

    @Test
    void doubleProductsAreTheDotProductsBitForBit() {
        SplittableRandom r = new SplittableRandom(7);
        for (int[] s : SHAPES) {
            for (boolean t : new boolean[] {false, true}) {
                int m = s[0], k = s[1], n = s[2];
                double[] a = random(r, m * k), b = random(r, k * n);
                double[] expected = new double[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double acc = 0.0;
                        for (int p = 0; p < k; p++) acc = Math.fma(t ? a[p * m + i] : a[i * k + p], b[p * n + j], acc);
                        expected[i * n + j] = acc;
                    }
                }
                double[] c = random(r, m * n);   // stale contents must not leak into the result
                Gemm.product(a, t, b, c, m, k, n);
                assertArrayEquals(expected, c, 0.0, () -> "vector " + m + "×" + k + "×" + n + (t ? " Aᵀ" : ""));
                double[] plain = random(r, m * n);
                Gemm.scalar(a, t, b, plain, m, k, n, 0, m, 0, n);
                assertArrayEquals(expected, plain, 0.0, () -> "plain " + m + "×" + k + "×" + n + (t ? " Aᵀ" : ""));
            }
        }
    }

    @Test
    void floatProductsAreTheDotProductsBitForBit() {
        SplittableRandom r = new SplittableRandom(8);
        for (int[] s : SHAPES) {
            for (boolean t : new boolean[] {false, true}) {
                int m = s[0], k = s[1], n = s[2];
                float[] a = randomFloats(r, m * k), b = randomFloats(r, k * n);
                float[] expected = new float[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float acc = 0.0f;
                        for (int p = 0; p < k; p++) acc = Math.fma(t ? a[p * m + i] : a[i * k + p], b[p * n + j], acc);
                        expected[i * n + j] = acc;
                    }
                }
                float[] c = randomFloats(r, m * n);
                Gemm.product(a, t, b, c, m, k, n);
                assertArrayEquals(expected, c, 0.0f, () -> "vector " + m + "×" + k + "×" + n + (t ? " Aᵀ" : ""));
                float[] plain = randomFloats(r, m * n);
                Gemm.scalar(a, t, b, plain, m, k, n, 0, m, 0, n);
                assertArrayEquals(expected, plain, 0.0f, () -> "plain " + m + "×" + k + "×" + n + (t ? " Aᵀ" : ""));
            }
        }
    }

    @Test
    void theCallersDownwardSweepGivesTheSameBits() {
        // the caller's half of a row split runs its packed row blocks from the last to the first;
        // whether the helper is free or not, that order must not change a bit of any row
        assumeTrue(Gemm.vectorised());
        SplittableRandom r = new SplittableRandom(10);
        for (int[] s : new int[][] {{24, 193, 64}, {20, 500, 72}, {17, 250, 48}, {23, 200, 64}, {100, 784, 128}, {392, 200, 128}}) {
            for (boolean t : new boolean[] {false, true}) {
                int m = s[0], k = s[1], n = s[2];
                assertTrue(GemmVector.packs(k, 0, m));
                double[] a = random(r, m * k), b = random(r, k * n), up = random(r, m * n), down = random(r, m * n);
                GemmVector.product(a, t, b, up, m, k, n, 0, m, 0, n, false);
                GemmVector.product(a, t, b, down, m, k, n, 0, m, 0, n, true);
                assertArrayEquals(up, down, 0.0, () -> "double " + java.util.Arrays.toString(s) + (t ? " Aᵀ" : ""));
                double[] plain = random(r, m * n);
                Gemm.scalar(a, t, b, plain, m, k, n, 0, m, 0, n);
                assertArrayEquals(plain, down, 0.0, () -> "double vs plain " + java.util.Arrays.toString(s));
                float[] af = randomFloats(r, m * k), bf = randomFloats(r, k * n), upf = randomFloats(r, m * n), downf = randomFloats(r, m * n);
                GemmVector.product(af, t, bf, upf, m, k, n, 0, m, 0, n, false);
                GemmVector.product(af, t, bf, downf, m, k, n, 0, m, 0, n, true);
                assertArrayEquals(upf, downf, 0.0f, () -> "float " + java.util.Arrays.toString(s) + (t ? " Aᵀ" : ""));
                float[] plainf = randomFloats(r, m * n);
                Gemm.scalar(af, t, bf, plainf, m, k, n, 0, m, 0, n);
                assertArrayEquals(plainf, downf, 0.0f, () -> "float vs plain " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void warmProductsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        SplittableRandom r = new SplittableRandom(9);
        int m = 20, k = 30, n = 37;
        double[] a = random(r, m * k), b = random(r, k * n), c = new double[m * n];
        float[] af = randomFloats(r, m * k), bf = randomFloats(r, k * n), cf = new float[m * n];
        for (int i = 0; i < 30_000; i++) {
            Gemm.product(a, (i & 1) == 0, b, c, m, k, n);
            Gemm.product(af, (i & 1) == 0, bf, cf, m, k, n);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        long idle = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++) {
            Gemm.product(a, (i & 1) == 0, b, c, m, k, n);
            Gemm.product(af, (i & 1) == 0, bf, cf, m, k, n);
        }
        assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before - idle, "bytes allocated by 4,000 warm products");
    }

    private static double[] random(SplittableRandom r, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = r.nextDouble(-1, 1);
        return x;
    }

    private static float[] randomFloats(SplittableRandom r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) r.nextDouble(-1, 1);
        return x;
    }
}
