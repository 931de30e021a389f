package dev.nnc.api;

import dev.nnc.lower.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to compile a model. Immutable; each {@code with…} returns a changed copy.
 *
 * @param sets       `--set NAME=VALUE`: dims and input values, VALUE in `.nn` syntax
 * @param seed       seed of the random initializers
 * @param of         the scalar to differentiate; null means the file's objective
 * @param wrt        what to differentiate with respect to; empty means every param
 * @param backend    generated code (the product) or the reference interpreter (the oracle)
 * @param className  the generated class's name; null derives it from the file name
 */
public record Options(Map<String, String> sets, long seed, String of, List<String> wrt, Backend backend, String className) {

    public enum Backend { COMPILED, INTERPRETED }

    public Options {
        sets = Map.copyOf(sets);
        wrt = List.copyOf(wrt);
    }

    public static Options defaults() {
        return new Options(Map.of(), Settings.DEFAULT_SEED, null, List.of(), Backend.COMPILED, null);
    }

    public Options withSet(String name, String value) {
        Map<String, String> s = new LinkedHashMap<>(sets);
        s.put(name, value);
        return new Options(s, seed, of, wrt, backend, className);
    }

    public Options withSeed(long seed) { return new Options(sets, seed, of, wrt, backend, className); }

    public Options withOf(String of) { return new Options(sets, seed, of, wrt, backend, className); }

    public Options withWrt(List<String> wrt) { return new Options(sets, seed, of, wrt, backend, className); }

    public Options withBackend(Backend backend) { return new Options(sets, seed, of, wrt, backend, className); }

    public Options withClassName(String className) { return new Options(sets, seed, of, wrt, backend, className); }

    Settings settings() {
        return new Settings(sets, seed);
    }
}
