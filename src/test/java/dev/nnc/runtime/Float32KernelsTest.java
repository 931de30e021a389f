package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float kernels against their double counterparts: the one-rounding ones exactly (the
 * double result rounded to float), sigmoid and softplus, which round every step, within 2 ulps.
 */
class Float32KernelsTest {
    private static final float[] SPECIAL = {0.0f, -0.0f, 1.0f, -1.0f, 2.0f, 0.5f, -2.5f, 88.0f, -104.0f, 1e-30f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL), Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    private static float[] samples() {
        SplittableRandom r = new SplittableRandom(7);
        float[] out = new float[SPECIAL.length + 2000];
        System.arraycopy(SPECIAL, 0, out, 0, SPECIAL.length);
        for (int i = SPECIAL.length; i < out.length; i++) out[i] = (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(-3, 3)));
        return out;
    }

    private static void same(double expected, float actual, String what) {
        assertEquals(Float.floatToIntBits((float) expected), Float.floatToIntBits(actual), what);
    }

    private static void withinUlps(double expected, float actual, int ulps, String what) {
        float e = (float) expected;
        if (Float.isNaN(e) || Float.isInfinite(e) || e == 0) {
            assertEquals(e, actual, Float.MIN_VALUE * ulps, what);
            return;
        }
        assertTrue(Math.abs(e - actual) <= ulps * Math.ulp(e), what + ": expected " + e + " but was " + actual);
    }

    @Test
    void oneRoundingKernelsAreTheDoubleResultRounded() {
        float[] xs = samples();
        for (float x : xs) {
            same(Kernels.relu((double) x), Kernels.relu(x), "relu(" + x + ")");
            same(Kernels.sign((double) x), Kernels.sign(x), "sign(" + x + ")");
            same(Kernels.step((double) x), Kernels.step(x), "step(" + x + ")");
            same(Kernels.stepScattered((double) x), Kernels.stepScattered(x), "stepScattered(" + x + ")");
            for (float y : SPECIAL) {
                same(Kernels.max((double) x, y), Kernels.max(x, y), "max(" + x + ", " + y + ")");
                same(Kernels.min((double) x, y), Kernels.min(x, y), "min(" + x + ", " + y + ")");
                same(Kernels.pow((double) Math.abs(x), y), Kernels.pow(Math.abs(x), y), "pow(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void sigmoidAndSoftplusAreWithinTwoUlps() {
        for (float x : samples()) {
            withinUlps(Kernels.sigmoid((double) x), Kernels.sigmoid(x), 2, "sigmoid(" + x + ")");
            withinUlps(Kernels.softplus((double) x), Kernels.softplus(x), 2, "softplus(" + x + ")");
        }
    }

    @Test
    void signOfZeroAndNaNAsInDouble() {
        assertEquals(Float.floatToIntBits(0.0f), Float.floatToIntBits(Kernels.sign(-0.0f)));
        assertTrue(Float.isNaN(Kernels.sign(Float.NaN)));
        assertTrue(Float.isNaN(Kernels.relu(Float.NaN)));
        assertTrue(Float.isNaN(Kernels.max(Float.NaN, 1f)) && Float.isNaN(Kernels.min(1f, Float.NaN)));
    }

    @Test
    void floatConstantsPackBitForBit() {
        float[] v = new float[41];
        for (int i = 0; i < v.length; i++) v[i] = i * 0.1f - 2;
        v[3] = -0.0f;
        v[4] = Float.intBitsToFloat(0x7fc01234);
        v[5] = Float.MIN_VALUE;
        v[6] = Float.NEGATIVE_INFINITY;
        float[] back = ConstantData.unpackFloats(ConstantData.packFloats(v, 8));
        assertEquals(v.length, back.length);
        for (int i = 0; i < v.length; i++) assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        assertEquals(0, ConstantData.unpackFloats(ConstantData.packFloats(new float[0], 8)).length);
    }
}
