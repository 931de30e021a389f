package dev.nnc.lower;

import dev.nnc.interp.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the caller binds at compile time: {@code --set NAME=VALUE} for dims and inputs (VALUE is
 * `.nn` expression text), input values given directly (from data), the initializers' seed, and
 * whether the model is lowered for training (batchnorm uses batch statistics) or for evaluation
 * (batchnorm uses its running averages).
 */
public record Settings(Map<String, String> sets, Map<String, Tensor> values, long seed, boolean training) {
    public static final long DEFAULT_SEED = 42;

    public Settings(Map<String, String> sets, Map<String, Tensor> values, long seed) {
        this(sets, values, seed, true);
    }

    public Settings {
        sets = Map.copyOf(new LinkedHashMap<>(sets));
        values = Map.copyOf(values);
    }

    public Settings(Map<String, String> sets, long seed) {
        this(sets, Map.of(), seed);
    }

    public static Settings defaults() {
        return new Settings(Map.of(), Map.of(), DEFAULT_SEED, true);
    }
}
