package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The meter behind bench's allocated_bytes_per_step sees what a step would allocate. */
class AllocationMeterTest {
    static volatile Object sink;

    @Test
    void countsTheBytesThisThreadAllocates() {
        Benchmark.AllocationMeter meter = new Benchmark.AllocationMeter();
        long before = meter.total();
        for (int i = 0; i < 64; i++) sink = new double[1 << 14];   // 64 × 128 KiB
        long after = meter.total();
        assertTrue(after - before >= 64L * 8 * (1 << 14), (after - before) + " bytes counted");
    }
}
