package dev.nnc.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One split's rows, laid out for the inputs they feed: for each bound input, every row's values
 * in row-major order, so a batch is a contiguous run (or a gather of rows when shuffled).
 * Immutable once built (the arrays are shared, not copied).
 */
public final class SplitData {
    private final String split;
    private final int rows;
    private final Map<String, BoundInput> inputs;
    /** The inputs again as an array: {@link #gather} runs every training step and must not allocate an iterator. */
    private final BoundInput[] bound;
    /** The inputs' values rounded to float, for {@link #gatherFloats}; made when first needed (a race makes equal copies). */
    private volatile float[][] floats;

    /** An input's values for all rows: {@code rows × rowSize} doubles; one row has shape {@code rowShape}. */
    public record BoundInput(String name, int[] rowShape, int rowSize, double[] values) {}

    public SplitData(String split, int rows, Map<String, BoundInput> inputs) {
        this.split = split;
        this.rows = rows;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.bound = inputs.values().toArray(BoundInput[]::new);
    }

    public String split() { return split; }

    public int rows() { return rows; }

    /** Input name → its rows, in the order the data statement binds them. */
    public Map<String, BoundInput> inputs() { return inputs; }

    /**
     * Copies the rows {@code order[from..to)} of every input into {@code target} (by input name);
     * allocates nothing. A batch of at least {@link #SHARED_GATHER} elements is copied by two
     * threads, half of the rows each ({@link dev.nnc.runtime.Parts}): the rows a generated loop's
     * helper half reads next are then in the helper's cache.
     */
    public void gather(int[] order, int from, int to, Map<String, double[]> target) {
        if (shares(to - from)) shared(order, from, to, target, null);
        else copyDoubles(order, from, from, to, target);
    }

    private void copyDoubles(int[] order, int from, int r0, int r1, Map<String, double[]> target) {
        for (BoundInput in : bound) {
            double[] dst = target.get(in.name());
            int n = in.rowSize();
            double[] src = in.values();
            for (int r = r0; r < r1; r++) {
                System.arraycopy(src, order[r] * n, dst, (r - from) * n, n);
            }
        }
    }

    private void copyFloats(int[] order, int from, int r0, int r1, Map<String, float[]> target) {
        float[][] rounded = floats;
        for (int k = 0; k < bound.length; k++) {
            float[] dst = target.get(bound[k].name());
            int n = bound[k].rowSize();
            float[] src = rounded[k];
            for (int r = r0; r < r1; r++) {
                System.arraycopy(src, order[r] * n, dst, (r - from) * n, n);
            }
        }
    }

    /** Elements of a batch (all inputs) from which two threads share its copy. */
    static final long SHARED_GATHER = 1L << 16;

    /** {@code -Dnnc.oneThreadLoops=true} keeps gathers on the calling thread too (for comparisons). */
    private static final boolean ONE_THREAD = Boolean.getBoolean("nnc.oneThreadLoops");

    boolean shares(int batchRows) {
        if (batchRows < 2 || ONE_THREAD) return false;
        long elements = 0;
        for (BoundInput in : bound) elements += (long) batchRows * in.rowSize();
        return elements >= SHARED_GATHER;
    }

    /** One thread's gather in progress, handed to {@link dev.nnc.runtime.Parts.Shared#run}: rows [lo, hi) of the batch. */
    private static final class Gather implements dev.nnc.runtime.Parts {
        private SplitData data;
        private int[] order;
        private int from;
        private Map<String, double[]> doubles;
        private Map<String, float[]> floats;

        void set(SplitData data, int[] order, int from, Map<String, double[]> doubles, Map<String, float[]> floats) {
            this.data = data;
            this.order = order;
            this.from = from;
            this.doubles = doubles;
            this.floats = floats;
        }

        @Override
        public void part(int k, int lo, int hi) {
            if (doubles != null) data.copyDoubles(order, from, from + lo, from + hi, doubles);
            else data.copyFloats(order, from, from + lo, from + hi, floats);
        }
    }

    /** Each calling thread's gather (a helper thread runs the other half of it while the caller waits). */
    private static final ThreadLocal<Gather> GATHERS = ThreadLocal.withInitial(Gather::new);

    /** Rows {@code order[from..to)} into the double or the float inputs, half of them on the helper thread. */
    private void shared(int[] order, int from, int to, Map<String, double[]> doubles, Map<String, float[]> floats) {
        Gather g = GATHERS.get();
        g.set(this, order, from, doubles, floats);
        try {
            dev.nnc.runtime.Parts.Shared.run(g, 0, to - from);
        } finally {
            g.set(null, null, 0, null, null);   // no batch arrays kept reachable between steps
        }
    }

    /**
     * {@link #gather} into the float inputs of a float32 class, from a copy of every input rounded
     * to float once, on the first call (half the bytes to read per batch: W5's 200 rows take 50
     * instead of 90 µs, the same floats as rounding each batch).
     */
    public void gatherFloats(int[] order, int from, int to, Map<String, float[]> target) {
        if (floats == null) floats = roundedToFloat();
        if (shares(to - from)) shared(order, from, to, null, target);
        else copyFloats(order, from, from, to, target);
    }

    private float[][] roundedToFloat() {
        float[][] out = new float[bound.length][];
        for (int k = 0; k < bound.length; k++) {
            double[] v = bound[k].values();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            out[k] = f;
        }
        return out;
    }

    @Override
    public String toString() {
        return "SplitData[" + split + ", " + rows + " rows, inputs " + inputs.keySet() + "]";
    }
}
