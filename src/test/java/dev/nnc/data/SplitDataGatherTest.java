package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch's gather copies the rows {@code order[from..to)} of every input, whether one thread
 * copies it or two share it (from {@link SplitData#SHARED_GATHER} elements on: 83 rows of
 * 784 + 1 values stay below it, 84 reach it).
 */
class SplitDataGatherTest {
    private static final int ROWS = 600;

    private static SplitData data(SplittableRandom r) {
        Map<String, SplitData.BoundInput> inputs = new LinkedHashMap<>();
        double[] x = new double[ROWS * 784], y = new double[ROWS];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble();
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10);
        inputs.put("X", new SplitData.BoundInput("X", new int[] {784}, 784, x));
        inputs.put("y", new SplitData.BoundInput("y", new int[] {}, 1, y));
        return new SplitData("train", ROWS, inputs);
    }

    private static int[] shuffled(SplittableRandom r) {
        int[] order = new int[ROWS];
        for (int i = 0; i < ROWS; i++) order[i] = i;
        for (int i = ROWS - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {1, 2, 50, 83, 84, 200, 517})
    void everyRowOfTheBatchIsCopiedInOrder(int batch) {
        SplittableRandom r = new SplittableRandom(batch);
        SplitData data = data(r);
        int[] order = shuffled(r);
        assertEquals(batch >= 84, data.shares(batch), "two threads from 2^16 elements");
        int from = ROWS - batch;   // the last batch, so that row offsets past 0 are exercised
        Map<String, double[]> doubles = new HashMap<>(Map.of("X", new double[batch * 784], "y", new double[batch]));
        Map<String, float[]> floats = new HashMap<>(Map.of("X", new float[batch * 784], "y", new float[batch]));
        data.gather(order, from, ROWS, doubles);
        data.gatherFloats(order, from, ROWS, floats);
        for (String name : new String[] {"X", "y"}) {
            SplitData.BoundInput in = data.inputs().get(name);
            int n = in.rowSize();
            double[] expected = new double[batch * n];
            float[] expectedFloats = new float[batch * n];
            for (int b = 0; b < batch; b++) {
                for (int e = 0; e < n; e++) {
                    expected[b * n + e] = in.values()[order[from + b] * n + e];
                    expectedFloats[b * n + e] = (float) expected[b * n + e];
                }
            }
            assertArrayEquals(expected, doubles.get(name), 0.0, name);
            assertArrayEquals(expectedFloats, floats.get(name), 0.0f, name);
        }
    }
}
