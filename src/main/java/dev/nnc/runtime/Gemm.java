package dev.nnc.runtime;

/**
 * Matrix products for generated code: {@code C[m×n] = op(A)·B} with {@code op(A) = A} (stored
 * m×k) or {@code Aᵀ} (stored k×m, read in place instead of materialising the transpose). Every
 * {@code C[i, j]} starts at 0.0 and takes its k terms in ascending order as fused multiply-adds
 * ({@code s = Math.fma(a, b, s)}: one rounding per term), so the result is bit-identical to the
 * reference interpreter's dot products, whatever the blocking.
 *
 * <p>With the JDK's Vector API module present ({@code --add-modules jdk.incubator.vector}, as the
 * launcher and the build pass), {@link GemmVector}'s register-tiled kernels run: 4 rows × 4
 * vectors of C stay in registers across the whole k loop (on this project's AVX-512 machine,
 * 52 GFLOP/s a core in float64 against 4.7 for the plain i-p-j loops on one flat array, which C2
 * does not vectorise). Without it the plain loops run, with the same results.
 */
public final class Gemm {
    private Gemm() {}

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("nnc.scalarGemm");

    /** Threads that run a step: 2 (the caller and the helper) unless one core or {@code -Dnnc.threads=1}. */
    public static int threads() {
        return Helper.THREADS;
    }

    /** Whether the vector kernels run in this JVM. */
    public static boolean vectorised() {
        return VECTOR;
    }

    /**
     * Products of at least this many multiply-adds are split by rows between the calling thread
     * and one helper thread (W5's 200×784×128 has 20 M): each row of C is still computed whole by
     * one thread in the same order, so the split changes nothing in the result. The caller sweeps
     * its rows (the lower half) from the last block to the first, the helper its own from the first
     * to the last, so that no sweep runs into the other thread's rows: with both upward, the upper
     * half took 160–215 µs of W5's float32 200×784×128 where the lower took 115–135, whichever
     * thread had it (the blocks after the first read and write C again, and the lower sweeps took
     * the C lines above the boundary from the other core); W5 float32 steps went 558 → 501 µs
     * (medians of 6 alternating runs; BENCHMARKS.md, "Sweeping apart").
     */
    static final long PARALLEL_WORK = 1L << 20;

    /** {@code -Dnnc.sameSweep=true} sweeps both halves upward (for comparisons). */
    static final boolean SWEEP_APART = !Boolean.getBoolean("nnc.sameSweep");

    /**
     * How a product is shared: 1 splits the rows of C (each thread reads half of A and all of B),
     * -1 the columns at a panel boundary (few rows, as in W6's 10×100×1568 weight gradient: a row
     * split would leave one thread the rows past the last multiple of 4), 0 keeps it on one thread.
     */
    private static int split(long m, long k, long n, int panel) {
        if (m * k * n < PARALLEL_WORK || Helper.THREADS < 2) return 0;
        if (m >= 32) return 1;
        if (n >= 2 * panel) return -1;
        return m >= 8 ? 1 : 0;
    }

    public static void product(double[] a, boolean transposeA, double[] b, double[] c, int m, int k, int n) {
        if (!VECTOR) {
            scalar(a, transposeA, b, c, m, k, n, 0, m, 0, n);
            return;
        }
        int panel = GemmVector.panel(false), split = split(m, k, n, panel);
        if (split > 0 && Helper.INSTANCE.claim()) {
            int half = (m / 2) & ~3;
            Helper.INSTANCE.start(a, null, transposeA, b, null, c, null, m, k, n, half, m, 0, n);
            GemmVector.product(a, transposeA, b, c, m, k, n, 0, half, 0, n, SWEEP_APART);
            Helper.INSTANCE.await();
        } else if (split < 0 && Helper.INSTANCE.claim()) {
            int half = n / panel / 2 * panel;
            Helper.INSTANCE.start(a, null, transposeA, b, null, c, null, m, k, n, 0, m, half, n);
            GemmVector.product(a, transposeA, b, c, m, k, n, 0, m, 0, half);
            Helper.INSTANCE.await();
        } else {
            GemmVector.product(a, transposeA, b, c, m, k, n, 0, m, 0, n);
        }
    }

    public static void product(float[] a, boolean transposeA, float[] b, float[] c, int m, int k, int n) {
        if (!VECTOR) {
            scalar(a, transposeA, b, c, m, k, n, 0, m, 0, n);
            return;
        }
        int panel = GemmVector.panel(true), split = split(m, k, n, panel);
        if (split > 0 && Helper.INSTANCE.claim()) {
            int half = (m / 2) & ~3;
            Helper.INSTANCE.start(null, a, transposeA, null, b, null, c, m, k, n, half, m, 0, n);
            GemmVector.product(a, transposeA, b, c, m, k, n, 0, half, 0, n, SWEEP_APART);
            Helper.INSTANCE.await();
        } else if (split < 0 && Helper.INSTANCE.claim()) {
            int half = n / panel / 2 * panel;
            Helper.INSTANCE.start(null, a, transposeA, null, b, null, c, m, k, n, 0, m, half, n);
            GemmVector.product(a, transposeA, b, c, m, k, n, 0, m, 0, half);
            Helper.INSTANCE.await();
        } else {
            GemmVector.product(a, transposeA, b, c, m, k, n, 0, m, 0, n);
        }
    }

