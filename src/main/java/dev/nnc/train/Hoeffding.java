package dev.nnc.train;

/**
 * Hoeffding's inequality for the mean of n independent values in [0, 1] (a test error):
 * P(|mean − expectation| ≥ ε) ≤ 2·exp(−2nε²). bev033dle lab 2 asks how large a test set must be
 * for ±1 % at 99 % confidence: n ≥ ln(2/δ)/(2ε²) = 26,492.
 */
public final class Hoeffding {
    private Hoeffding() {}

    /** The half-width ε that holds with probability 1 − δ for n samples. */
    public static double epsilon(long n, double delta) {
        return Math.sqrt(Math.log(2 / delta) / (2.0 * n));
    }

    /** The smallest n for which ±ε holds with probability 1 − δ. */
    public static long samplesFor(double epsilon, double delta) {
        return (long) Math.ceil(Math.log(2 / delta) / (2 * epsilon * epsilon));
    }
}
