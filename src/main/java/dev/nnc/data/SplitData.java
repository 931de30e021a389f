package dev.nnc.data;

import java.util.Map;

/**
 * One split's rows, laid out for the inputs they feed: for each bound input, every row's values
 * in row-major order, so a batch is a contiguous run (or a gather of rows when shuffled).
 */
public record SplitData(String split, int rows, Map<String, BoundInput> inputs) {

    /** An input's values for all rows: {@code rows × rowSize} doubles; one row has shape {@code rowShape}. */
    public record BoundInput(String name, int[] rowShape, int rowSize, double[] values) {}

    /** Copies the rows {@code order[from..to)} of every input into {@code target} (by input name). */
    public void gather(int[] order, int from, int to, Map<String, double[]> target) {
        for (BoundInput in : inputs.values()) {
            double[] dst = target.get(in.name());
            int n = in.rowSize();
            for (int r = from; r < to; r++) {
                System.arraycopy(in.values(), order[r] * n, dst, (r - from) * n, n);
            }
        }
    }
}