    /**
     * The second thread: a daemon that computes the rows it is handed and spins for a while
     * before parking, since a training step's products come back to back. One caller at a time
     * ({@link #claim}); a caller that finds it busy computes alone. Nothing is allocated per
     * product. {@code -Dnnc.threads=1} (or {@code NNC_THREADS=1}) keeps everything on the caller.
     */
    static final class Helper implements Runnable {
        static final int THREADS = threads();
        static final Helper INSTANCE = new Helper();
        private static final long SPIN_NS = 200_000;

        private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        private final Thread thread;
        private volatile int phase;      // odd: a task is posted; even: done
        private double[] a, b, c;
        private float[] af, bf, cf;
        private boolean transposeA;
        private Parts parts;              // a part of a generated loop instead of rows of a product
        private int part;
        private int m, k, n, i0, i1, j0, j1;
        private Throwable failure;

        private Helper() {
            thread = new Thread(this, "nnc-gemm");
            thread.setDaemon(true);
            thread.start();
        }

        private static int threads() {
            String v = System.getProperty("nnc.threads", System.getenv("NNC_THREADS"));
            int cores = Runtime.getRuntime().availableProcessors();
            try {
                return v == null ? Math.min(2, cores) : Math.max(1, Math.min(2, Integer.parseInt(v.trim())));
            } catch (NumberFormatException e) {
                return Math.min(2, cores);
            }
        }

        boolean claim() {
            return busy.compareAndSet(false, true);
        }

        void start(double[] a, float[] af, boolean transposeA, double[] b, float[] bf, double[] c, float[] cf,
                   int m, int k, int n, int i0, int i1, int j0, int j1) {
            this.a = a;
            this.af = af;
            this.b = b;
            this.bf = bf;
            this.c = c;
            this.cf = cf;
            this.transposeA = transposeA;
            this.m = m;
            this.k = k;
            this.n = n;
            this.i0 = i0;
            this.i1 = i1;
            this.j0 = j0;
            this.j1 = j1;
            phase++;                       // volatile write publishes the fields above
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }

        /** Iterations [i0, i1) of part {@code k} of {@code body} ({@link Parts.Shared#run}). */
        void startPart(Parts body, int k, int i0, int i1) {
            this.parts = body;
            this.part = k;
            this.i0 = i0;
            this.i1 = i1;
            phase++;                       // volatile write publishes the fields above
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }

        void await() {
            while ((phase & 1) != 0) Thread.onSpinWait();
            parts = null;
            a = b = c = null;
            af = bf = cf = null;
            Throwable f = failure;
            failure = null;
            busy.set(false);
            if (f instanceof RuntimeException e) throw e;
            if (f instanceof Error e) throw e;
        }

        @Override
        public void run() {
            while (true) {
                long idleSince = System.nanoTime();
                while ((phase & 1) == 0) {
                    if (System.nanoTime() - idleSince < SPIN_NS) Thread.onSpinWait();
                    else java.util.concurrent.locks.LockSupport.park(this);
                }
                try {
                    if (parts != null) parts.part(part, i0, i1);
                    else if (c != null) GemmVector.product(a, transposeA, b, c, m, k, n, i0, i1, j0, j1);
                    else GemmVector.product(af, transposeA, bf, cf, m, k, n, i0, i1, j0, j1);
                } catch (Throwable t) {
                    failure = t;           // rethrown by the caller; this thread stays ready
                } finally {
                    phase++;
                }
            }
        }
    }

    /** Rows [i0, i1) and columns [j0, j1) of C, i-p-j order (the inner loop walks rows of B and C). */
    static void scalar(double[] a, boolean transposeA, double[] b, double[] c, int m, int k, int n, int i0, int i1, int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) c[i * n + j] = 0.0;
            for (int p = 0; p < k; p++) {
                double x = transposeA ? a[p * m + i] : a[i * k + p];
                for (int j = j0; j < j1; j++) c[i * n + j] = Math.fma(x, b[p * n + j], c[i * n + j]);
            }
        }
    }

    static void scalar(float[] a, boolean transposeA, float[] b, float[] c, int m, int k, int n, int i0, int i1, int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) c[i * n + j] = 0.0f;
            for (int p = 0; p < k; p++) {
                float x = transposeA ? a[p * m + i] : a[i * k + p];
                for (int j = j0; j < j1; j++) c[i * n + j] = Math.fma(x, b[p * n + j], c[i * n + j]);
            }
        }
    }
}
