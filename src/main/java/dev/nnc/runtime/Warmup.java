package dev.nnc.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the runtime's Vector API kernels on small made-up problems on a daemon thread while a
 * model compiles, so that C2 has compiled them before a training run's first step calls them.
 * Until C2 compiles it, Vector API code runs in the interpreter or C1, which box every vector
 * operation: W6's first step took 1.8 s instead of 6 ms, and its first 100 steps 3.2 s instead of
 * 0.6 s (BENCHMARKS.md, "Warm-up"). The work is a few thousand calls per kernel on arrays of a
 * few hundred elements, on the otherwise idle second core while the model parses, differentiates
 * and compiles; it touches no array a model owns, so it cannot change a result. Started once
 * per precision per JVM; without the Vector API module it does nothing.
 */
public final class Warmup {
    private Warmup() {}

    private static final AtomicBoolean DOUBLES = new AtomicBoolean(), FLOATS = new AtomicBoolean();
    /** Calls per kernel: past C2's invocation threshold (5,000 calls, or 15,000 calls and loop turns). */
    static final int CALLS = 6_000;

    /** Starts the warm-up of the kernels of one precision, unless it has run or is running. */
    public static void start(boolean float32) {
        if (!Gemm.VECTOR || Boolean.getBoolean("nnc.noWarmup")) return;
        if (!(float32 ? FLOATS : DOUBLES).compareAndSet(false, true)) return;
        Thread t = new Thread(float32 ? Warmup::floats : Warmup::doubles, "nnc-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Runs the double kernels on this thread (the tests call it to check it runs through). */
    static void doubles() {
        // 13 × 59 products: every tile (4 × 4, 4 × 2, 4 × 1, 1 × 4, 1 × 2, 1 × 1) and the scalar columns, A plain and transposed
        int m = 13, k = 24, n = 59;
        double[] a = fill(new double[m * k]), b = fill(new double[k * n]), c = new double[m * n];
        // one 28 × 28 plane of a 3 × 3 convolution, padding 1
        double[] x = fill(new double[28 * 28]), xp = new double[30 * 30 + 64], w = fill(new double[9]);
        double[] wide = new double[28 * 30 + 64], out = new double[28 * 28], sums = new double[72];
        double[] row = fill(new double[64]), acc = new double[64];
        // 16 × 194 × one 4-vector panel: B packed in blocks (GemmVector.PACKED), the last of 2 rows
        int pn = 4 * Lanes.DOUBLES;
        double[] pa = fill(new double[16 * 194]), pb = fill(new double[194 * pn]), pc = new double[16 * pn];
        for (int r = 0; r < CALLS; r++) {
            Gemm.product(a, false, b, c, m, k, n);
            Gemm.product(a, true, b, c, m, k, n);
            if (r % 4 == 0) Gemm.product(pa, r % 8 == 0, pb, pc, 16, 194, pn);
            if (r % 8 == 0) {
                ConvPlanes.pad(x, xp, 1, 28, 28, 1, 1, 30, 30);
                ConvPlanes.finite(w);
                ConvPlanes.plane(xp, 0, 1, 3, 3, 1, 1, 30, 30, w, 0, wide, out, 0, 28, 28);
                ConvWeights.unpack(sums, w, 1, 1, 9, 8);
            }
            Rows.add(acc, row, 0, 64);
            Rows.fusedAxpy(acc, row, 0, 0.5, 64);
            Rows.axpy(acc, 0, row, 0, 0.5, 64);
            for (int q = 0; q + Lanes.DOUBLES <= 64; q += Lanes.DOUBLES) {
                Lanes.replaces(jdk.incubator.vector.DoubleVector.fromArray(Lanes.D, row, q),
                        jdk.incubator.vector.DoubleVector.fromArray(Lanes.D, acc, q));
                Lanes.step(jdk.incubator.vector.DoubleVector.fromArray(Lanes.D, acc, q));
            }
        }
    }

    static void floats() {
        int m = 13, k = 24, n = 115;
        float[] a = fill(new float[m * k]), b = fill(new float[k * n]), c = new float[m * n];
        float[] x = fill(new float[28 * 28]), xp = new float[30 * 30 + 64], w = fill(new float[9]);
        float[] wide = new float[28 * 30 + 64], out = new float[28 * 28], sums = new float[72];
        float[] row = fill(new float[64]), acc = new float[64];
        int pn = 4 * Lanes.FLOATS;
        float[] pa = fill(new float[16 * 194]), pb = fill(new float[194 * pn]), pc = new float[16 * pn];
        for (int r = 0; r < CALLS; r++) {
            Gemm.product(a, false, b, c, m, k, n);
            Gemm.product(a, true, b, c, m, k, n);
            if (r % 4 == 0) Gemm.product(pa, r % 8 == 0, pb, pc, 16, 194, pn);
            if (r % 8 == 0) {
                ConvPlanes.pad(x, xp, 1, 28, 28, 1, 1, 30, 30);
                ConvPlanes.finite(w);
                ConvPlanes.plane(xp, 0, 1, 3, 3, 1, 1, 30, 30, w, 0, wide, out, 0, 28, 28);
                ConvWeights.unpack(sums, w, 1, 1, 9, 8);
            }
            Rows.add(acc, row, 0, 64);
            Rows.fusedAxpy(acc, row, 0, 0.5f, 64);
            Rows.axpy(acc, 0, row, 0, 0.5f, 64);
            for (int q = 0; q + Lanes.FLOATS <= 64; q += Lanes.FLOATS) {
                Lanes.replaces(jdk.incubator.vector.FloatVector.fromArray(Lanes.F, row, q),
                        jdk.incubator.vector.FloatVector.fromArray(Lanes.F, acc, q));
                Lanes.step(jdk.incubator.vector.FloatVector.fromArray(Lanes.F, acc, q));
            }
        }
    }

    private static double[] fill(double[] v) {
        for (int i = 0; i < v.length; i++) v[i] = ((i * 37) % 17 - 8) / 16.0;
        return v;
    }

    private static float[] fill(float[] v) {
        for (int i = 0; i < v.length; i++) v[i] = ((i * 37) % 17 - 8) / 16.0f;
        return v;
    }
}
