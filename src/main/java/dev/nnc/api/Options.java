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
 * @param data       where data-fed inputs come from: which split, how many rows, preloaded splits
 * @param lr         a learning rate replacing the file's (null keeps it)
 * @param dataPaths  split → file read instead of the one the model's data statement names
 * @param training   lowered for training (batchnorm on batch statistics) or evaluation (running averages)
 * @param float32    generated code computes in float (its interface stays double)
 * @param cacheDir   a {@link CompileCache} directory: compiled classes are kept there and reused (null: none)
 * @param maxElements the largest tensor allowed, in elements; a larger one is refused at its declaration
 */
public record Options(Map<String, String> sets, long seed, String of, List<String> wrt, Backend backend, String className,
                      DataChoice data, Double lr, Map<String, String> dataPaths, boolean training, boolean float32,
                      java.nio.file.Path cacheDir, long maxElements) {

    /**
     * @param split   the split that feeds the inputs (null: "train", else the first)
     * @param rows    the batch dim's value (null: the whole split)
     * @param values  whether the inputs get the split's first rows as values
     * @param loaded  splits already loaded (null: load them from the file's data statements)
     * @param hoist   the caller feeds inputs a definition computes from data alone, computed once per
     *                split ({@link dev.nnc.lower.InputHoisting}): what the trainer does
     */
    public record DataChoice(String split, Integer rows, boolean values, Map<String, dev.nnc.data.SplitData> loaded, boolean hoist) {
        public static final DataChoice DEFAULT = new DataChoice(null, null, true, null);

        public DataChoice(String split, Integer rows, boolean values, Map<String, dev.nnc.data.SplitData> loaded) {
            this(split, rows, values, loaded, false);
        }
    }

    public enum Backend { COMPILED, INTERPRETED }

    public Options {
        sets = Map.copyOf(sets);
        wrt = List.copyOf(wrt);
        dataPaths = Map.copyOf(dataPaths);
        if (maxElements <= 0) throw new IllegalArgumentException("the element limit must be positive, got " + maxElements);
    }

    public static Options defaults() {
        return new Options(Map.of(), Settings.DEFAULT_SEED, null, List.of(), Backend.COMPILED, null, DataChoice.DEFAULT, null, Map.of(), true, false,
                null, Settings.DEFAULT_MAX_ELEMENTS);
    }

    public Options withSet(String name, String value) {
        Map<String, String> s = new LinkedHashMap<>(sets);
        s.put(name, value);
        return new Options(s, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements);
    }

    public Options withSeed(long seed) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withOf(String of) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withWrt(List<String> wrt) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withBackend(Backend backend) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withClassName(String className) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withData(DataChoice data) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withLr(Double lr) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withDataPaths(Map<String, String> dataPaths) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withTraining(boolean training) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    public Options withFloat32(boolean float32) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    /** Keep compiled classes in {@code dir} and reuse them (null: no cache); the directory is not part of any key. */
    public Options withCacheDir(java.nio.file.Path dir) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, dir, maxElements); }

    public Options withMaxElements(long maxElements) { return new Options(sets, seed, of, wrt, backend, className, data, lr, dataPaths, training, float32, cacheDir, maxElements); }

    Settings settings() {
        return new Settings(sets, Map.of(), seed, training, maxElements);
    }
}
