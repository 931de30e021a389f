package dev.nnc.train;

import dev.nnc.api.CompiledModel;
import dev.nnc.codegen.Plan;
import dev.nnc.ir.Node;
import dev.nnc.runtime.GeneratedModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One compiled instance of the model for a fixed batch size. Variants of one training run share
 * nothing; {@link #takeStateFrom} moves params and optimizer state between them.
 */
final class Variant {
    final CompiledModel model;
    final GeneratedModel runtime;
    final int rows;
    final Map<String, double[]> inputArrays = new HashMap<>();
    /** A float32 class's own arrays (null in a float64 class): loops that skip its mirrors write these. */
    final dev.nnc.runtime.Float32Model floats;
    final Map<String, float[]> floatInputArrays = new HashMap<>();
    private final int objective;
    private final Map<String, Integer> valueIndex = new HashMap<>();

    Variant(CompiledModel model, int rows) {
        this.model = model;
        this.runtime = model.runtime();
        this.rows = rows;
        Plan plan = model.compilation().plan();
        List<Node> inputs = plan.inputs();
        for (int i = 0; i < inputs.size(); i++) inputArrays.put(inputs.get(i).leafName(), runtime.inputs()[i]);
        this.floats = runtime instanceof dev.nnc.runtime.Float32Model f ? f : null;
        if (floats != null) {
            for (int i = 0; i < inputs.size(); i++) floatInputArrays.put(inputs.get(i).leafName(), floats.floatInputs()[i]);
        }
        for (int i = 0; i < plan.values().size(); i++) valueIndex.putIfAbsent(plan.values().get(i).name(), i);
        this.objective = model.objective() == null ? -1 : valueIndex.get(model.objective());
    }

    double objectiveValue() {
        return runtime.values()[objective][0];
    }

    double value(String name) {
        return runtime.values()[valueIndex.get(name)][0];
    }

    double[] valueArray(String name) {
        return runtime.values()[valueIndex.get(name)];
    }

    /** Copies params, optimizer buffers and the update count from another variant of the same model. */
    void takeStateFrom(Variant other) {
        if (other == this) return;
        copy(other.runtime.params(), runtime.params());
        copy(other.runtime.optimizerState(), runtime.optimizerState());
        if (model.hasUpdate()) runtime.updates(other.runtime.updates());
    }

    void takeParamsFrom(Variant other) {
        if (other != this) copy(other.runtime.params(), runtime.params());
    }

    static double[][] copyOf(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }

    static void copy(double[][] from, double[][] to) {
        for (int i = 0; i < from.length; i++) System.arraycopy(from[i], 0, to[i], 0, from[i].length);
    }
}
