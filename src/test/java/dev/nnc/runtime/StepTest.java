package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Kernels#stepScattered} is {@link Kernels#step} to the bit, on every kind of double and float. */
class StepTest {
    @Test
    void theScatteredStepIsTheStepToTheBitInDouble() {
        List<Double> xs = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                Double.longBitsToDouble(0x7FF0000000000001L), Double.longBitsToDouble(0xFFF8000000000000L),
                Double.longBitsToDouble(0x7FFFFFFFFFFFFFFFL), Double.longBitsToDouble(0xFFFFFFFFFFFFFFFFL), 1.0, -1.0, 0.5));
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < 200_000; i++) xs.add(Double.longBitsToDouble(r.nextLong()));
        for (int i = 0; i < 10_000; i++) xs.add(r.nextDouble(-3, 3));
        for (double x : xs) {
            double expected = Kernels.step(x), actual = Kernels.stepScattered(x);
            if (Double.isNaN(expected)) assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(actual), "NaN keeps its bits: " + x);
            else assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), "step(" + x + ")");
        }
    }

    @Test
    void theScatteredStepIsTheStepToTheBitInFloat() {
        List<Float> xs = new ArrayList<>(List.of(0.0f, -0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
                Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.intBitsToFloat(0x7F800001), Float.intBitsToFloat(0xFFC00000), Float.intBitsToFloat(0x7FFFFFFF),
                Float.intBitsToFloat(0xFFFFFFFF), 1.0f, -1.0f, 0.5f));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) xs.add(Float.intBitsToFloat(r.nextInt()));
        for (float x : xs) {
            float expected = Kernels.step(x), actual = Kernels.stepScattered(x);
            if (Float.isNaN(expected)) assertEquals(Float.floatToRawIntBits(x), Float.floatToRawIntBits(actual), "NaN keeps its bits: " + x);
            else assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "step(" + x + ")");
        }
    }
}
