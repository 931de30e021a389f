package dev.nnc.runtime;

/**
 * splitmix64, the generator the benchmark peers share (see bench/data/README.md), so a seed
 * gives the same numbers in Java, Python or C: the initializers, the toy data sets and their
 * shuffles draw from it. Not thread-safe; one stream per use.
 */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    public long next() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1): the top 53 bits, exact in any language. */
    public double nextUnit() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound): {@code next() mod bound} as unsigned (bias below 2^-32). */
    public int nextInt(int bound) {
        return (int) Long.remainderUnsigned(next(), bound);
    }

    /** Standard normal by Box–Muller, one value per two draws: sqrt(-2 ln(1 - u1)) cos(2π u2). */
    public double nextGaussian() {
        double u1 = 1.0 - nextUnit();
        double u2 = nextUnit();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * A Fisher–Yates permutation of 0..n-1: for i from n-1 down to 1, swap i with
     * {@code nextInt(i + 1)}.
     */
    public static int[] permutation(int n, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
