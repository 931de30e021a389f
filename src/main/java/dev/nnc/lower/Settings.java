package dev.nnc.lower;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the caller binds at compile time: {@code --set NAME=VALUE} for dims and inputs (VALUE is
 * `.nn` expression text), and the seed of the random initializers.
 */
public record Settings(Map<String, String> sets, long seed) {
    public static final long DEFAULT_SEED = 42;

    public Settings {
        sets = Map.copyOf(new LinkedHashMap<>(sets));
    }

    public static Settings defaults() {
        return new Settings(Map.of(), DEFAULT_SEED);
    }
}
