package dev.nnc.train;

import dev.nnc.data.SplitData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the objective and reports on a whole split after an epoch. A large split is run in
 * chunks (a model for every row of Fashion-MNIST at once would not fit in memory) and the
 * chunks' figures are averaged weighted by their rows: exact for figures that are means over
 * the batch dim (mean, cross_entropy), which reports and objectives on data usually are.
 */
final class Evaluator {
    /** Splits up to this many rows are evaluated in one piece. */
    static final int CHUNK = 2000;

    private final SplitData split;
    private final Variant chunk, rest;
    private final int chunkRows;
    private final int[] order;

    Evaluator(Trainer trainer, SplitData split, Map<String, SplitData> splits, boolean training, Variant reuse) {
        this.split = split;
        int rows = split.rows();
        this.chunkRows = chunkRows(rows);
        this.chunk = reuse != null && reuse.rows == chunkRows ? reuse
                : new Variant(trainer.compile(split, chunkRows, false, splits, training), chunkRows);
        int remainder = rows % chunkRows;
        this.rest = remainder == 0 ? null : new Variant(trainer.compile(split, remainder, false, splits, training), remainder);
        this.order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
    }

    /** For a model without data: the variant itself, on the values its inputs declare. */
    Evaluator(Variant whole) {
        this.split = null;
        this.chunk = whole;
        this.rest = null;
        this.chunkRows = 1;
        this.order = null;
    }

    Map<String, Double> evaluate(Variant holder, RunningStats running, String objective, List<String> reports) {
        double[] sums = new double[reports.size() + 1];
        int rows = split == null ? 1 : split.rows();
        for (int from = 0; from < rows; from += chunkRows) {
            int to = Math.min(rows, from + chunkRows);
            Variant v = to - from == chunkRows ? chunk : rest;
            v.takeParamsFrom(holder);
            running.copyInto(v);
            if (split != null) split.gather(order, from, to, v.inputArrays);
            v.runtime.forward();
            double weight = (double) (to - from) / rows;
            sums[0] += weight * v.objectiveValue();
            for (int k = 0; k < reports.size(); k++) sums[k + 1] += weight * v.value(reports.get(k));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(objective, sums[0]);
        for (int k = 0; k < reports.size(); k++) out.put(reports.get(k), sums[k + 1]);
        return out;
    }

    /** The whole split when small; else the largest divisor of its rows up to CHUNK, or CHUNK and a remainder. */
    static int chunkRows(int rows) {
        if (rows <= CHUNK) return rows;
        for (int d = CHUNK; d >= CHUNK / 4; d--) if (rows % d == 0) return d;
        return CHUNK;
    }
}
