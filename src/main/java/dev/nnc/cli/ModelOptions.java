package dev.nnc.cli;

import dev.nnc.api.Options;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every command that reads a model shares. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "FILE.nn", description = "the model file")
    Path file;

    @Option(names = "--set", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "bind a dim or an input, e.g. --set H=500 or --set x=[1,2] (repeatable)")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--seed", paramLabel = "N", description = "seed of the random initializers (default: ${DEFAULT-VALUE})")
    long seed = dev.nnc.lower.Settings.DEFAULT_SEED;

    @Option(names = "--json", description = "print one JSON document on stdout instead of the human layout")
    boolean json;

    @Option(names = "--reference", description = "evaluate with the reference interpreter instead of generated code")
    boolean reference;

    @Option(names = "--float32", description = "generated code computes in float32 (default: float64)")
    boolean float32;

    @Option(names = "--no-cache", description = "compile afresh: neither read nor write the compile cache "
            + "($NNC_CACHE_DIR, else $XDG_CACHE_HOME/nnc or ~/.cache/nnc; NNC_CACHE=off disables it too)")
    boolean noCache;

    @Option(names = "--max-elements", paramLabel = "N",
            description = "refuse any tensor with more than N elements, at its declaration (default: 2^28 = ${DEFAULT-VALUE})")
    long maxElements = dev.nnc.lower.Settings.DEFAULT_MAX_ELEMENTS;

    Options options() {
        if (maxElements <= 0) {
            throw new Main.UserError(new dev.nnc.diag.CompileError(dev.nnc.diag.Span.NONE,
                    "--max-elements must be a positive number of elements, got " + maxElements), null);
        }
        Options o = Options.defaults().withSeed(seed).withCacheDir(noCache ? null : cacheDir()).withMaxElements(maxElements);
        if (reference) o = o.withBackend(Options.Backend.INTERPRETED);
        if (float32) o = o.withFloat32(true);
        for (var e : sets.entrySet()) o = o.withSet(e.getKey(), e.getValue());
        return o;
    }

    /** Where compiled classes are kept between runs, from the environment; null when NNC_CACHE=off. */
    static Path cacheDir() {
        return dev.nnc.api.CompileCache.defaultDir(System.getenv());
    }
}
