package dev.nnc.codegen;

/**
 * Every graph of {@link OpsTest} compiled in float32: each value and gradient within the float
 * tolerance (relative 1e-5, absolute 1e-6) of the float64 interpreter's.
 */
class Float32OpsTest extends OpsTest {
    @Override
    void verify(Plan plan, long seed, boolean positive) {
        Float32Harness.check(plan, seed, positive, Float32Harness.Tolerance.FLOAT);
    }
}
