package dev.nnc.lower;

/** The seeded generator of random initializers: splitmix64, as the benchmark peers use it. */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long next() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), 53 random bits. */
    double nextUnit() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box–Muller (one value per two draws, so the stream stays simple). */
    double nextGaussian() {
        double u1 = 1.0 - nextUnit();
        double u2 = nextUnit();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
