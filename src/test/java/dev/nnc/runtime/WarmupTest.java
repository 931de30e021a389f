package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The warm-up runs on a daemon thread whose failure nobody would see: a wrong size in its
 * made-up problems would end it at the first call and leave the kernels cold. Run here on the
 * test's thread, so a throw fails the test.
 */
class WarmupTest {
    @Test
    void theWarmUpCallsEveryKernelWithinItsArraysInBothPrecisions() {
        assertTrue(Gemm.vectorised(), "the tests run with the Vector API module, as the launcher does");
        assertDoesNotThrow(Warmup::doubles);
        assertDoesNotThrow(Warmup::floats);
    }
}
