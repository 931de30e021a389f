package dev.nnc.runtime;

/**
 * Loops of a generated class that two threads may share: part {@code k} runs iterations
 * [lo, hi) of its outer loop. Every iteration writes outputs of its own and reads nothing another
 * iteration writes, so how the range is split changes no bit of the result. {@link #run} splits.
 * The part that starts at 0 always runs on the calling thread and any other on the helper, so a
 * part may pick per-thread scratch by {@code lo == 0} (a lane pool's row buffer does).
 */
public interface Parts {
    void part(int k, int lo, int hi);

    /** {@link Parts#run}, where generated code calls it (Janino compiles no calls of static interface methods). */
    final class Shared {
        private Shared() {}

        /**
         * Part {@code k} over [0, n): the second half on {@link Gemm}'s helper thread, the first on
         * this one; all of it here with one thread ({@code -Dnnc.threads=1}) or while the helper is
         * busy. Nothing is allocated.
         */
        public static void run(Parts body, int k, int n) {
            if (n < 2 || Gemm.Helper.THREADS < 2 || !Gemm.Helper.INSTANCE.claim()) {
                body.part(k, 0, n);
                return;
            }
            int half = n / 2;
            Gemm.Helper.INSTANCE.startPart(body, k, half, n);
            try {
                body.part(k, 0, half);
            } finally {
                Gemm.Helper.INSTANCE.await();
            }
        }
    }
}
