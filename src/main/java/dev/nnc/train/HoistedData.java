package dev.nnc.train;

import dev.nnc.data.SplitData;
import dev.nnc.lower.InputHoisting.Hoisted;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The splits as a model compiled with hoisting reads them: each hoisted definition's rows
 * computed once, in place of the input it reads ({@link dev.nnc.lower.InputHoisting}).
 */
final class HoistedData {
    private HoistedData() {}

    static Map<String, SplitData> of(Map<String, SplitData> splits, List<Hoisted> hoisted, boolean float32) {
        if (hoisted.isEmpty()) return splits;
        Map<String, SplitData> out = new LinkedHashMap<>();
        splits.forEach((name, s) -> out.put(name, of(s, hoisted, float32)));
        return out;
    }

    static SplitData of(SplitData split, List<Hoisted> hoisted, boolean float32) {
        if (split == null || hoisted.isEmpty()) return split;
        Map<String, SplitData.BoundInput> inputs = new LinkedHashMap<>();
        for (SplitData.BoundInput in : split.inputs().values()) {
            Hoisted h = hoisted.stream().filter(x -> x.input().equals(in.name())).findFirst().orElse(null);
            if (h == null) inputs.put(in.name(), in);
            else inputs.put(h.name(), new SplitData.BoundInput(h.name(), in.rowShape(), in.rowSize(), h.apply(in.values(), float32)));
        }
        return new SplitData(split.split(), split.rows(), inputs);
    }
}
