package dev.nnc.lower;

import dev.nnc.interp.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the caller binds at compile time: {@code --set NAME=VALUE} for dims and inputs (VALUE is
 * `.nn` expression text), input values given directly (from data), the initializers' seed, and
 * whether the model is lowered for training (batchnorm uses batch statistics) or for evaluation
 * (batchnorm uses its running averages), and the largest tensor allowed (in elements).
 */
public record Settings(Map<String, String> sets, Map<String, Tensor> values, long seed, boolean training, long maxElements) {
    public static final long DEFAULT_SEED = 42;

    /** Tensors with more elements than this are refused at their declaration, unless the caller sets another limit. */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 28;

    public Settings(Map<String, String> sets, Map<String, Tensor> values, long seed, boolean training) {
        this(sets, values, seed, training, DEFAULT_MAX_ELEMENTS);
    }

    public Settings(Map<String, String> sets, Map<String, Tensor> values, long seed) {
        this(sets, values, seed, true);
    }

    public Settings {
        sets = Map.copyOf(new LinkedHashMap<>(sets));
        values = Map.copyOf(values);
        if (maxElements <= 0) throw new IllegalArgumentException("the element limit must be positive, got " + maxElements);
    }

    public Settings(Map<String, String> sets, long seed) {
        this(sets, Map.of(), seed);
    }

    public static Settings defaults() {
        return new Settings(Map.of(), Map.of(), DEFAULT_SEED, true);
    }
}
