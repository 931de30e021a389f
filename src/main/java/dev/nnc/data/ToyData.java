package dev.nnc.data;

import dev.nnc.runtime.SplitMix64;
/**
 * The seeds' toy data sets, generated deterministically from a seed with {@link SplitMix64}.
 * Each generator documents the order of its draws, so another language can reproduce it.
 */
final class ToyData {
    /** σ of every Gaussian in {@link #gaussianMixture}. */
    static final double GMM_SIGMA = 0.45;
    /** GMM_MEANS[class][component] = {x1, x2}: class 0 left/right, class 1 up/down. */
    static final double[][][] GMM_MEANS = {
        {{-1.0, 0.0}, {1.0, 0.0}},
        {{0.0, 0.9}, {0.0, -0.9}},
    };

    private ToyData() {}

    /**
     * bev033dle lab 2's two-class mixture. Per point, in order: the class
     * {@code y = unit() < 0.5 ? 0 : 1}, the component {@code unit() < 0.5 ? 0 : 1}, then
     * {@code x1 = μ1 + σ·gauss()}, {@code x2 = μ2 + σ·gauss()}.
     */
    static Dataset gaussianMixture(int n, long seed) {
        checkCount("gaussian_mixture", n);
        SplitMix64 random = new SplitMix64(seed);
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextUnit() < 0.5 ? 0 : 1;
            int component = random.nextUnit() < 0.5 ? 0 : 1;
            double[] mean = GMM_MEANS[label][component];
            x1[i] = mean[0] + GMM_SIGMA * random.nextGaussian();
            x2[i] = mean[1] + GMM_SIGMA * random.nextGaussian();
            y[i] = label;
        }
        return points(x1, x2, y);
    }

    /** LMU's five points: the centre is class 1, the four around it class 0. */
    static Dataset fivePoints() {
        return points(
                new double[] {0, 1, 0, -1, 0},
                new double[] {0, 0, -1, 0, 1},
                new double[] {1, 0, 0, 0, 0});
    }

    /**
     * XOR: y = 1 when x1·x2 > 0. For n = 4 the corners (-1,-1), (-1,1), (1,-1), (1,1) in that
     * order (the seed is unused); otherwise points uniform in [-1, 1)², drawn x1 then x2 as
     * {@code 2·unit() - 1}.
     */
    static Dataset xor(int n, long seed) {
        checkCount("xor", n);
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] y = new double[n];
        SplitMix64 random = new SplitMix64(seed);
        for (int i = 0; i < n; i++) {
            if (n == 4) {
                x1[i] = i < 2 ? -1 : 1;
                x2[i] = i % 2 == 0 ? -1 : 1;
            } else {
                x1[i] = 2 * random.nextUnit() - 1;
                x2[i] = 2 * random.nextUnit() - 1;
            }
            y[i] = x1[i] * x2[i] > 0 ? 1 : 0;
        }
        return points(x1, x2, y);
    }

    private static void checkCount(String source, int n) {
        if (n < 1) {
            throw new DataError("", 0, source + ": the number of points must be at least 1, got " + n);
        }
    }

    private static Dataset points(double[] x1, double[] x2, double[] y) {
        return Dataset.builder(y.length)
                .adopt("x1", new int[0], x1)
                .adopt("x2", new int[0], x2)
                .adopt("y", new int[0], y)
                .build();
    }
}
