package dev.nnc.cli;

import dev.nnc.api.Options;
import dev.nnc.diag.CompileError;
import dev.nnc.diag.Source;
import dev.nnc.plot.Plots;
import dev.nnc.train.TrainConfig;
import dev.nnc.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Trains several models one after the other and draws one of their reports over epochs side by
 * side: during training (averaged over each epoch's batches) and on a held-out split. This is
 * the UvA assignment's question 2.2 (with and without batch normalization) as one command.
 */
@Command(name = "compare", description = {
        "Train several models and plot a report of theirs side by side.",
        "One curve per model: the training figure (the mean over each epoch's batches) in one PNG and",
        "the held-out split's in another."})
final class CompareCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE.nn", description = "the models to train")
    List<Path> files;

    @Option(names = "--metric", paramLabel = "NAME", description = "the report to plot (default: each model's first report)")
    String metric;

    @Option(names = "--split", paramLabel = "SPLIT", description = "the held-out split (default: ${DEFAULT-VALUE})")
    String split = "valid";

    @Option(names = "--train-plot", paramLabel = "FILE.png", required = true, description = "the training curves")
    Path trainPlot;

    @Option(names = "--valid-plot", paramLabel = "FILE.png", required = true, description = "the held-out curves")
    Path validPlot;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs for every model (default: what each file says)")
    Long epochs;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the initializers (default: ${DEFAULT-VALUE})")
    long seed = dev.nnc.lower.Settings.DEFAULT_SEED;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Plots.Curve> training = new ArrayList<>(), heldOut = new ArrayList<>();
        String shown = metric;
        for (Path file : files) {
            Source source = Load.read(file);
            String name = file.getFileName().toString().replaceFirst("\\.nn$", "");
            out.println("== " + name);
            TrainConfig config = new TrainConfig(epochs, null, null, false, seed, null, null, "p", null, null, null, List.of(split));
            Trainer.Result r;
            try {
                r = new Trainer(source, Options.defaults().withSeed(seed).withCacheDir(ModelOptions.cacheDir()), config, new Progress.Plain(out)).run();
            } catch (CompileError e) {
                throw new Main.UserError(e, source);
            }
            String m = shown != null ? shown : r.plan().reports().isEmpty() ? r.plan().objective() : r.plan().reports().get(0);
            shown = m;
            if (!r.plan().splits().contains(split)) {
                throw new Main.UserError(new CompileError(dev.nnc.diag.Span.NONE, "the model has no split '" + split + "' (use --split)"), source);
            }
            int n = r.epochs().size();
            double[] e = new double[n], t = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) {
                Trainer.Epoch epoch = r.epochs().get(i);
                e[i] = epoch.epoch();
                t[i] = epoch.batchMeans().getOrDefault(m, Double.NaN);
                v[i] = epoch.splits().get(split).getOrDefault(m, Double.NaN);
            }
            training.add(new Plots.Curve("training " + m + " (mean over each epoch's batches)", name, e, t));
            heldOut.add(new Plots.Curve(split + " " + m + " after each epoch", name, e, v));
            out.println(name + ": final training " + m + " " + Format.number(t[n - 1]) + ", " + split + " " + Format.number(v[n - 1]));
            out.flush();
        }
        Plots.curves(trainPlot, "training " + shown, training);
        Plots.curves(validPlot, split + " " + shown, heldOut);
        out.println("wrote " + trainPlot + " and " + validPlot);
        return 0;
    }
}
